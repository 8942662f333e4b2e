using System.Globalization;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Reporting;

/// <summary>
/// The in-memory twin of <see cref="IRevenueStore.SummarizeAsync"/>: groups sales (or stored rows) with the same
/// <see cref="RevenueSummaryQuery"/> and produces the same <see cref="RevenueSummaryRow"/>s, row for row, in the
/// order the SQLite store returns them. Sums are exact decimals (a sum keeps the largest scale it met, as the
/// SQLite store's sums do); amounts in different currencies are never added (see <see cref="RevenueSummaryRow"/>).
/// Not thread-safe: one producer adds, then <see cref="ToRows"/> reads.
/// </summary>
/// <remarks>
/// Sameness with the store is by construction: a sale is mapped with <see cref="RevenueRow.FromSale"/> and
/// converted with <see cref="RevenueRow.WithConversion"/> exactly as the importer does, and the filters compare
/// whole-second UTC times as the stores do. Text keys group and sort by ordinal (code point) comparison, like
/// SQLite's BINARY collation; SQL Server groups and sorts by its collation instead, usually case-insensitively.
/// </remarks>
public sealed class SaleSummarizer
{
    private readonly RevenueSummaryQuery _query;
    private readonly DateTime? _start;
    private readonly DateTime? _end;
    private readonly string? _reportingCurrency;
    private readonly ExchangeRateTable? _rates;
    private readonly Dictionary<GroupKey, Accumulator> _groups = [];
    // One source per band and month: CSV rows wait in their band-month until ToRows knows whether the API holds it.
    private readonly Dictionary<BandMonth, Dictionary<GroupKey, Accumulator>> _csvByMonth = [];
    private readonly HashSet<BandMonth> _apiMonths = [];
    private long _added;

    /// <param name="query">Grouping and filters, as for the store.</param>
    /// <param name="reportingCurrency">Converts every added sale into this currency (ISO code), as
    /// Import-BandcampRevenue -Currency does; null leaves sales unconverted. Needs <paramref name="rates"/>.</param>
    /// <param name="rates">The exchange rates for <paramref name="reportingCurrency"/>.</param>
    public SaleSummarizer(RevenueSummaryQuery query, string? reportingCurrency = null, ExchangeRateTable? rates = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (reportingCurrency is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(reportingCurrency);
            ArgumentNullException.ThrowIfNull(rates);
        }
        _query = query;
        Keys = SummaryShape.Keys(query.GroupBy);
        _start = query.StartUtc is { } start ? StoredValues.ToStoredTime(start) : null;
        _end = query.EndUtc is { } end ? StoredValues.ToStoredTime(end) : null;
        _reportingCurrency = reportingCurrency?.ToUpperInvariant();
        _rates = rates;
    }

    /// <summary>The canonical grouping: distinct, in enum order, Day adding Month and Month adding Year.</summary>
    public IReadOnlyList<RevenueGroupBy> Keys { get; }

    /// <summary>How many sales or rows passed the filters and were counted (final once <see cref="ToRows"/> ran).</summary>
    public long Count { get; private set; }

    /// <summary>What one source per band and month left out (known once <see cref="ToRows"/> ran).</summary>
    public SourceOverlap Overlap { get; private set; } = SourceOverlap.None;

    /// <summary>
    /// Counts a sale if it passes the filters, converted when a reporting currency was given. Returns the reason it
    /// could not be converted (it is still counted, as unconverted, so the native totals stay whole), or null.
    /// </summary>
    public BandcampException? Add(BandcampSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        NoteSource(sale.Source, sale.BandId, sale.SaleDate);
        if (!Matches(sale.Source, sale.BandId, sale.SaleDate, sale.ItemType)) return null;
        var row = RevenueRow.FromSale(sale, includeBuyerDetails: false);
        BandcampException? problem = null;
        if (_reportingCurrency is { } target)
        {
            if (_rates!.TryConvertSale(sale, target, out var conversion, out var whyNot))
                row = row.WithConversion(conversion);
            else
                problem = new BandcampException(BandcampErrorIds.ExchangeRateNotFound, BandcampErrorKind.ObjectNotFound,
                    $"Sale {SaleNames.Of(sale)} is counted unconverted: {whyNot}", sale);
        }
        else if (sale is ConvertedSale { Conversion: var carried })
        {
            // From ConvertTo-BandcampCurrency: summed with the conversion it carries, as a stored converted row would be.
            row = row.WithConversion(carried);
        }
        Accumulate(row);
        return problem;
    }

    /// <summary>Counts a stored row (with whatever conversion it carries) if it passes the filters.</summary>
    public void Add(RevenueRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        NoteSource(row.Source, row.BandId, row.SaleDate);
        if (Matches(row.Source, row.BandId, row.SaleDate, row.ItemType)) Accumulate(row);
    }

