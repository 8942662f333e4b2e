using System.Globalization;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Every date form Bandcamp is known to send (api.md 5.4, 8, 10), always to a UTC DateTime:
/// "04 Jan 2021 23:22:11 GMT" (sales_report v4), "4 Jan 2021 23:22:11 GMT", "2021-01-04 23:22:11",
/// ISO 8601 ("2021-01-04T23:22:11Z", with or without an offset) and the web CSV's "1/4/21 11:22pm".
/// The v4 form is parsed from its fixed positions first, because it is the form of nearly every row.
/// </summary>
public static class BandcampDateParser
{
    private static readonly string[] Formats =
    [
        "dd MMM yyyy HH:mm:ss 'GMT'",
        "d MMM yyyy HH:mm:ss 'GMT'",
        "dd MMM yyyy HH:mm:ss 'UTC'",
        "d MMM yyyy HH:mm:ss 'UTC'",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "M/d/yy h:mmtt",
        "M/d/yy h:mm tt",
        "M/d/yyyy h:mmtt",
        "M/d/yyyy h:mm tt",
        "M/d/yy H:mm",
        "M/d/yyyy H:mm",
        "M/d/yy",
        "M/d/yyyy",
    ];

    private static readonly byte[][] Months = ["Jan"u8.ToArray(), "Feb"u8.ToArray(), "Mar"u8.ToArray(), "Apr"u8.ToArray(), "May"u8.ToArray(), "Jun"u8.ToArray(),
        "Jul"u8.ToArray(), "Aug"u8.ToArray(), "Sep"u8.ToArray(), "Oct"u8.ToArray(), "Nov"u8.ToArray(), "Dec"u8.ToArray()];

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        text = text.Trim();
        if (TryParseV4(text, out utc)) return true;
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out utc))
            return true;
        // ISO 8601 with Z or an offset.
        if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var offset))
        {
            utc = offset.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }

    /// <summary>"dd MMM yyyy HH:mm:ss GMT" read by position: no allocation, no culture lookup.</summary>
    private static bool TryParseV4(ReadOnlySpan<char> s, out DateTime utc)
    {
        Span<byte> ascii = stackalloc byte[24];
        utc = default;
        if (s.Length != 24) return false;
        for (var i = 0; i < 24; i++)
        {
            if (s[i] > 127) return false;
            ascii[i] = (byte)s[i];
        }
        return TryParseV4(ascii, out utc);
    }

    /// <summary>
    /// The same v4 form straight from a report's UTF-8 bytes, so the parser makes no string of a date it only needs
    /// as a DateTime. False for anything else (the caller then reads the text and tries every form).
    /// </summary>
    internal static bool TryParseV4(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length != 24 || s[2] != ' ' || s[6] != ' ' || s[11] != ' ' || s[14] != ':' || s[17] != ':' || !s[20..].SequenceEqual(" GMT"u8))
            return false;
        var month = Month(s.Slice(3, 3));
        if (month == 0 || !TwoDigits(s, 0, out var day) || !TwoDigits(s, 7, out var c) || !TwoDigits(s, 9, out var y)
            || !TwoDigits(s, 12, out var hour) || !TwoDigits(s, 15, out var minute) || !TwoDigits(s, 18, out var second))
            return false;
        var year = c * 100 + y;
        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            return false;
        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    /// <summary>1-12 for "Jan".."Dec" (as written, case-sensitive), 0 otherwise.</summary>
    private static int Month(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Months.Length; i++)
            if (name.SequenceEqual(Months[i])) return i + 1;
        return 0;
    }

    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        var a = s[at] - '0';
        var b = s[at + 1] - '0';
        value = a * 10 + b;
        return (uint)a <= 9 && (uint)b <= 9;
    }

}
