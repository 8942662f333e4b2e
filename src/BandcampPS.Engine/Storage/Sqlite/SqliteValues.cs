using System.Globalization;
using System.Data.Common;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>How CLR values are kept in SQLite: decimals and times as invariant text (see <see cref="SqliteSchema"/>).</summary>
internal static class SqliteValues
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";
    public const string DateFormat = "yyyy-MM-dd";
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        // decimal's invariant ToString keeps the scale ("8.50") and never uses an exponent.
        decimal amount => amount.ToString(CultureInfo.InvariantCulture),
        DateTime time => Timestamp(time),
        DateOnly date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
        BandcampSaleSource source => StoredValues.SourceName(source),
        _ => value,
    };

    /// <summary>
    /// The same text <see cref="ToDb"/> gives a decimal, time, date or source, written as UTF-8 without a
    /// string in between (the bulk insert path). False when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryFormatUtf8(object value, Span<byte> destination, out int written) => value switch
    {
        decimal amount => amount.TryFormat(destination, out written, default, CultureInfo.InvariantCulture),
        DateTime time => StoredValues.ToStoredTime(time).TryFormat(destination, out written, TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly date => date.TryFormat(destination, out written, DateFormat, CultureInfo.InvariantCulture),
        BandcampSaleSource source => System.Text.Encoding.UTF8.TryGetBytes(StoredValues.SourceName(source), destination, out written),
        _ => throw new ArgumentException($"{value.GetType()} is not kept as formatted text.", nameof(value)),
    };

    public static object ToDbOrNull<T>(T? value) where T : struct => value is { } v ? ToDb(v) : DBNull.Value;

    public static string Timestamp(DateTime time) =>
        StoredValues.ToStoredTime(time).ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static decimal ParseDecimal(string text) => decimal.Parse(text, DecimalStyle, CultureInfo.InvariantCulture);

    public static DateTime ParseTimestamp(string text) => DateTime.ParseExact(
        text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static decimal? ReadDecimal(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : ParseDecimal(r.GetString(ordinal));
}

internal sealed class SqliteRowReader(DbDataReader reader) : StoredRowReader(reader)
{
    public override decimal? Decimal(RevenueColumn c) => SqliteValues.ReadDecimal(Reader, (int)c);

    public override DateTime? Timestamp(RevenueColumn c) =>
        Reader.IsDBNull((int)c) ? null : SqliteValues.ParseTimestamp(Reader.GetString((int)c));

    public override DateOnly? Date(RevenueColumn c) => Reader.IsDBNull((int)c)
        ? null
        : DateOnly.ParseExact(Reader.GetString((int)c), SqliteValues.DateFormat, CultureInfo.InvariantCulture);
}