    /// <summary>
    /// The groups, ordered by their keys in <see cref="Keys"/> order (empty keys first). Without grouping keys, one
    /// grand total row, even when nothing was added (as an SQL aggregate without GROUP BY returns).
    /// </summary>
    public IReadOnlyList<RevenueSummaryRow> ToRows()
    {
        SettleSources();
        if (Keys.Count == 0)
            return [(_groups.Count == 0 ? new Accumulator() : _groups.Values.Single()).ToRow(default, Keys)];
        var keys = _groups.Keys.ToList();
        keys.Sort(GroupKey.Compare);
        return keys.Select(k => _groups[k].ToRow(k, Keys)).ToList();
    }

    /// <summary>
    /// An API row marks its band and month as held by the API whatever the other filters say, as the stores look
    /// for any stored API row of the band and month: the month was imported from the API, so its CSV rows repeat it.
    /// </summary>
    private void NoteSource(BandcampSaleSource source, long bandId, DateTime saleDate)
    {
        if (_query.Source is null && source == BandcampSaleSource.Api) _apiMonths.Add(BandMonth.Of(bandId, saleDate));
    }

    private bool Matches(BandcampSaleSource source, long bandId, DateTime saleDate, string? itemType)
    {
        if (_query.Source is { } wanted && source != wanted) return false;
        if (_query.BandId is { } band && bandId != band) return false;
        if (!_query.Items.Matches(itemType)) return false;
        if (_start is null && _end is null) return true;
        var stored = StoredValues.ToStoredTime(saleDate);
        return (_start is null || stored >= _start) && (_end is null || stored < _end);
    }

    private void Accumulate(RevenueRow row)
    {
        var key = GroupKey.Of(row, Keys);
        var groups = _groups;
        if (_query.Source is null && row.Source != BandcampSaleSource.Api)
        {
            var month = BandMonth.Of(row.BandId, row.SaleDate);
            if (!_csvByMonth.TryGetValue(month, out groups)) _csvByMonth.Add(month, groups = []);
        }
        if (!groups.TryGetValue(key, out var group))
            groups.Add(key, group = new Accumulator());
        group.Add(row);
        _added++;
        Count = _added;
    }

    /// <summary>Adds the CSV band-months the API does not hold to the groups, and counts the rest as left out.</summary>
    private void SettleSources()
    {
        foreach (var (month, groups) in _csvByMonth)
        {
            if (_apiMonths.Contains(month))
            {
                foreach (var group in groups.Values)
                {
                    Overlap = Overlap.Add(new SourceOverlap(group.Rows, group.FirstSaleDate, group.LastSaleDate));
                    Count -= group.Rows;
                }
                continue;
            }
            foreach (var (key, group) in groups)
            {
                if (_groups.TryGetValue(key, out var existing)) existing.Merge(group);
                else _groups.Add(key, group);
            }
        }
        _csvByMonth.Clear();
    }

    /// <summary>A band and a calendar month (UTC): the unit one source per band and month decides on.</summary>
    private readonly record struct BandMonth(long BandId, int Year, int Month)
    {
        public static BandMonth Of(long bandId, DateTime saleDate)
        {
            var date = StoredValues.ToStoredTime(saleDate);
            return new(bandId, date.Year, date.Month);
        }
    }

