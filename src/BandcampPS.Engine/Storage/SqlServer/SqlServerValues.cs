using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Storage.SqlServer;

internal static class SqlServerValues
{
    public static decimal? ReadDecimal(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDecimal(ordinal);

    public static DateTime ReadTimestamp(DbDataReader r, int ordinal) => UtcDates.ToUtc(r.GetDateTime(ordinal)); // datetime2 keeps no kind

    /// <summary>Typed parameters: an untyped string would be sent as nvarchar(len) and spawn a plan per length.</summary>
    public static void Add(SqlCommand command, string name, SqlDbType type, object? value, int size = 0)
    {
        var parameter = command.Parameters.Add(name, type, size);
        parameter.Value = value ?? DBNull.Value;
    }

    public static object? Timestamp(DateTime? time) => time is { } t ? StoredValues.ToStoredTime(t) : null;

    public static object? Source(Sales.BandcampSaleSource? source) => source is { } s ? StoredValues.SourceName(s) : null;
}

internal sealed class SqlServerRowReader(DbDataReader reader) : StoredRowReader(reader)
{
    public override decimal? Decimal(RevenueColumn c) => SqlServerValues.ReadDecimal(Reader, (int)c);

    public override DateTime? Timestamp(RevenueColumn c) => Reader.IsDBNull((int)c) ? null : SqlServerValues.ReadTimestamp(Reader, (int)c);

    public override DateOnly? Date(RevenueColumn c) => Reader.IsDBNull((int)c) ? null : DateOnly.FromDateTime(Reader.GetDateTime((int)c));
}
