namespace BandcampPS.Engine.Bands;

/// <summary>
/// A band or label the credentials can act for (account/1/my_bands). A label member band is emitted with the
/// label's <see cref="BandId"/> and its own <see cref="MemberBandId"/>, the two values Get-BandcampSale binds by name.
/// </summary>
public sealed class BandcampBand
{
    public long BandId { get; init; }
    public long? MemberBandId { get; init; }
    public string Name { get; init; } = "";
    public string? Subdomain { get; init; }
    public bool IsLabel { get; init; }
    public int MemberCount { get; init; }

    /// <summary>For a member band: the label's name.</summary>
    public string? LabelName { get; init; }

    /// <summary>"band 3000000001", or "band 3000000001 member 3000000002" for a member of a label: how every message names what it read or sent for.</summary>
    internal static string Describe(long bandId, long? memberBandId) =>
        memberBandId is { } member ? $"band {bandId} member {member}" : $"band {bandId}";

    public override string ToString() => MemberBandId is { } member ? $"{Name} ({BandId}/{member})" : $"{Name} ({BandId})";
}