    /// <summary>A group's identity: the parts not grouped by stay null (and Source/BandId unset).</summary>
    private readonly record struct GroupKey(
        int? Year, int? Month, int? Day, string? Artist, string? Release, string? CatalogNumber, string? ItemType,
        string? CountryCode, string? Currency, BandcampSaleSource? Source, long? BandId)
    {
        public static GroupKey Of(RevenueRow row, IReadOnlyList<RevenueGroupBy> keys)
        {
            var date = StoredValues.ToStoredTime(row.SaleDate);
            int? year = null, month = null, day = null;
            string? artist = null, release = null, catalogNumber = null, itemType = null, countryCode = null, currency = null;
            BandcampSaleSource? source = null;
            long? bandId = null;
            foreach (var key in keys)
            {
                switch (key)
                {
                    case RevenueGroupBy.Year: year = date.Year; break;
                    case RevenueGroupBy.Month: month = date.Month; break;
                    case RevenueGroupBy.Day: day = date.Day; break;
                    case RevenueGroupBy.Artist: artist = row.Artist; break;
                    case RevenueGroupBy.Release: release = row.ItemName; break;
                    case RevenueGroupBy.CatalogNumber: catalogNumber = row.CatalogNumber; break;
                    case RevenueGroupBy.ItemType: itemType = row.ItemType; break;
                    case RevenueGroupBy.Country: countryCode = row.CountryCode; break;
                    case RevenueGroupBy.Currency: currency = row.Currency; break;
                    case RevenueGroupBy.Source: source = row.Source; break;
                    case RevenueGroupBy.Band: bandId = row.BandId; break;
                }
            }
            return new(year, month, day, artist, release, catalogNumber, itemType, countryCode, currency, source, bandId);
        }

        /// <summary>As the stores' ORDER BY: key by key in enum order, NULL first, text by code point.</summary>
        public static int Compare(GroupKey a, GroupKey b)
        {
            int c;
            if ((c = Nullable.Compare(a.Year, b.Year)) != 0) return c;
            if ((c = Nullable.Compare(a.Month, b.Month)) != 0) return c;
            if ((c = Nullable.Compare(a.Day, b.Day)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.Artist, b.Artist)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.Release, b.Release)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.CatalogNumber, b.CatalogNumber)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.ItemType, b.ItemType)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.CountryCode, b.CountryCode)) != 0) return c;
            if ((c = CodePointOrder.Compare(a.Currency, b.Currency)) != 0) return c;
            // The stores keep the source as its name ("Api" < "Csv"), which is also the enum order.
            if ((c = CodePointOrder.Compare(a.Source is { } s ? StoredValues.SourceName(s) : null, b.Source is { } t ? StoredValues.SourceName(t) : null)) != 0) return c;
            return Nullable.Compare(a.BandId, b.BandId);
        }
    }

    /// <summary>One group's running totals, mirroring the store's SELECT list column by column.</summary>
    private sealed class Accumulator
    {
        private long _count, _refunds, _payouts, _quantity, _unconverted;
        private string? _currency, _reportingCurrency, _country;
        private bool _mixedCurrencies, _mixedReportingCurrencies;
        // decimal_sum (SQLite) and COALESCE(SUM(x), 0) (SQL Server) both start at 0 and skip NULLs.
        private decimal _gross, _fees, _sellerTax, _marketplaceTax, _shipping, _net, _refundAmount, _payoutAmount;
        private decimal _convertedGross, _convertedNet, _convertedFees, _convertedTaxes, _convertedShipping, _convertedRefundAmount, _convertedPayoutAmount;

        /// <summary>Rows of every kind.</summary>
        public long Rows { get; private set; }

        public DateTime? FirstSaleDate { get; private set; }
        public DateTime? LastSaleDate { get; private set; }

        public void Add(RevenueRow row)
        {
            NoteCurrency(row.Currency);
            if (row.ReportingCurrency is null) _unconverted++;
            else NoteReportingCurrency(row.ReportingCurrency);
            NoteCountry(row.Country);
            var date = StoredValues.ToStoredTime(row.SaleDate);
            if (FirstSaleDate is null || date < FirstSaleDate) FirstSaleDate = date;
            if (LastSaleDate is null || date > LastSaleDate) LastSaleDate = date;
            Rows++;

            switch (ItemTypes.KindOf(row.ItemType))
            {
                case ItemKind.Payout:
                    _payouts++;
                    _payoutAmount += row.NetAmount ?? 0m;
                    _convertedPayoutAmount += row.ConvertedNetAmount ?? 0m;
                    break;
                case ItemKind.Refund:
                    _refunds++;
                    _refundAmount += row.NetAmount ?? 0m;
                    _net += row.NetAmount ?? 0m;
                    _convertedRefundAmount += row.ConvertedNetAmount ?? 0m;
                    _convertedNet += row.ConvertedNetAmount ?? 0m;
                    break;
                default:
                    _count++;
                    _quantity += row.Quantity ?? 0;
                    _gross += row.ItemTotal ?? 0m;
                    _fees += row.TransactionFee ?? 0m;
                    _sellerTax += row.SellerTax ?? 0m;
                    _marketplaceTax += row.MarketplaceTax ?? 0m;
                    _shipping += row.Shipping ?? 0m;
                    _net += row.NetAmount ?? 0m;
                    _convertedGross += row.ConvertedItemTotal ?? 0m;
                    _convertedNet += row.ConvertedNetAmount ?? 0m;
                    _convertedFees += row.ConvertedTransactionFee ?? 0m;
                    _convertedTaxes += row.ConvertedTaxes ?? 0m;
                    _convertedShipping += row.ConvertedShipping ?? 0m;
                    break;
            }
        }

        /// <summary>Adds another group's totals, as if its rows had been added here (exact sums do not depend on the order).</summary>
        public void Merge(Accumulator other)
        {
            if (other.Rows == 0) return;
            if (other._mixedCurrencies) _mixedCurrencies = true;
            NoteCurrency(other._currency);
            if (other._mixedReportingCurrencies) _mixedReportingCurrencies = true;
            if (other._reportingCurrency is not null) NoteReportingCurrency(other._reportingCurrency);
            NoteCountry(other._country);
            if (FirstSaleDate is null || other.FirstSaleDate < FirstSaleDate) FirstSaleDate = other.FirstSaleDate;
            if (LastSaleDate is null || other.LastSaleDate > LastSaleDate) LastSaleDate = other.LastSaleDate;
            Rows += other.Rows;
            _count += other._count; _refunds += other._refunds; _payouts += other._payouts;
            _quantity += other._quantity; _unconverted += other._unconverted;
            _gross += other._gross; _fees += other._fees; _sellerTax += other._sellerTax; _marketplaceTax += other._marketplaceTax;
            _shipping += other._shipping; _net += other._net; _refundAmount += other._refundAmount; _payoutAmount += other._payoutAmount;
            _convertedGross += other._convertedGross; _convertedNet += other._convertedNet; _convertedFees += other._convertedFees;
            _convertedTaxes += other._convertedTaxes; _convertedShipping += other._convertedShipping;
            _convertedRefundAmount += other._convertedRefundAmount; _convertedPayoutAmount += other._convertedPayoutAmount;
        }

        private void NoteCurrency(string? currency)
        {
            if (Rows == 0) _currency = currency;
            else if (!string.Equals(_currency, currency, StringComparison.Ordinal)) _mixedCurrencies = true;
        }

        private void NoteReportingCurrency(string reportingCurrency)
        {
            if (_reportingCurrency is null) _reportingCurrency = reportingCurrency;
            else if (!string.Equals(_reportingCurrency, reportingCurrency, StringComparison.Ordinal)) _mixedReportingCurrencies = true;
        }

        private void NoteCountry(string? country)
        {
            if (country is not null && (_country is null || CodePointOrder.Compare(country, _country) < 0)) _country = country;
        }

        public RevenueSummaryRow ToRow(GroupKey key, IReadOnlyList<RevenueGroupBy> keys)
        {
            var oneCurrency = Rows > 0 && !_mixedCurrencies;
            var converted = Rows > 0 && _unconverted == 0 && !_mixedReportingCurrencies;
            decimal? Native(decimal sum) => oneCurrency ? CurrencyMinorUnits.Written(sum, _currency) : null;
            decimal? Converted(decimal sum) => converted ? CurrencyMinorUnits.Written(sum, _reportingCurrency) : null;
            return new RevenueSummaryRow
            {
                Year = key.Year,
                Month = key.Month,
                Day = key.Day,
                Artist = key.Artist,
                Release = key.Release,
                CatalogNumber = key.CatalogNumber,
                ItemType = key.ItemType,
                CountryCode = key.CountryCode,
                Country = keys.Contains(RevenueGroupBy.Country) ? _country : null,
                Source = key.Source,
                BandId = key.BandId,
                Currency = oneCurrency ? _currency : null,
                SaleCount = _count,
                Quantity = _quantity,
                Gross = Native(_gross),
                Fees = Native(_fees),
                Taxes = Native(_sellerTax + _marketplaceTax),
                Shipping = Native(_shipping),
                Net = Native(_net),
                Refunds = _refunds,
                RefundAmount = Native(_refundAmount),
                Payouts = _payouts,
                PayoutAmount = Native(_payoutAmount),
                ReportingCurrency = converted ? _reportingCurrency : null,
                ConvertedGross = Converted(_convertedGross),
                ConvertedNet = Converted(_convertedNet),
                ConvertedFees = Converted(_convertedFees),
                ConvertedTaxes = Converted(_convertedTaxes),
                ConvertedShipping = Converted(_convertedShipping),
                ConvertedRefundAmount = Converted(_convertedRefundAmount),
                ConvertedPayoutAmount = Converted(_convertedPayoutAmount),
                UnconvertedCount = _unconverted,
            };
        }
    }
}

/// <summary>
/// Orders strings by Unicode code point, which is the order of their UTF-8 bytes: what SQLite's BINARY collation
/// does. Plain ordinal comparison of UTF-16 differs only where a surrogate pair (an emoji) meets a character from
/// U+E000 to U+FFFF. Null sorts first, as NULL does in an ascending ORDER BY.
/// </summary>
internal static class CodePointOrder
{
    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            // Surrogates (D800–DFFF) move above E000–FFFF; both stay below nothing else. The first differing code
            // unit decides, as in ICU's code point order for UTF-16.
            return Fix(x).CompareTo(Fix(y));
        }
        return a.Length.CompareTo(b.Length);

        static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
