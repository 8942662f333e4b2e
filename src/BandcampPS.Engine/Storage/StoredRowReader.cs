using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Reads one column of the current row of a query that selects <see cref="RevenueColumns.All"/> in order
/// (ordinal = column). Each store overrides what it keeps in its own representation.
/// </summary>
internal abstract class StoredRowReader(DbDataReader reader)
{
    protected DbDataReader Reader { get; } = reader;

    public string? Text(RevenueColumn c) => Reader.IsDBNull((int)c) ? null : Reader.GetString((int)c);

    public long? Int64(RevenueColumn c) => Reader.IsDBNull((int)c) ? null : Reader.GetInt64((int)c);

    public int? Int32(RevenueColumn c) => Reader.IsDBNull((int)c) ? null : Reader.GetInt32((int)c);

    public abstract decimal? Decimal(RevenueColumn c);

    public abstract DateTime? Timestamp(RevenueColumn c);

    public abstract DateOnly? Date(RevenueColumn c);
}
