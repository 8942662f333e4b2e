using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>A purchase line: album, track, package (physical), bundle, or a $0 album/track.</summary>
internal static class SaleRow
{
    private static readonly decimal[] AlbumUnits = [7m, 8m, 10m, 12.5m];
    private static readonly decimal[] TrackUnits = [1m, 1.25m, 1.5m];
    private static readonly decimal[] PackageUnits = [18.5m, 20m, 25m, 30m];
    private static readonly decimal[] BundleUnits = [35m, 50m];
    private static readonly decimal[] ContributionUnits = [1m, 2m, 5m];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FakeSale Build(SaleFactory factory, SaleShape shape)
    {
        // Buyer, place, currency and payment method belong to the cart; the item to the row.
        var cart = factory.CartDraws(shape.Leader);
        var place = cart.Pick(SaleCatalog.Places);
        var currency = cart.Percent(20) ? "USD" : place.Currency;
        var buyerNumber = cart.Below(SaleCatalog.BuyerNames.Length * 50);
        var buyer = SaleCatalog.BuyerNames[buyerNumber % SaleCatalog.BuyerNames.Length];
        var viaPaypal = cart.Percent(30);
        var referer = cart.Pick(SaleCatalog.Referers);

        var row = factory.RowDraws(shape.Index);
        var trimmed = row.Percent(50);
        var release = row.Pick(SaleCatalog.ReleasesOf(shape.Slot));
        var subdomain = SaleCatalog.SubdomainOf(shape.Slot);
        var item = ItemText.Describe(shape, release, subdomain, ref row);
        var prices = PriceOf(shape.Kind, currency, place, ref row);
        var date = factory.TimeOf(shape.Index);
        var physical = shape.Kind == SaleKind.Package;
        decimal? P(decimal? v) => Money.Present(v, currency, trimmed);

        return new FakeSale
        {
            Index = shape.Index,
            BandId = shape.BandId,
            MemberBandId = shape.MemberBandId,
            DateUtc = date,
            BandcampTransactionId = factory.TransactionId(shape.Leader).ToString(System.Globalization.CultureInfo.InvariantCulture),
            BandcampTransactionItemId = factory.TransactionItemId(shape.Index),
            Date = BandcampDates.ToApi(date),
            PaidTo = viaPaypal ? "PayPal" : "Bandcamp",
            ItemType = item.ItemType,
            ItemName = item.Name,
            Artist = ArtistText(shape.Slot, ref row),
            Currency = currency,
            ItemPrice = P(prices.Price),
            Quantity = prices.Quantity,
            DiscountCode = prices.DiscountCode,
            SubTotal = P(prices.SubTotal),
            AdditionalFanContribution = P(prices.Contribution),
            SellerTax = P(prices.SellerTax),
            MarketplaceTax = P(prices.MarketplaceTax),
            TaxRate = P(prices.TaxRate),
            CollectionSocietyShare = P(prices.CollectionSocietyShare),
            Shipping = P(prices.Shipping),
            ShipFromCountryName = physical ? "Germany" : null,
            TransactionFee = P(prices.TransactionFee),
            FeeType = viaPaypal ? "paypal" : "bandcamp",
            ItemTotal = P(prices.ItemTotal),
            AmountYouReceived = P(prices.AmountYouReceived),
            PaypalTransactionId = viaPaypal ? PaypalId(cart.Next()) : null,
            NetAmount = P(prices.NetAmount),
            Package = item.Package,
            Option = item.Option,
            ItemUrl = item.Url,
            CatalogNumber = release.CatalogNumber.Length == 0 ? null : release.CatalogNumber,
            Upc = shape.Kind is SaleKind.Track or SaleKind.FreeTrack ? "" : release.Upc,
            Isrc = item.Isrc,
            BuyerName = buyer,
            BuyerEmail = $"buyer{buyerNumber}@example.invalid",
            BuyerPhone = physical && row.Percent(50) ? "+1 555-0100" : null,
            BuyerNote = row.Percent(5) ? row.Pick(SaleCatalog.BuyerNotes) : null,
            ShipToName = physical ? buyer : null,
            ShipToStreet = physical ? place.Street : null,
            ShipToStreet2 = physical && row.Percent(30) ? "Apt 4, \"rear\"" : null,
            ShipToCity = physical ? place.City : null,
            ShipToState = physical ? place.Region : null,
            ShipToZip = physical ? place.Zip : null,
            ShipToCountry = physical ? place.Country : null,
            ShipToCountryCode = physical ? place.Code : null,
            ShipDate = physical && row.Percent(70) ? BandcampDates.ToApi(date.AddDays(1 + row.Below(5)).AddMinutes(row.Below(600))) : null,
            ShipNotes = physical && row.Percent(10) ? "Left with neighbour, \"Mrs. O'Hara\"" : null,
            Country = place.Country,
            CountryCode = place.Code,
            RegionOrState = place.Region,
            City = place.City,
            Referer = referer,
            RefererUrl = referer switch
            {
                "google" => "https://www.google.com/search?q=%22first+artist%22,vinyl",
                "bandcamp" => "https://bandcamp.com/discover?tags=ambient,drone",
                _ => null,
            },
            Sku = item.Sku,
        };
    }

    private static string ArtistText(BandSlot slot, ref RowRandom row)
    {
        if (slot == BandSlot.LabelSelf && row.Percent(30)) return ""; // compilations often leave it blank
        var artist = SaleCatalog.ArtistOf(slot);
        return row.Percent(5) ? artist + SaleCatalog.FeaturingSuffix : artist;
    }

    private static PriceBreakdown PriceOf(SaleKind kind, string currency, BuyerPlace place, ref RowRandom row)
    {
        var units = kind switch
        {
            SaleKind.Album => row.Pick(AlbumUnits),
            SaleKind.Track => row.Pick(TrackUnits),
            SaleKind.Package => row.Pick(PackageUnits),
            SaleKind.Bundle => row.Pick(BundleUnits),
            _ => 0m,
        };
        var free = units == 0m;
        var discount = !free && row.Percent(8) ? row.Pick(SaleCatalog.DiscountCodes) : null;
        var contribution = !free && row.Percent(20) ? row.Pick(ContributionUnits) : (decimal?)null;
        var quantity = kind == SaleKind.Package && row.Percent(15) ? 2 + row.Below(2) : 1;
        var sellerTaxed = kind == SaleKind.Package && place.Code == "US" && row.Percent(50);
        var societyShare = !free && kind != SaleKind.Package && row.Percent(4);
        return PriceBreakdown.Compute(
            kind, currency, place, units, quantity, discount, contribution, sellerTaxed, societyShare);
    }

    private static string PaypalId(ulong draw)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        Span<char> id = stackalloc char[17];
        for (int i = 0; i < id.Length; i++, draw = StableHash.Mix(draw)) id[i] = alphabet[(int)(draw % (ulong)alphabet.Length)];
        return new string(id);
    }
}
