namespace BandcampPS.Engine.Csv;

/// <summary>What was wrong with a row, so callers can give each kind its own stable error id.</summary>
public enum CsvRowErrorKind
{
    /// <summary>The date is not in a form Bandcamp writes, or names a time the export's clock skipped.</summary>
    InvalidDate,

    /// <summary>A money column is not a plain decimal number (currency symbol, decimal comma, letters).</summary>
    InvalidAmount,

    /// <summary>The quantity is not a whole number.</summary>
    InvalidQuantity,

    /// <summary>A value every row needs (date, item type, currency, transaction id) is blank.</summary>
    MissingValue,

    /// <summary>The record has a different number of fields than the header: the line is damaged.</summary>
    WrongFieldCount,

    /// <summary>A field has quotes that RFC 4180 does not allow: the line is damaged.</summary>
    MalformedQuotes,

    /// <summary>A quoted field is not closed before the end of the file or within the most a row may hold.</summary>
    UnclosedQuote,

    /// <summary>A line is longer than the most a row may hold (64 K characters).</summary>
    RecordTooLong,
}
