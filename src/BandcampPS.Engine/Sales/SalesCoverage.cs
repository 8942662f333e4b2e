namespace BandcampPS.Engine.Sales;

/// <summary>
/// Keeps one Get-BandcampSale run from counting a sale twice when both a label and its member bands are piped in
/// (Get-BandcampBand -IncludeMemberBands | Get-BandcampSale). A whole label covers its members, so members that
/// come after it are skipped; a label that comes after some of its members is fetched with the members' item ids
/// excluded, because report rows do not say which member they belong to.
/// </summary>
public sealed class SalesCoverage
{
    private readonly HashSet<long> _wholeBands = [];
    private readonly HashSet<(long Band, long Member)> _members = [];
    private readonly Dictionary<long, HashSet<long>> _memberItemIds = [];

    /// <summary>Null when the request is new; otherwise why it is already covered.</summary>
    public string? AlreadyCovered(long bandId, long? memberBandId)
    {
        if (_wholeBands.Contains(bandId))
            return memberBandId is null ? $"band {bandId} was already read in this run" : $"its label {bandId} was already read whole in this run";
        if (memberBandId is { } member && _members.Contains((bandId, member)))
            return $"member band {member} of {bandId} was already read in this run";
        return null;
    }

    public void Begin(long bandId, long? memberBandId)
    {
        if (memberBandId is { } member) _members.Add((bandId, member));
        else _wholeBands.Add(bandId);
    }

    /// <summary>True when the sale should be emitted (it was not already emitted through a member band).</summary>
    public bool Admit(BandcampSale sale)
    {
        if (sale.TransactionItemId is not { } itemId) return true;
        if (sale.MemberBandId is not null)
        {
            if (!_memberItemIds.TryGetValue(sale.BandId, out var ids)) _memberItemIds[sale.BandId] = ids = [];
            return ids.Add(itemId);
        }
        return !_memberItemIds.TryGetValue(sale.BandId, out var seen) || !seen.Contains(itemId);
    }
}
