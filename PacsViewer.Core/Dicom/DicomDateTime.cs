using System.Globalization;

namespace PacsViewer.Core.Dicom;

/// <summary>Parsing of DA, TM and DT values (PS3.5 Table 6.2-1).</summary>
public static class DicomDateTime
{
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        if (s.Length == 10 && s[4] == '.' && s[7] == '.')
        {
            s = string.Concat(s.AsSpan(0, 4), s.AsSpan(5, 2), s.AsSpan(8, 2)); // ACR-NEMA YYYY.MM.DD
        }
        return s.Length == 8 && DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>TM: HH[MM[SS[.F{1-6}]]]; also the ACR-NEMA form HH:MM:SS.</summary>
    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim().Replace(":", "", StringComparison.Ordinal);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var main = dot >= 0 ? s[..dot] : s;
        var fraction = dot >= 0 ? s[(dot + 1)..] : "";
        if (main.Length is not (2 or 4 or 6) || fraction.Length > 6 || !main.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            return false;
        }
        var h = int.Parse(main.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var m = main.Length >= 4 ? int.Parse(main.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        var sec = main.Length >= 6 ? int.Parse(main.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        if (sec == 60)
        {
            sec = 59; // leap second (PS3.5 allows 60)
        }
        var micro = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(6, '0'), CultureInfo.InvariantCulture);
        if (h > 23 || m > 59 || sec > 59)
        {
            return false;
        }
        time = new TimeOnly(h, m, sec).Add(TimeSpan.FromTicks(micro * 10L));
        return true;
    }

    /// <summary>DT: YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX].</summary>
    public static bool TryParseDateTime(string? text, TimeSpan defaultOffset, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        var offset = defaultOffset;
        var signAt = s.IndexOfAny(['+', '-'], 4);
        if (signAt > 0)
        {
            var z = s[(signAt + 1)..];
            if (z.Length != 4 || !z.All(char.IsAsciiDigit))
            {
                return false;
            }
            offset = new TimeSpan(int.Parse(z.AsSpan(0, 2), CultureInfo.InvariantCulture), int.Parse(z.AsSpan(2, 2), CultureInfo.InvariantCulture), 0);
            if (s[signAt] == '-')
            {
                offset = -offset;
            }
            s = s[..signAt];
        }
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var main = dot >= 0 ? s[..dot] : s;
        if (main.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !main.All(char.IsAsciiDigit))
        {
            return false;
        }
        int Part(int at, int fallback) => main.Length > at ? int.Parse(main.AsSpan(at, 2), CultureInfo.InvariantCulture) : fallback;
        var year = int.Parse(main.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = Part(4, 1);
        var day = Part(6, 1);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        var timeText = main.Length > 8 ? main[8..].PadRight(6, '0') + (dot >= 0 ? s[dot..] : "") : "000000";
        if (!TryParseTime(timeText, out var time))
        {
            return false;
        }
        value = new DateTimeOffset(new DateOnly(year, month, day).ToDateTime(time), offset);
        return true;
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeOnly time) => time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
}
