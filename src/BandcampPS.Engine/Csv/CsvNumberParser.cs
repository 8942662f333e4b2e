using System.Globalization;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Money and quantities as the export writes them: invariant digits, '.' for decimals, an optional sign,
/// and thousands separators only where they belong (<c>1,234.50</c>).
/// </summary>
internal static class CsvNumberParser
{
    private const NumberStyles AmountStyles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;

    private const NumberStyles QuantityStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands;

    /// <summary>No currency symbol is allowed: a "$" means the file was reformatted and may hide other changes.</summary>
    public static bool TryParseAmount(ReadOnlySpan<char> text, out decimal value)
    {
        text = text.Trim();
        if (!HasWellPlacedThousandsSeparators(text))
        {
            value = 0;
            return false;
        }

        return decimal.TryParse(text, AmountStyles, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseQuantity(ReadOnlySpan<char> text, out int value)
    {
        text = text.Trim();
        if (!HasWellPlacedThousandsSeparators(text))
        {
            value = 0;
            return false;
        }

        return int.TryParse(text, QuantityStyles, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// .NET's AllowThousands accepts a ',' anywhere, so "1,5" — a decimal comma from a spreadsheet saved in a
    /// European locale — would become 15. Commas must group the integer part in threes, or be absent.
    /// </summary>
    private static bool HasWellPlacedThousandsSeparators(ReadOnlySpan<char> text)
    {
        var firstComma = text.IndexOf(',');
        if (firstComma < 0)
        {
            return true;
        }

        var sign = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        var point = text.IndexOf('.');
        var integerPart = text[sign..(point < 0 ? text.Length : point)];
        var leadingDigits = firstComma - sign;
        if (leadingDigits is < 1 or > 3)
        {
            return false;
        }

        var i = leadingDigits;
        while (i < integerPart.Length)
        {
            if (integerPart[i] != ',' || integerPart.Length - i < 4 || integerPart.Slice(i + 1, 3).Contains(','))
            {
                return false;
            }

            i += 4;
        }

        return i == integerPart.Length;
    }
}
