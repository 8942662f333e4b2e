using System.Globalization;
using System.Reflection;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Reads back a sale the module wrote with Export-Csv: Import-Csv gives every property of the BandcampSale as text,
/// written by Export-Csv with each value's ToString(), that is in the exporting session's culture (8,25 and
/// 31.12.2024 23:36:00 in de-DE). Source, BandId and TransactionItemId come back too, so the sale is the same sale
/// and re-importing it stores nothing twice. The property list is BandcampSale's own (reflection), not a copy.
/// </summary>
public static class ExportedSale
{
    /// <summary>Properties every exported sale has; an object without them is something else.</summary>
    private static readonly string[] Required =
        [nameof(BandcampSale.Source), nameof(BandcampSale.TransactionId), nameof(BandcampSale.SaleDate), nameof(BandcampSale.ItemType), nameof(BandcampSale.Currency)];

    private static readonly PropertyInfo[] Properties = typeof(BandcampSale)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToArray();

    private static readonly string[] IsoDateFormats = ["o", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>True when the fields are those of an exported sale (by property name, any case).</summary>
    public static bool IsExportedSale(IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Required.All(fields.ContainsKey);
    }

    /// <summary>
    /// The sale the fields describe. Numbers and dates are read in <paramref name="culture"/> (the culture Export-Csv
    /// wrote them in, normally the current one), then invariantly; a thousands separator is never accepted, since
    /// Export-Csv writes none and "1,234" is 1.234 in one culture and 1234 in another. Dates without a zone are UTC.
    /// </summary>
    /// <param name="fields">Property name (any case) to text; blank text is a missing value.</param>
    /// <exception cref="BandcampException">SaleInvalid: a value cannot be read, or a required one is blank; the message names it.</exception>
    public static BandcampSale Parse(IReadOnlyDictionary<string, string?> fields, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(culture);
        var lookup = new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase);
        var sale = new BandcampSale();
        var id = lookup.GetValueOrDefault(nameof(BandcampSale.TransactionId))?.Trim();
        foreach (var property in Properties)
        {
            if (!lookup.TryGetValue(property.Name, out var text) || string.IsNullOrWhiteSpace(text))
            {
                if (Required.Contains(property.Name) || property.Name == nameof(BandcampSale.BandId))
                    throw Invalid(id, property.Name, text ?? "", "is missing, but every exported sale has one");
                continue;
            }
            property.SetValue(sale, Read(property, text, culture, id));
        }
        return sale;
    }

    private static object Read(PropertyInfo property, string text, CultureInfo culture, string? id)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var trimmed = text.Trim();
        if (type == typeof(string)) return text;
        if (type == typeof(BandcampSaleSource))
            return Enum.TryParse<BandcampSaleSource>(trimmed, ignoreCase: true, out var source) && Enum.IsDefined(source)
                ? source : throw Invalid(id, property.Name, text, "is not Api or Csv");
        if (type == typeof(decimal))
            return TryNumber(trimmed, culture, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, decimal.TryParse, out decimal amount)
                ? amount : throw Invalid(id, property.Name, text, "is not an amount");
        if (type == typeof(long))
            return TryNumber(trimmed, culture, NumberStyles.AllowLeadingSign, long.TryParse, out long number)
                ? number : throw Invalid(id, property.Name, text, "is not a whole number");
        if (type == typeof(int))
            return TryNumber(trimmed, culture, NumberStyles.AllowLeadingSign, int.TryParse, out int count)
                ? count : throw Invalid(id, property.Name, text, "is not a whole number");
        if (type == typeof(DateTime))
            return TryDate(trimmed, culture, out var date) ? date : throw Invalid(id, property.Name, text, $"is not a date (read as {culture.Name} or ISO 8601)");
        throw new InvalidOperationException($"BandcampSale.{property.Name} has a type ({type.Name}) ExportedSale does not read.");
    }

    private delegate bool NumberParser<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private static bool TryNumber<T>(string text, CultureInfo culture, NumberStyles styles, NumberParser<T> parse, out T value) =>
        parse(text, styles, culture, out value) || parse(text, styles, CultureInfo.InvariantCulture, out value);

    private static bool TryDate(string text, CultureInfo culture, out DateTime utc)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTime.TryParseExact(text, IsoDateFormats, CultureInfo.InvariantCulture, Utc, out utc)
            || DateTime.TryParse(text, culture, Utc, out utc)
            || DateTime.TryParse(text, CultureInfo.InvariantCulture, Utc, out utc);
    }

    private static BandcampException Invalid(string? transactionId, string property, string text, string problem) =>
        new(BandcampErrorIds.SaleInvalid, BandcampErrorKind.InvalidData,
            $"The exported sale{(string.IsNullOrEmpty(transactionId) ? "" : $" of transaction {transactionId}")} cannot be read back: {property} '{text}' {problem}.",
            property);
}
