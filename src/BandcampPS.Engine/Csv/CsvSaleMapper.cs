using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Turns one record into a <see cref="BandcampSale"/>, or names its first bad field. Reused for every row
/// of a file, so parsers and the column map are set up once.
/// </summary>
internal sealed class CsvSaleMapper(CsvHeaderMap columns, CsvDateParser dates, long bandId)
{
    private CsvRecordReader? _record;
    private CsvFieldProblem? _problem;

    public BandcampSale? Map(CsvRecordReader record, out CsvFieldProblem? problem)
    {
        _record = record;
        _problem = null;

        // Every field is read even after a bad one, so the leftmost can be reported; bad rows are rare.
        var sale = new BandcampSale
        {
            Source = BandcampSaleSource.Csv,
            BandId = bandId,
            // The export does not say which member band a row belongs to, and has no item id.
            MemberBandId = null,
            TransactionItemId = null,
            TransactionId = Required(CsvColumn.TransactionId),
            RelatedTransactionId = Trimmed(CsvColumn.RelatedTransactionId),
            SaleDate = Date(CsvColumn.Date),
            PaidTo = Text(CsvColumn.PaidTo),
            ItemType = Required(CsvColumn.ItemType),
            ItemName = Text(CsvColumn.ItemName),
            Artist = Text(CsvColumn.Artist),
            Currency = Required(CsvColumn.Currency),
            ItemPrice = Amount(CsvColumn.ItemPrice),
            Quantity = Quantity(CsvColumn.Quantity),
            DiscountCode = Text(CsvColumn.DiscountCode),
            SubTotal = Amount(CsvColumn.SubTotal),
            AdditionalFanContribution = Amount(CsvColumn.AdditionalFanContribution),
            SellerTax = Amount(CsvColumn.SellerTax),
            MarketplaceTax = Amount(CsvColumn.MarketplaceTax),
            TaxRate = Amount(CsvColumn.TaxRate),
            CollectionSocietyShare = Amount(CsvColumn.CollectionSocietyShare),
            Shipping = Amount(CsvColumn.Shipping),
            ShipFromCountryName = Text(CsvColumn.ShipFromCountryName),
            TransactionFee = Fee(CsvColumn.TransactionFee),
            FeeType = Text(CsvColumn.FeeType),
            ItemTotal = Amount(CsvColumn.ItemTotal),
            AmountYouReceived = Amount(CsvColumn.AmountYouReceived),
            PaypalTransactionId = Trimmed(CsvColumn.PaypalTransactionId),
            NetAmount = Amount(CsvColumn.NetAmount),
            Package = Text(CsvColumn.Package),
            Option = Text(CsvColumn.Option),
            ItemUrl = Trimmed(CsvColumn.ItemUrl),
            CatalogNumber = Text(CsvColumn.CatalogNumber),
            Upc = Trimmed(CsvColumn.Upc),
            Isrc = Trimmed(CsvColumn.Isrc),
            BuyerName = Text(CsvColumn.BuyerName),
            BuyerEmail = Trimmed(CsvColumn.BuyerEmail),
            BuyerPhone = Text(CsvColumn.BuyerPhone),
            BuyerNote = Text(CsvColumn.BuyerNote),
            ShipToName = Text(CsvColumn.ShipToName),
            ShipToStreet = Text(CsvColumn.ShipToStreet),
            ShipToStreet2 = Text(CsvColumn.ShipToStreet2),
            ShipToCity = Text(CsvColumn.ShipToCity),
            ShipToState = Text(CsvColumn.ShipToState),
            ShipToZip = Text(CsvColumn.ShipToZip),
            ShipToCountry = Text(CsvColumn.ShipToCountry),
            ShipToCountryCode = Trimmed(CsvColumn.ShipToCountryCode),
            ShipDate = Text(CsvColumn.ShipDate),
            ShipNotes = Text(CsvColumn.ShipNotes),
            Country = Text(CsvColumn.Country),
            CountryCode = Trimmed(CsvColumn.CountryCode),
            RegionOrState = Text(CsvColumn.RegionOrState),
            City = Text(CsvColumn.City),
            Referer = Text(CsvColumn.Referer),
            RefererUrl = Trimmed(CsvColumn.RefererUrl),
            Sku = Text(CsvColumn.Sku),
        };

        _record = null;
        problem = _problem;
        return _problem is null ? sale : null;
    }

    /// <summary>The field as written, or null when the file lacks the column.</summary>
    private string? Raw(CsvColumn column)
    {
        var index = columns.IndexOf(column);
        return index < 0 ? null : _record![index];
    }

    /// <summary>
    /// Free text (names, notes, addresses) kept exactly as written, spaces and line breaks included.
    /// An empty cell is null: CSV cannot tell an empty string from a missing value.
    /// </summary>
    private string? Text(CsvColumn column) => Raw(column) is { Length: > 0 } value ? value : null;

    /// <summary>Codes, ids and URLs, where surrounding spaces are never meaningful.</summary>
    private string? Trimmed(CsvColumn column) => Raw(column)?.Trim() is { Length: > 0 } value ? value : null;

    private string Required(CsvColumn column)
    {
        if (Trimmed(column) is { } value)
        {
            return value;
        }

        Report(column, "", CsvRowErrorKind.MissingValue, "is blank, but every row needs one");
        return "";
    }

    private decimal? Amount(CsvColumn column)
    {
        if (Trimmed(column) is not { } value)
        {
            return null;
        }

        if (CsvNumberParser.TryParseAmount(value, out var amount))
        {
            return amount;
        }

        Report(column, value, CsvRowErrorKind.InvalidAmount,
            "is not an amount (expected a plain number such as 1234.50 or 1,234.50, without a currency symbol)");
        return null;
    }

    /// <summary>
    /// The export writes "*" for the fee of a payment still pending (and leaves it blank on every line of a cart but
    /// the last): no fee is known yet, which is not a bad row.
    /// </summary>
    private decimal? Fee(CsvColumn column) => Trimmed(column) == PendingFee ? null : Amount(column);

    private const string PendingFee = "*";

    private int? Quantity(CsvColumn column)
    {
        if (Trimmed(column) is not { } value)
        {
            return null;
        }

        if (CsvNumberParser.TryParseQuantity(value, out var quantity))
        {
            return quantity;
        }

        Report(column, value, CsvRowErrorKind.InvalidQuantity, "is not a whole number");
        return null;
    }

    private DateTime Date(CsvColumn column)
    {
        if (Trimmed(column) is not { } value)
        {
            Report(column, "", CsvRowErrorKind.MissingValue, "is blank, but every row needs one");
            return default;
        }

        switch (dates.TryParse(value, out var utc))
        {
            case CsvDateOutcome.Parsed:
                return utc;
            case CsvDateOutcome.SkippedByClock:
                Report(column, value, CsvRowErrorKind.InvalidDate,
                    $"is a time that did not exist in time zone '{dates.ZoneName}' (the clocks went forward)");
                return default;
            default:
                Report(column, value, CsvRowErrorKind.InvalidDate,
                    $"is not a date Bandcamp writes (expected {CsvDateParser.ExpectedFormat})");
                return default;
        }
    }

    /// <summary>
    /// Keeps one problem — the leftmost in the line, as the user reads it, whatever order the fields are
    /// mapped in — so the message points at one thing to fix.
    /// </summary>
    private void Report(CsvColumn column, string rawValue, CsvRowErrorKind kind, string complaint)
    {
        if (_problem is null || columns.IndexOf(column) < columns.IndexOf(_problem.Value.Column))
        {
            _problem = new CsvFieldProblem(column, rawValue, kind, complaint);
        }
    }
}
