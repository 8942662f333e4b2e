namespace BandcampPS.FakeApi.Tests;

/// <summary>
/// A report of 100,000+ rows is streamed: first rows arrive early, memory stays flat. How fast is the benchmark's
/// business (its "fake API alone" phase); this test only asserts what streaming means. It measures the process's
/// heap, so it runs alone: tests running beside it allocated enough to fail it now and then.
/// </summary>
[Collection(nameof(MeasuresProcessMemory))]
public sealed class StreamingTests
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

        using var response = await client.PostApiAsync(Routes.SalesReport, access,
            FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01"), HttpCompletionOption.ResponseHeadersRead);
        var reader = new JsonRowReader(await response.Content.ReadAsStreamAsync());
        long writtenWhenFirstRowArrived = -1, peakHeap = 0, nextMemoryCheck = 20_000;

        while (await reader.ReadChunkAsync())
        {
            // A server that built the body before sending it would have counted every row by now.
            if (writtenWhenFirstRowArrived < 0 && reader.Rows > 0) writtenWhenFirstRowArrived = server.Stats.SalesReportRowsWritten;
            if (reader.Rows >= nextMemoryCheck)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                nextMemoryCheck += 20_000;
            }
        }

        Assert.Equal(expected, reader.Rows);
        // Streaming: the server is far from done when the client sees the first row...
        Assert.InRange(writtenWhenFirstRowArrived, 0, expected / 4);
        // ...and the live heap stays a small fraction of the body (all rows would be hundreds of MB as objects).
        Assert.True(peakHeap < reader.Bytes / 4, $"live heap grew by {peakHeap:N0} bytes for a {reader.Bytes:N0}-byte body");
        Assert.True(peakHeap < 48_000_000, $"live heap grew by {peakHeap:N0} bytes");
    }
}

/// <summary>Tests that measure the whole process's memory: xUnit runs this collection after the others, alone.</summary>
[CollectionDefinition(nameof(MeasuresProcessMemory), DisableParallelization = true)]
public sealed class MeasuresProcessMemory;
