using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Reads a sales report body as a stream: bytes are parsed as they arrive and sales are yielded row by row,
/// so the first sale of a large report is available long before the last byte is received.
/// </summary>
public static class SalesReportReader
{
    private const int InitialBufferSize = 64 * 1024;

    public static async IAsyncEnumerable<SaleParseResult> ReadAsync(
        Stream body, long bandId, long? memberBandId, string description,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parser = new SalesReportParser(bandId, memberBandId, description);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var results = new List<SaleParseResult>(256);
        var filled = 0;
        var endOfStream = false;
        try
        {
            while (!parser.IsDone)
            {
                if (!endOfStream)
                {
                    if (filled == buffer.Length) buffer = Grow(buffer, filled);
                    var read = await ReadBodyAsync(body, buffer.AsMemory(filled), description, cancellationToken).ConfigureAwait(false);
                    if (read == 0) endOfStream = true;
                    filled += read;
                }

                int consumed;
                try
                {
                    consumed = parser.Parse(buffer.AsSpan(0, filled), endOfStream, results);
                }
                catch (JsonException ex)
                {
                    throw endOfStream
                        ? new BandcampTransportException($"The answer to {description} was cut off (it ends inside the JSON).", description, ex)
                        : new BandcampTransportException($"The answer to {description} is not valid JSON: {ex.Message}", description, ex);
                }

                foreach (var result in results) yield return result;
                results.Clear();

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (endOfStream && !parser.IsDone)
                    throw new BandcampTransportException($"The answer to {description} was cut off (it ends inside the JSON).", description);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<int> ReadBodyAsync(Stream body, Memory<byte> into, string description, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new BandcampTransportException($"The answer to {description} was cut off: {ex.Message}", description, ex);
        }
    }

    /// <summary>One line item larger than the buffer: double it, keeping what is there.</summary>
    private static byte[] Grow(byte[] buffer, int filled)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
