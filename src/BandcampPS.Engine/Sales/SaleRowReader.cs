using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Turns one complete line-item object of a sales report into a <see cref="BandcampSale"/> (or a row error).
/// Reused for every row: values land in per-field slots that are cleared between rows, low-cardinality strings
/// come from a cache, numbers are read straight from the UTF-8 token into decimal. A value of the wrong shape (an
/// object or array where text or a number belongs, text no UTF-16 string can hold) makes this row an error naming
/// the field and the value as sent; it never disturbs the rows around it.
/// </summary>
internal sealed class SaleRowReader(long bandId, long? memberBandId)
{
    private readonly string?[] _text = new string?[SaleFieldNames.Count];
    private readonly decimal?[] _money = new decimal?[SaleFieldNames.Count];

    // The slots the last row filled: only they are cleared for the next row. Clearing both arrays whole (1.7 KB a
    // row) was the largest single cost of parsing in the profile.
    private readonly int[] _filled = new int[SaleFieldNames.Count];
    private int _filledCount;
    private bool _clearAll;
    private readonly Utf8StringCache _cache = new();
    private long? _itemId;
    private DateTime? _date;
    private int? _quantity;
    private string? _badField;
    private string? _badValue;
    private string? _badProblem;

    /// <summary>How many characters of a bad value an error shows: enough to recognise it, never a whole row.</summary>
    private const int QuoteLength = 200;

    /// <summary>Fields whose values repeat across rows and are worth caching.</summary>
    private static readonly bool[] Cached = BuildCachedFlags();

