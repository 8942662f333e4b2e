using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Sets the available quantity of packages and options, per shipping origin (update_quantities): from
/// Get-BandcampMerch rows, or from a warehouse file by SKU. Each change is sent with the quantity sold last seen, so a
/// sale in between makes Bandcamp refuse it (reported as a conflict, never retried with the new count).
/// </summary>
[Cmdlet(VerbsCommon.Set, "BandcampMerchQuantity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BandcampMerchQuantityChange))]
public sealed class SetBandcampMerchQuantityCommand : BandcampConnectedCmdlet
{
    private UpdateBatch<BandcampMerchQuantityChange>? _batch;

    private UpdateBatch<BandcampMerchQuantityChange> Batch => _batch ??= new(this, () => ActiveConnection, CancellationToken,
        (merch, items, applied, refused, token) => merch.UpdateQuantitiesAsync(items, applied, refused, token), MerchRefusals.Quantity);

    protected override void EndProcessing() => _batch?.Flush();

    /// <summary>The band or label the merch belongs to: its merch is read first, to find items and their sold counts.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    // PackageId and Sku are two ways to name the item, not parameter sets: PowerShell settles a set per piped object
    // before coercing values, and objects holding both names (or typed ids) were bound to the wrong one.

    /// <summary>The package; with it the item is found by ids (Get-BandcampMerch rows carry them).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? PackageId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? OptionId { get; set; }

    /// <summary>Without -PackageId, the item is found by its SKU (a warehouse file).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Sku { get; set; }

    /// <summary>Required when the item ships from more than one origin.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? OriginId { get; set; }

    /// <summary>The new number available for sale.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue)]
    [Alias("Quantity", "Stock")]
    public int QuantityAvailable { get; set; }

    /// <summary>The sold count the new quantity is based on (Get-BandcampMerch's); default: the count read now.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? QuantitySold { get; set; }

    private readonly MerchCache _merch = new();

    protected override void ProcessRecord()
    {
        if (_merch.For(this, ActiveConnection, BandId) is not { } planner) return;
        // An empty CSV cell binds as 0 or "": no package, option or origin.
        var byId = PackageId is > 0;
        if (!byId && string.IsNullOrWhiteSpace(Sku))
        {
            WriteError(ErrorRecords.Create(BandcampErrorIds.MerchItemNotFound, ErrorCategory.InvalidArgument,
                $"A new quantity of {QuantityAvailable} names no item: give PackageId (and OptionId) or Sku.", QuantityAvailable));
            return;
        }
        var item = new MerchItemRef(BandId, byId ? PackageId : null, byId && OptionId is > 0 ? OptionId : null,
            OriginId is > 0 ? OriginId : null, byId ? null : Sku);
        if (!TryOrWriteError(() => planner.PlanQuantity(item, QuantityAvailable, QuantitySold), item, out var change)) return;
        var before = change.PreviousQuantityAvailable is { } previous ? previous.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unlimited";
        if (ShouldProcess($"{change.Title} ({change}, SKU {change.Sku})",
                $"Set quantity available from {before} to {change.QuantityAvailable} ({change.QuantitySold} sold)"))
            Batch.Enqueue(change);
    }
}
