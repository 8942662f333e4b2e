using BandcampPS.Engine;
using BandcampPS.Engine.Merch;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Each band's merch, read once per command run (also under -WhatIf, so the dry run shows real before-and-after
/// values), for the cmdlets that change merch. A band whose merch cannot be read is reported once; its rows are skipped.
/// </summary>
internal sealed class MerchCache
{
    private readonly Dictionary<long, MerchPlanner?> _byBand = [];

    public MerchPlanner? For(BandcampCmdlet cmdlet, BandcampConnection connection, long bandId)
    {
        if (_byBand.TryGetValue(bandId, out var known)) return known;
        MerchPlanner? planner = null;
        if (cmdlet.TryOrWriteError(() => cmdlet.RunEngine(token => connection.Merch.GetMerchAsync(new MerchQuery(bandId), token)), bandId, out var rows))
        {
            foreach (var error in rows.Where(r => r.Error is not null)) cmdlet.WriteError(ErrorRecords.From(error.Error!));
            planner = new MerchPlanner(rows.Where(r => r.Item is not null).Select(r => r.Item!).ToList());
        }
        _byBand[bandId] = planner;
        return planner;
    }
}
