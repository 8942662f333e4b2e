using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Sets the SKU of packages and options (update_sku), from Get-BandcampMerch rows or a file of ids and SKUs.</summary>
[Cmdlet(VerbsCommon.Set, "BandcampMerchSku", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BandcampMerchSkuChange))]
public sealed class SetBandcampMerchSkuCommand : BandcampConnectedCmdlet
{
    private UpdateBatch<BandcampMerchSkuChange>? _batch;

    private UpdateBatch<BandcampMerchSkuChange> Batch => _batch ??= new(this, () => ActiveConnection, CancellationToken,
        (merch, items, applied, refused, token) => merch.UpdateSkusAsync(items, applied, refused, token), MerchRefusals.Sku);

    protected override void EndProcessing() => _batch?.Flush();

    /// <summary>The band or label the merch belongs to: its merch is read first, to check the items and show the old SKU.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long PackageId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? OptionId { get; set; }

    /// <summary>The new SKU.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Sku { get; set; } = "";

    private readonly MerchCache _merch = new();

    // Get-BandcampMerch writes one row per origin; a SKU belongs to the package or option, so each is sent once.
    private readonly Dictionary<(long, long?), string> _planned = [];

    protected override void ProcessRecord()
    {
        if (_merch.For(this, ActiveConnection, BandId) is not { } planner) return;
        var item = new MerchItemRef(BandId, PackageId, OptionId is > 0 ? OptionId : null, null, null);
        if (!TryOrWriteError(() => planner.PlanSku(item, Sku), item, out var change)) return;
        if (_planned.TryGetValue((change.PackageId, change.OptionId), out var earlier))
        {
            if (!string.Equals(earlier, change.Sku, StringComparison.Ordinal))
                WriteError(ErrorRecords.Create(BandcampErrorIds.MerchItemAmbiguous, ErrorCategory.InvalidArgument,
                    $"{change} was already given the SKU '{earlier}' in this run; '{change.Sku}' is left out.", change));
            return;
        }
        _planned[(change.PackageId, change.OptionId)] = change.Sku;
        if (ShouldProcess($"{change.Title} ({change})", $"Set SKU from '{change.PreviousSku}' to '{change.Sku}'")) Batch.Enqueue(change);
    }
}
