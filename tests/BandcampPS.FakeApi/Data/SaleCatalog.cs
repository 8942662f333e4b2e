namespace BandcampPS.FakeApi;

internal sealed record Release(string Title, string Slug, string CatalogNumber, string Upc, string[] Tracks);

internal sealed record BuyerPlace(
    string Country, string Code, string Region, string City, string Currency, decimal? VatRate, string Zip, string Street);

internal sealed record PackageFormat(string Name, string SkuSuffix, string[]? Options);

/// <summary>
/// The names the generator draws from. Many are hostile on purpose: quotes, commas, newlines,
/// apostrophes, SQL-shaped text, non-Latin scripts and emoji must all survive a client's
/// JSON parsing, CSV round-trips and database writes.
/// </summary>
internal static class SaleCatalog
{
    public const string SqlInjection = "Robert'); DROP TABLE RevenueRow;--";

    private static readonly Release[] FirstArtist =
    [
        new("Night Studies", "night-studies", "EXL012", "", ["Opening", "Night Study No. 1", "Coda"]),
        new("Songs for \"Quiet\" Rooms", "songs-for-quiet-rooms", "EXL014", "0196925123456", ["Room One", "\"Room\" Two", "Room, Three"]),
        new("Rain, Steel & Glass", "rain-steel-glass", "EXL017", "", ["Rain", "Steel", "Glass\nReprise"]),
        new(SqlInjection, "robert-drop-table", "EXL019", "", [SqlInjection, "Little Bobby Tables"]),
        new("夜の研究 (日本語版)", "yoru-no-kenkyu", "EXL021", "0196925654321", ["夜", "研究", "終わり"]),
    ];

    private static readonly Release[] SecondArtist =
    [
        new("Ελληνικά Τραγούδια", "ellinika-tragoudia", "EXL013", "", ["Θάλασσα", "Ήλιος"]),
        new("Ärger im Café", "aerger-im-cafe", "EXL015", "0196925111111", ["Straße", "Größe", "Ü-Bahn"]),
        new("Line one\nLine two", "line-one-line-two", "EXL018", "", ["First line\r\nSecond line", "Tab\tSeparated"]),
        new("O'Brien's Wake", "obriens-wake", "EXL020", "", ["Don't Stop", "It's O'Clock"]),
        new("🎧 Headphone Music 🎶", "headphone-music", "EXL022", "", ["🎵", "Bass 🔊"]),
    ];

    private static readonly Release[] Solo =
    [
        new("Solo Recordings, Vol. 1", "solo-recordings-vol-1", "", "", ["Alone", "Together, Apart"]),
        new("Demo \"Tapes\" 2019–2021", "demo-tapes", "SB-002", "", ["Tape A", "Tape B"]),
        new("Бессонница", "bessonnitsa", "SB-003", "0196925222222", ["Ночь", "Утро"]),
    ];

    private static readonly Release[] LabelSelf =
    [
        new("Example Label Sampler 2021", "sampler-2021", "EXLCOMP1", "", ["Various, Track 1", "Various, Track 2"]),
        new("10 Years of \"Example\"", "ten-years", "EXLCOMP2", "0196925333333", ["Anniversary"]),
    ];

    public static IReadOnlyList<Release> ReleasesOf(BandSlot slot) => slot switch
    {
        BandSlot.FirstArtist => FirstArtist,
        BandSlot.SecondArtist => SecondArtist,
        BandSlot.LabelSelf => LabelSelf,
        _ => Solo,
    };

    public static string SubdomainOf(BandSlot slot) => slot switch
    {
        BandSlot.FirstArtist => FakeBands.FirstArtistSubdomain,
        BandSlot.SecondArtist => FakeBands.SecondArtistSubdomain,
        BandSlot.LabelSelf => FakeBands.LabelSubdomain,
        _ => FakeBands.SoloBandSubdomain,
    };

    public static string ArtistOf(BandSlot slot) => slot switch
    {
        BandSlot.FirstArtist => FakeBands.FirstArtistName,
        BandSlot.SecondArtist => FakeBands.SecondArtistName,
        BandSlot.LabelSelf => "Various Artists",
        _ => FakeBands.SoloBandName,
    };

    public const string FeaturingSuffix = " feat. \"MC Comma, Jr.\"";

    public static readonly string[] BuyerNames =
    [
        "A. Buyer", "Zoë Ångström", "José \"Pepe\" García", "山田 太郎", SqlInjection, "O'Connor, Siobhán",
        "Γιώργος Παπαδόπουλος", "Иван Петров", "Emoji Fan 😀", "Line\nBreak", "Chris Smith", "Maria Rossi",
    ];

    public static readonly BuyerPlace[] Places =
    [
        new("United States", "US", "California", "Los Angeles", "USD", null, "90012", "1 Main St, Apt \"B\""),
        new("United States", "US", "New York", "New York", "USD", null, "10001", "350 5th Ave"),
        new("Germany", "DE", "Berlin", "Berlin", "EUR", 19m, "10115", "Invalidenstraße 1"),
        new("France", "FR", "Île-de-France", "Paris", "EUR", 20m, "75001", "1 Rue de Rivoli"),
        new("Greece", "GR", "Αττική", "Αθήνα", "EUR", 24m, "105 57", "Οδός Ερμού 1"),
        new("United Kingdom", "GB", "England", "London", "GBP", 20m, "SW1A 1AA", "10 Downing St"),
        new("Canada", "CA", "Ontario", "Toronto", "CAD", null, "M5V 2T6", "290 Bremner Blvd"),
        new("Australia", "AU", "Victoria", "Melbourne", "AUD", 10m, "3000", "1 Collins St"),
        new("Japan", "JP", "東京都", "渋谷区", "JPY", 10m, "150-0001", "神宮前1-1-1"),
    ];

    public static readonly PackageFormat[] Packages =
    [
        new("Vinyl LP", "LP", null),
        new("Compact Disc (CD)", "CD", null),
        new("Cassette", "CS", null),
        new("T-Shirt/Apparel", "TS", ["Black, M", "Black, XL", "White, S"]),
    ];

    public static readonly string[] DiscountCodes = ["SPRING20", "FRIENDS", "o'reilly-20"];

    public static readonly string?[] Referers = ["bandcamp", "direct", "google", "twitter.com", "fan collection", null];

    public static readonly string[] BuyerNotes =
    [
        "Please ship \"carefully\", thanks!", "Gift for my sister\nHappy birthday!", "ありがとう", SqlInjection,
    ];
}
