using System.Diagnostics;
using Xunit.Abstractions;

namespace BandcampPS.FakeApi.Tests;

/// <summary>A report of 100,000+ rows is streamed: first rows arrive early, memory stays flat.</summary>
public sealed class StreamingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_hundred_thousand_row_report_streams_without_the_server_holding_the_rows()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { SaleCount = 145_000 });
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var expected = server.Sales.CountInRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue);
        Assert.True(expected >= 100_000, $"only {expected} label rows");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        var watch = Stopwatch.StartNew();
        using var response = await client.PostApiAsync(Routes.SalesReport, access,
            FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01"), HttpCompletionOption.ResponseHeadersRead);
        var reader = new JsonRowReader(await response.Content.ReadAsStreamAsync());
        var firstRowAt = TimeSpan.Zero;
        long writtenWhenFirstRowArrived = -1, peakHeap = 0, nextMemoryCheck = 20_000;

        while (await reader.ReadChunkAsync())
        {
            if (writtenWhenFirstRowArrived < 0 && reader.Rows > 0)
            {
                firstRowAt = watch.Elapsed;
                await Task.Delay(200); // let the server run ahead as far as backpressure allows
                writtenWhenFirstRowArrived = server.Stats.SalesReportRowsWritten;
            }
            if (reader.Rows >= nextMemoryCheck)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                nextMemoryCheck += 20_000;
            }
        }
        watch.Stop();

        Assert.Equal(expected, reader.Rows);
        var seconds = (watch.Elapsed - TimeSpan.FromMilliseconds(200)).TotalSeconds;
        output.WriteLine($"{reader.Rows:N0} rows, {reader.Bytes / 1e6:N1} MB in {seconds:N2} s = {reader.Rows / seconds:N0} rows/s " +
            $"({reader.Bytes / 1e6 / seconds:N1} MB/s); first row after {firstRowAt.TotalMilliseconds:N0} ms, when the server " +
            $"had flushed {writtenWhenFirstRowArrived:N0} rows; peak live heap above baseline {peakHeap / 1e6:N1} MB.");

        // Streaming: the server is far from done when the client sees the first row...
        Assert.InRange(writtenWhenFirstRowArrived, 0, expected / 4);
        // ...and the live heap stays a small fraction of the body (all rows would be hundreds of MB as objects).
        Assert.True(peakHeap < reader.Bytes / 4, $"live heap grew by {peakHeap:N0} bytes for a {reader.Bytes:N0}-byte body");
        Assert.True(peakHeap < 48_000_000, $"live heap grew by {peakHeap:N0} bytes");
    }
}
