using System.Globalization;

namespace BandcampPS.Benchmarks;

/// <summary>
/// The command line: --sales N [--seed N] [--baseline-rows N] [--csv-mb N] [--module path/to/BandcampPS.psd1] [--keep]
/// [--backfill-delay-ms N] [--backfill-rate-limit N].
/// </summary>
internal sealed record BenchOptions
{
    public int Sales { get; init; } = 100_000;
    public int Seed { get; init; } = 42;

    /// <summary>The row-by-row baseline is ~100x slower: it runs on at most this many rows and its rate is extrapolated.</summary>
    public int BaselineRows { get; init; } = 20_000;

    /// <summary>Size of the CSV export the CSV phase reads (and reads again with one unclosed quote), in megabytes.</summary>
    public int CsvMegabytes { get; init; } = 100;

    /// <summary>An explicit module manifest; default out/BandcampPS/BandcampPS.psd1 of this repository.</summary>
    public string? Module { get; init; }

    /// <summary>The answer delay of the fake API in the backfill phase (Bandcamp takes about a second).</summary>
    public int BackfillDelayMs { get; init; } = 300;

    /// <summary>The per-second request limit of the fake API in the backfill's 429 storm.</summary>
    public int BackfillRateLimit { get; init; } = 5;

    /// <summary>Keep the SQLite files of the run (they are deleted by default: 1M rows is ~700 MB).</summary>
    public bool Keep { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--sales" => options with { Sales = PositiveInt(args, ++i) },
                "--seed" => options with { Seed = PositiveInt(args, ++i) },
                "--baseline-rows" => options with { BaselineRows = PositiveInt(args, ++i) },
                "--csv-mb" => options with { CsvMegabytes = PositiveInt(args, ++i) },
                "--module" => options with { Module = Value(args, ++i) },
                "--keep" => options with { Keep = true },
                "--backfill-delay-ms" => options with { BackfillDelayMs = PositiveInt(args, ++i) },
                "--backfill-rate-limit" => options with { BackfillRateLimit = PositiveInt(args, ++i) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --sales N  --seed N  --baseline-rows N  --csv-mb N  --module <BandcampPS.psd1>  --keep  --backfill-delay-ms N  --backfill-rate-limit N"),
            };
        }
        return options;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int PositiveInt(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number, not '{args[i]}'.");
}
