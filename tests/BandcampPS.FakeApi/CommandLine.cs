using System.Globalization;

namespace BandcampPS.FakeApi;

/// <summary>"--name value" and "--flag" arguments of the stand-alone runner.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public static CommandLine Parse(string[] args)
    {
        var cli = new CommandLine();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument: {args[i]}");
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            cli._values[args[i]] = hasValue ? args[++i] : null;
        }
        return cli;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    /// <summary>A UTC date, yyyy-MM-dd.</summary>
    public DateTime Date(string name, DateTime fallback) =>
        !_values.TryGetValue(name, out var v) || v is null ? fallback
        : DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d
        : throw new ArgumentException($"{name} needs a date as yyyy-MM-dd, not '{v}'.");

    public int Int(string name, int fallback) =>
        !_values.TryGetValue(name, out var v) || v is null ? fallback
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"{name} needs a whole number, not '{v}'.");
}
