namespace BandcampPS.Engine.Storage;

/// <summary>A validated row as it will be written (buyer details removed unless included) and its content hash.</summary>
internal readonly record struct PreparedRow(RevenueEvent Row, UInt128 ContentHash)
{
    public (Sales.BandcampSaleSource, string) Key => (Row.Source, Row.SaleKey);

    /// <summary>Validates the whole batch before anything is written, so a bad row leaves the database untouched.</summary>
    public static PreparedRow[] PrepareBatch(IReadOnlyList<RevenueEvent> rows, bool includeBuyerDetails, ContentHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var prepared = new PreparedRow[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (!includeBuyerDetails)
                row = RevenueColumns.WithoutBuyerDetails(row);
            StoredValues.Validate(row, i);
            prepared[i] = new PreparedRow(row, hasher.Hash(row));
        }
        return prepared;
    }
}

/// <summary>What the database holds for a key: enough to classify a row and to tell whether a clear covers it.</summary>
internal readonly record struct StoredRow(UInt128 ContentHash, long BandId, DateTime SaleDate);
