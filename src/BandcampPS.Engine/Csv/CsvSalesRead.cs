using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// One CSV export file read as Get-BandcampSale -Path reads it: every line keyed in file order by the store's
/// <see cref="SaleKeyer"/>, then kept if it falls in [start, end) and matches the filter. When the caller named the
/// band and both dates, the read is an account like an API read (<see cref="SalesReadScope"/>, one span for the
/// range): -ClearExisting may then replace that band's stored CSV rows of the range, if the whole file was read
/// without a bad line. Without them the file says too little (its band, its range) and the sales carry no span.
/// </summary>
public static class CsvSalesRead
{
    public static IEnumerable<CsvReadResult> Read(BandcampCsvReader reader, string file, long bandId, SaleFilter filter,
        DateTime startUtc, DateTime endUtc, bool scoped)
    {
        var span = scoped ? new SalesReadScope(BandcampSaleSource.Csv, bandId, null, filter, [(startUtc, endUtc)]).Spans[0] : null;
        var keyer = new SaleKeyer();
        foreach (var row in reader.Read(file))
        {
            if (row.Sale is not { } sale)
            {
                span?.CountRowError();
                yield return row;
                continue;
            }
            sale.SaleKey = keyer.KeyOf(sale);
            if (sale.SaleDate < startUtc || sale.SaleDate >= endUtc || !filter.Matches(sale)) continue;
            if (span is not null)
            {
                sale.ReadSpan = span;
                span.CountEmitted();
            }
            yield return row;
        }
        span?.Complete();
    }
}
