using System.Diagnostics;
using BandcampPS.Engine.Csv;
using Xunit.Abstractions;

namespace BandcampPS.Engine.Tests.Csv;

/// <summary>Reports reading speed for the record; never asserts it, since CI machines vary too much.</summary>
public class CsvThroughputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Reading_speed_is_reported(int rows)
    {
        var bytes = BandcampCsvExportWriter.Export(new CsvSaleGenerator().Sales(rows));
        var reader = new BandcampCsvReader();
        CsvTestFiles.Read(bytes[..4096], reader); // warm up the JIT on a slice, not the timed file

        var clock = Stopwatch.StartNew();
        var sales = 0;
        foreach (var result in reader.Read(new MemoryStream(bytes), "speed.csv"))
        {
            sales += result.IsSale ? 1 : 0;
        }

        clock.Stop();
        Assert.Equal(rows, sales);
        output.WriteLine(
            $"{rows:N0} rows ({bytes.Length / 1024.0 / 1024.0:N1} MiB UTF-16LE) in {clock.Elapsed.TotalMilliseconds:N0} ms: " +
            $"{rows / clock.Elapsed.TotalSeconds:N0} rows/s");
    }
}
