using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.UpperLayer;
using SharpFuzz;

namespace PacsViewer.Fuzz;

/// <summary>
/// SharpFuzz targets: the Part 10 reader (default) and the upper layer PDU reader (<c>--pdu</c>). Any exception
/// other than <see cref="DicomFormatException"/> (files) or <see cref="PduFormatException"/> (PDUs) escapes and
/// is reported by the fuzzer as a crash; a hang or stack overflow is caught by the fuzzer itself.
/// Usage: <c>PacsViewer.Fuzz [--pdu]</c> (AFL++, out of process) or <c>PacsViewer.Fuzz [--pdu] --libfuzzer</c>; see README.md.
/// </summary>
public static class Program
{
    /// <summary>Kept small so that a mutated length or nesting shows up as a failure, not as slowness.</summary>
    private static readonly DicomReaderOptions Options = new()
    {
        MaxInflatedBytes = 16 * 1024 * 1024,
    };

    /// <summary>Small limits, so that a mutated length shows up as a rejection rather than as slowness.</summary>
    private static readonly PduLimits PduLimits = new() { MaxDataPduLength = 64 * 1024, MaxAssociatePduLength = 64 * 1024 };

    public static void Main(string[] args)
    {
        Action<Stream> target = args.Contains("--pdu") ? ReadPdus : ReadOne;
        if (args.Contains("--libfuzzer"))
        {
            Fuzzer.LibFuzzer.Run(span => target(new MemoryStream(span.ToArray(), writable: false)));
        }
        else
        {
            Fuzzer.OutOfProcess.Run(target);
        }
    }

    /// <summary>
    /// The input as a sequence of PDUs, each header checked and each body parsed as <see cref="PduReader"/> does
    /// (PS3.8 9.3); a body shorter than its header declares ends the input.
    /// </summary>
    private static void ReadPdus(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            while (bytes.Length >= PduReader.HeaderLength)
            {
                var type = PduReader.CheckHeader(bytes, PduLimits, out var length);
                if (bytes.Length - PduReader.HeaderLength < length)
                {
                    return;
                }
                _ = PduReader.Parse(type, bytes.Slice(PduReader.HeaderLength, (int)length));
                bytes = bytes[(PduReader.HeaderLength + (int)length)..];
            }
        }
        catch (PduFormatException)
        {
            // Expected for malformed input.
        }
    }

    private static void ReadOne(Stream stream)
    {
        try
        {
            var file = DicomFile.Read(stream, Options);
            Touch(file.FileMetaInformation);
            Touch(file.Dataset);
        }
        catch (DicomFormatException)
        {
            // Expected for malformed input.
        }
    }

    /// <summary>Decodes every value so that the typed accessors are fuzzed too.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        Touch(item);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    _ = fragments.BasicOffsetTable;
                    break;
                default:
                    _ = dataset.GetStrings(element.Tag);
                    _ = dataset.GetNumbers(element.Tag);
                    break;
            }
        }
    }
}