    /// <summary>
    /// Reads the line item whose StartObject <paramref name="reader"/> is on; null when the data ends inside it (the
    /// caller rewinds and comes back with more). One pass: the row's tokens are read once, not skipped over first.
    /// </summary>
    /// <param name="data">What <paramref name="reader"/> reads, to quote a bad object or array as it was sent.</param>
    public SaleParseResult? TryRead(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (_clearAll)
        {
            Array.Clear(_text);
            Array.Clear(_money);
            _clearAll = false;
        }
        for (var i = 0; i < _filledCount; i++)
        {
            _text[_filled[i]] = null;
            _money[_filled[i]] = null;
        }
        _filledCount = 0;
        _itemId = null;
        _date = null;
        _quantity = null;
        _badField = null;
        _badValue = null;
        _badProblem = null;

        var previous = (SaleField)(-1);
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType != JsonTokenType.PropertyName) break; // the row's EndObject
            var field = SaleFieldNames.Find(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, previous);
            if (!reader.Read()) return null;
            if (field == SaleField.Unknown)
            {
                if (!reader.TrySkip()) return null;
                continue;
            }
            previous = field;
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                var shape = reader.TokenType == JsonTokenType.StartObject ? "an object" : "an array";
                if (!reader.TrySkip()) return null;
                Bad(field, Quote(data[start..(int)reader.BytesConsumed]), $"{shape} where a single value belongs");
                continue;
            }
            ReadValue(ref reader, field);
        }
        return Build();
    }

    private void ReadValue(ref Utf8JsonReader reader, SaleField field)
    {
        // An escaped string is decoded here, once, and the text handed on; an unescaped one is read from its bytes where it can be.
        string? decoded = null;
        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !TryDecode(ref reader, out decoded))
        {
            Bad(field, Quote(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                "text with an escape that is not a valid character (a lone UTF-16 surrogate)");
            return;
        }
        switch (field)
        {
            case SaleField.TransactionItemId:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id)) _itemId = id;
                else if (reader.TokenType == JsonTokenType.String && long.TryParse(decoded ?? reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id)) _itemId = id;
                else Bad(field, Quote(RawText(ref reader, decoded)));
                break;
            case SaleField.Quantity:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var quantity)) _quantity = quantity;
                else if (TryDecimal(ref reader, decoded, out var q) && q == decimal.Truncate(q) && q is >= int.MinValue and <= int.MaxValue) _quantity = (int)q;
                else Bad(field, Quote(RawText(ref reader, decoded)));
                break;
            case SaleField.ItemPrice or SaleField.SubTotal or SaleField.AdditionalFanContribution or SaleField.SellerTax
                or SaleField.MarketplaceTax or SaleField.TaxRate or SaleField.CollectionSocietyShare or SaleField.Shipping
                or SaleField.TransactionFee or SaleField.ItemTotal or SaleField.AmountYouReceived or SaleField.NetAmount:
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 0) break;
                if (TryDecimal(ref reader, decoded, out var amount)) _money[Fill(field)] = amount;
                else Bad(field, Quote(RawText(ref reader, decoded)));
                break;
            case SaleField.Date when reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
                                     && BandcampDateParser.TryParseV4(reader.ValueSpan, out var date):
                _date = date; // the usual form, read from the bytes: no string made for it
                break;
            default:
                _text[Fill(field)] = RawText(ref reader, decoded, Cached[(int)field]);
                break;
        }
    }

    /// <summary>Notes that the row sets this field's slot (a repeated field is noted twice, which is harmless).</summary>
    private int Fill(SaleField field)
    {
        if (_filledCount < _filled.Length) _filled[_filledCount++] = (int)field;
        else _clearAll = true; // more values than fields: a row that repeats fields; clear everything next time
        return (int)field;
    }

    /// <summary>Money arrives as JSON numbers (merch endpoints send numeric strings too): both become exact decimals.</summary>
    /// <param name="decoded">An escaped string's text, decoded once by the caller; null for anything else.</param>
    private static bool TryDecimal(ref Utf8JsonReader reader, string? decoded, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetDecimal(out value);
        value = 0;
        if (reader.TokenType != JsonTokenType.String) return false;
        if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length) return true;
        return decimal.TryParse(decoded ?? reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A string as sent, or a number's literal text (transaction ids are numbers except on payout rows).</summary>
    /// <param name="decoded">An escaped string's text, decoded once by the caller; null for anything else.</param>
    private string RawText(ref Utf8JsonReader reader, string? decoded, bool cached = false) => reader.TokenType switch
    {
        JsonTokenType.String when decoded is not null => decoded,
        JsonTokenType.String when cached && !reader.ValueIsEscaped && !reader.HasValueSequence => _cache.Get(reader.ValueSpan),
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False when !reader.HasValueSequence => Encoding.UTF8.GetString(reader.ValueSpan),
        _ => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
    };

    /// <param name="quoted">The value as <see cref="Quote(string)"/> shows it.</param>
    private void Bad(SaleField field, string quoted, string? problem = null)
    {
        if (_badField is not null) return;
        _badField = SaleFieldNames.Json[(int)field];
        _badValue = quoted;
        _badProblem = problem;
    }

    /// <summary>The string's text; false when it decodes to something no .NET string can hold (a lone surrogate).</summary>
    private static bool TryDecode(ref Utf8JsonReader reader, out string? text)
    {
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    /// <summary>
    /// Bytes as an error quotes them (a bad value, an unreadable row): their first <see cref="QuoteLength"/> characters.
    /// At most 4 bytes a character are decoded, so a huge value costs no more than its quote; a character that
    /// bound splits lies past the cut.
    /// </summary>
    internal static string Quote(ReadOnlySpan<byte> raw) =>
        Quote(Encoding.UTF8.GetString(raw.Length > QuoteLength * 4 ? raw[..(QuoteLength * 4)] : raw));

    /// <summary>Text as an error quotes it: its first <see cref="QuoteLength"/> characters (never half a surrogate pair), then "…" if there is more.</summary>
    private static string Quote(string text)
    {
        if (text.Length <= QuoteLength) return text;
        var cut = char.IsHighSurrogate(text[QuoteLength - 1]) ? QuoteLength - 1 : QuoteLength;
        return text[..cut] + "…";
    }

    private SaleParseResult Build()
    {
        var transactionId = _text[(int)SaleField.TransactionId];
        if (_badField is not null)
            return Fail(_badField, _badValue, $"has {_badField} '{_badValue}', {_badProblem ?? "which is not a number"}; the row was left out and the rest of the report still flows");

        var dateText = _text[(int)SaleField.Date];
        DateTime saleDate;
        if (_date is { } read) saleDate = read;
        else if (dateText is null)
            return Fail("date", null, "has no date");
        else if (!BandcampDateParser.TryParse(dateText, out saleDate))
            return Fail("date", dateText, $"has the date '{dateText}', which is not a date format Bandcamp is known to send", BandcampErrorIds.SaleDateInvalid);

        return SaleParseResult.Of(new BandcampSale
        {
            Source = BandcampSaleSource.Api,
            BandId = bandId,
            MemberBandId = memberBandId,
            TransactionId = transactionId ?? "",
            TransactionItemId = _itemId,
            RelatedTransactionId = _text[(int)SaleField.RelatedTransactionId],
            SaleDate = saleDate,
            PaidTo = _text[(int)SaleField.PaidTo],
            ItemType = _text[(int)SaleField.ItemType] ?? "",
            ItemName = _text[(int)SaleField.ItemName],
            Artist = _text[(int)SaleField.Artist],
            Currency = _text[(int)SaleField.Currency] ?? "",
            ItemPrice = _money[(int)SaleField.ItemPrice],
            Quantity = _quantity,
            DiscountCode = _text[(int)SaleField.DiscountCode],
            SubTotal = _money[(int)SaleField.SubTotal],
            AdditionalFanContribution = _money[(int)SaleField.AdditionalFanContribution],
            SellerTax = _money[(int)SaleField.SellerTax],
            MarketplaceTax = _money[(int)SaleField.MarketplaceTax],
            TaxRate = _money[(int)SaleField.TaxRate],
            CollectionSocietyShare = _money[(int)SaleField.CollectionSocietyShare],
            Shipping = _money[(int)SaleField.Shipping],
            ShipFromCountryName = _text[(int)SaleField.ShipFromCountryName],
            TransactionFee = _money[(int)SaleField.TransactionFee],
            FeeType = _text[(int)SaleField.FeeType],
            ItemTotal = _money[(int)SaleField.ItemTotal],
            AmountYouReceived = _money[(int)SaleField.AmountYouReceived],
            PaypalTransactionId = _text[(int)SaleField.PaypalTransactionId],
            NetAmount = _money[(int)SaleField.NetAmount],
            Package = _text[(int)SaleField.Package],
            Option = _text[(int)SaleField.Option],
            ItemUrl = _text[(int)SaleField.ItemUrl],
            CatalogNumber = _text[(int)SaleField.CatalogNumber],
            Upc = _text[(int)SaleField.Upc],
            Isrc = _text[(int)SaleField.Isrc],
            BuyerName = _text[(int)SaleField.BuyerName],
            BuyerEmail = _text[(int)SaleField.BuyerEmail],
            BuyerPhone = _text[(int)SaleField.BuyerPhone],
            BuyerNote = _text[(int)SaleField.BuyerNote],
            ShipToName = _text[(int)SaleField.ShipToName],
            ShipToStreet = _text[(int)SaleField.ShipToStreet],
            ShipToStreet2 = _text[(int)SaleField.ShipToStreet2],
            ShipToCity = _text[(int)SaleField.ShipToCity],
            ShipToState = _text[(int)SaleField.ShipToState],
            ShipToZip = _text[(int)SaleField.ShipToZip],
            ShipToCountry = _text[(int)SaleField.ShipToCountry],
            ShipToCountryCode = _text[(int)SaleField.ShipToCountryCode],
            ShipDate = _text[(int)SaleField.ShipDate],
            ShipNotes = _text[(int)SaleField.ShipNotes],
            Country = _text[(int)SaleField.Country],
            CountryCode = _text[(int)SaleField.CountryCode],
            RegionOrState = _text[(int)SaleField.RegionOrState],
            City = _text[(int)SaleField.City],
            Referer = _text[(int)SaleField.Referer],
            RefererUrl = _text[(int)SaleField.RefererUrl],
            Sku = _text[(int)SaleField.Sku],
        });

        SaleParseResult Fail(string field, string? value, string problem, string errorId = BandcampErrorIds.SaleInvalid) =>
            SaleParseResult.Failed(new BandcampSaleParseError
            {
                ErrorId = errorId,
                Field = field,
                Value = value,
                TransactionId = transactionId,
                TransactionItemId = _itemId,
                Message = $"Sale item {(_itemId?.ToString(CultureInfo.InvariantCulture) ?? "(no item id)")} of transaction {transactionId ?? "(no id)"} {problem}.",
            });
    }

    private static bool[] BuildCachedFlags()
    {
        var flags = new bool[SaleFieldNames.Count];
        foreach (var field in new[]
                 {
                     SaleField.PaidTo, SaleField.ItemType, SaleField.Currency, SaleField.FeeType, SaleField.Package,
                     SaleField.ShipFromCountryName, SaleField.Country, SaleField.CountryCode, SaleField.RegionOrState,
                     SaleField.City, SaleField.Referer, SaleField.ShipToCountry, SaleField.ShipToCountryCode,
                     SaleField.Upc, SaleField.Isrc, SaleField.Artist, SaleField.Option,
                 })
            flags[(int)field] = true;
        return flags;
    }
}
