using System.Runtime.ExceptionServices;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// A validated row as it will be written (buyer details removed unless included), its column values
/// (indexed by <see cref="RevenueColumn"/>) and its content hash.
/// </summary>
internal readonly record struct PreparedRow(RevenueEvent Row, object?[] Values, UInt128 ContentHash)
{
    // Below this a batch is not worth the thread hand-offs.
    private const int ParallelThreshold = 2048;

    public (BandcampSaleSource, string) Key => (Row.Source, Row.SaleKey);

    /// <summary>
    /// Validates and hashes the whole batch before anything is written, so a bad row leaves the database
    /// untouched. Big batches use every core: this is a third of a SQLite insert's cost and independent per
    /// row. Throws the error of the lowest bad row, whichever core found it first.
    /// </summary>
    public static PreparedRow[] PrepareBatch(IReadOnlyList<RevenueEvent> rows, bool includeBuyerDetails)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var prepared = new PreparedRow[rows.Count];
        if (rows.Count < ParallelThreshold)
        {
            var hasher = new ContentHasher();
            for (var i = 0; i < rows.Count; i++)
                prepared[i] = Prepare(rows[i], i, includeBuyerDetails, hasher);
            return prepared;
        }

        var failures = new Exception?[rows.Count];
        Parallel.For(0, rows.Count, () => new ContentHasher(), (i, _, hasher) =>
        {
            try
            {
                prepared[i] = Prepare(rows[i], i, includeBuyerDetails, hasher);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
            return hasher;
        }, _ => { });
        if (Array.Find(failures, e => e is not null) is { } first)
            ExceptionDispatchInfo.Throw(first);
        return prepared;
    }

    private static PreparedRow Prepare(RevenueEvent? row, int index, bool includeBuyerDetails, ContentHasher hasher)
    {
        if (row is null)
            throw new ArgumentException($"Row {index} is null.", "rows");
        if (!includeBuyerDetails)
            row = RevenueColumns.WithoutBuyerDetails(row);
        var values = RevenueColumns.Values(row);
        StoredValues.Validate(row, values, index);
        return new PreparedRow(row, values, hasher.Hash(values));
    }
}

/// <summary>What the database holds for a key: enough to classify a row and to keep or refresh its conversion.</summary>
internal readonly record struct StoredRow(UInt128 ContentHash, StoredConversion? Conversion);

/// <summary>A stored row's conversion: its currency, the audit rate and the ECB day.</summary>
internal readonly record struct StoredConversion(string ReportingCurrency, decimal ExchangeRate, DateOnly ExchangeRateDate)
{
    public static StoredConversion? Of(RevenueEvent row) =>
        row is { ReportingCurrency: { } currency, ExchangeRate: { } rate, ExchangeRateDate: { } date } ? new(currency, rate, date) : null;

    /// <summary>
    /// <paramref name="row"/> converted again at this stored rate: for a row whose amounts changed at Bandcamp in a
    /// run without -Currency, so the stored conversion stays consistent with the amounts instead of being dropped.
    /// </summary>
    public RevenueEvent Apply(RevenueEvent row)
    {
        var (rate, decimals) = (ExchangeRate, Currency.CurrencyMinorUnits.Get(ReportingCurrency));
        return row.WithConversion(ReportingCurrency, rate, ExchangeRateDate, amount => Math.Round(amount * rate, decimals, MidpointRounding.AwayFromZero));
    }
}
