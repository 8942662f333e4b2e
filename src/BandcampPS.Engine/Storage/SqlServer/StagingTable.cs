using System.Data;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// A batch in SqlBulkCopy's most travelled input, a DataTable, with the columns of
/// <see cref="SqlServerStatements.CreateStaging"/>. Reused across batches of one import.
/// </summary>
internal sealed class StagingTable
{
    public DataTable Table { get; } = new();

    public StagingTable()
    {
        Table.Columns.Add("RowIndex", typeof(int));
        foreach (var column in RevenueColumns.All)
            Table.Columns.Add(RevenueColumns.Name(column), ClrType(RevenueColumns.Kind(column)));
        Table.Columns.Add("ContentHash", typeof(byte[]));
    }

    public void Fill(IReadOnlyList<PreparedRow> rows, IEnumerable<int> indexes, DateTime importedAt)
    {
        Table.Clear();
        var values = new object[Table.Columns.Count];
        foreach (var index in indexes)
        {
            var row = rows[index];
            values[0] = index;
            foreach (var column in RevenueColumns.All)
                values[(int)column + 1] = ToDb(row.Values[(int)column]);
            values[(int)RevenueColumn.ImportedAt + 1] = ToDb(importedAt); // whole seconds: datetime2(0) would round up
            values[^1] = ContentHasher.ToBytes(row.ContentHash);
            Table.Rows.Add(values);
        }
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime time => StoredValues.ToStoredTime(time),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        BandcampSaleSource source => StoredValues.SourceName(source),
        _ => value,
    };

    private static Type ClrType(ColumnKind kind) => kind switch
    {
        ColumnKind.Int64 => typeof(long),
        ColumnKind.Int32 => typeof(int),
        ColumnKind.Money or ColumnKind.Rate => typeof(decimal),
        ColumnKind.Timestamp or ColumnKind.Date => typeof(DateTime),
        _ => typeof(string),
    };
}
