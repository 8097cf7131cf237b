namespace PacsViewer.Web.Endpoints;

/// <summary>A request parameter is missing or malformed; answered with 400 and a message naming the parameter.</summary>
public sealed class ApiParameterException(string parameter, string message) : Exception($"{parameter}: {message}")
{
    public string Parameter { get; } = parameter;
}
