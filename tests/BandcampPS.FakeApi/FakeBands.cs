namespace BandcampPS.FakeApi;

/// <summary>
/// The accounts the fake client can act for. Ids are above 2^31 like Bandcamp's, so an int column fails.
/// </summary>
public static class FakeBands
{
    public const long LabelId = 3000000001;
    public const string LabelName = "Example Label";
    public const string LabelSubdomain = "examplelabel";

    public const long FirstArtistId = 3000000002;
    public const string FirstArtistName = "First Artist";
    public const string FirstArtistSubdomain = "firstartist";

    public const long SecondArtistId = 3000000003;
    // Cyrillic "С" and a diacritic: proves names are never assumed ASCII or Latin-1.
    public const string SecondArtistName = "\u0421econd \u00C4rtist";
    public const string SecondArtistSubdomain = "secondartist";

    public const long SoloBandId = 3000000010;
    public const string SoloBandName = "Solo Band";
    public const string SoloBandSubdomain = "soloband";

    /// <summary>Ids a label's report may be filtered to; the label lists itself as a member, as seen live.</summary>
    public static IReadOnlyList<long> LabelMemberIds { get; } = [FirstArtistId, SecondArtistId, LabelId];

    /// <summary>Ids that may be passed as band_id.</summary>
    public static IReadOnlyList<long> TopLevelIds { get; } = [LabelId, SoloBandId];

    public static bool IsTopLevel(long bandId) => bandId is LabelId or SoloBandId;

    /// <summary>Whether member_band_id may narrow a report requested for bandId.</summary>
    public static bool CanFilterTo(long bandId, long memberBandId) => bandId switch
    {
        LabelId => LabelMemberIds.Contains(memberBandId),
        SoloBandId => memberBandId == SoloBandId,
        _ => false,
    };
}
