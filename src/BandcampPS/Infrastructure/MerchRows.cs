using System.Management.Automation;
using BandcampPS.Engine.Merch;

namespace BandcampPS.Infrastructure;

/// <summary>How the merch Get- cmdlets write what Bandcamp answered.</summary>
internal static class MerchRows
{
    /// <summary>
    /// Each unreadable row as one error, each row once per run: a label read whole already holds its artists' rows,
    /// so piping Get-BandcampBand -IncludeMemberBands in writes nothing twice.
    /// </summary>
    public static void Write<T, TKey>(Cmdlet cmdlet, IEnumerable<MerchRowResult<T>> rows, HashSet<TKey> written, Func<T, TKey> key) where T : class
    {
        foreach (var row in rows)
        {
            if (row.Error is { } error) cmdlet.WriteError(ErrorRecords.From(error));
            else if (written.Add(key(row.Item!))) cmdlet.WriteObject(row.Item);
        }
    }
}
