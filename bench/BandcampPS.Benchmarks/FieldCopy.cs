using BandcampPS.Engine.Sales;

namespace BandcampPS.Benchmarks;

/// <summary>
/// The floor of the map/validate/hash stage: every field of a sale copied into arrays allocated beforehand (text by
/// reference, numbers by value), nothing checked, nothing computed, nothing allocated per row.
/// </summary>
internal sealed class FieldCopy(int rows)
{
    private const int TextFields = 38;
    private const int MoneyFields = 12;
    private readonly string?[] _text = new string?[rows * TextFields];
    private readonly decimal?[] _money = new decimal?[rows * MoneyFields];
    private readonly long?[] _ids = new long?[rows * 3];
    private readonly int?[] _quantity = new int?[rows];
    private readonly DateTime[] _dates = new DateTime[rows];
    private readonly BandcampSaleSource[] _sources = new BandcampSaleSource[rows];

    public void Copy(int row, BandcampSale sale)
    {
        var t = row * TextFields;
        var m = row * MoneyFields;
        var i = row * 3;
        _sources[row] = sale.Source;
        _dates[row] = sale.SaleDate;
        _quantity[row] = sale.Quantity;
        _ids[i] = sale.BandId;
        _ids[i + 1] = sale.MemberBandId;
        _ids[i + 2] = sale.TransactionItemId;
        _text[t + 0] = sale.TransactionId;
        _text[t + 1] = sale.RelatedTransactionId;
        _text[t + 2] = sale.PaidTo;
        _text[t + 3] = sale.ItemType;
        _text[t + 4] = sale.ItemName;
        _text[t + 5] = sale.Artist;
        _text[t + 6] = sale.Currency;
        _text[t + 7] = sale.DiscountCode;
        _text[t + 8] = sale.ShipFromCountryName;
        _text[t + 9] = sale.FeeType;
        _text[t + 10] = sale.PaypalTransactionId;
        _text[t + 11] = sale.Package;
        _text[t + 12] = sale.Option;
        _text[t + 13] = sale.ItemUrl;
        _text[t + 14] = sale.CatalogNumber;
        _text[t + 15] = sale.Upc;
        _text[t + 16] = sale.Isrc;
        _text[t + 17] = sale.BuyerName;
        _text[t + 18] = sale.BuyerEmail;
        _text[t + 19] = sale.BuyerPhone;
        _text[t + 20] = sale.BuyerNote;
        _text[t + 21] = sale.ShipToName;
        _text[t + 22] = sale.ShipToStreet;
        _text[t + 23] = sale.ShipToStreet2;
        _text[t + 24] = sale.ShipToCity;
        _text[t + 25] = sale.ShipToState;
        _text[t + 26] = sale.ShipToZip;
        _text[t + 27] = sale.ShipToCountry;
        _text[t + 28] = sale.ShipToCountryCode;
        _text[t + 29] = sale.ShipDate;
        _text[t + 30] = sale.ShipNotes;
        _text[t + 31] = sale.Country;
        _text[t + 32] = sale.CountryCode;
        _text[t + 33] = sale.RegionOrState;
        _text[t + 34] = sale.City;
        _text[t + 35] = sale.Referer;
        _text[t + 36] = sale.RefererUrl;
        _text[t + 37] = sale.Sku;
        _money[m + 0] = sale.ItemPrice;
        _money[m + 1] = sale.SubTotal;
        _money[m + 2] = sale.AdditionalFanContribution;
        _money[m + 3] = sale.SellerTax;
        _money[m + 4] = sale.MarketplaceTax;
        _money[m + 5] = sale.TaxRate;
        _money[m + 6] = sale.CollectionSocietyShare;
        _money[m + 7] = sale.Shipping;
        _money[m + 8] = sale.TransactionFee;
        _money[m + 9] = sale.ItemTotal;
        _money[m + 10] = sale.AmountYouReceived;
        _money[m + 11] = sale.NetAmount;
    }
}
