using System.Globalization;
using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Infrastructure;

/// <summary>
/// A sale the module exported with Export-Csv and Import-Csv read back (a PSCustomObject of text properties named
/// like BandcampSale's), turned into the sale again by the engine (<see cref="ExportedSale"/>), reading numbers and
/// dates in the session's culture, the one Export-Csv wrote them in.
/// </summary>
internal static class ExportedSaleInput
{
    /// <summary>False when <paramref name="input"/> is not an exported sale at all; true with a sale or the reason it cannot be read.</summary>
    public static bool TryRead(object? input, out BandcampSale? sale, out BandcampException? problem)
    {
        sale = null;
        problem = null;
        if (input is not PSObject wrapped || wrapped.BaseObject is not PSCustomObject) return false;
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in wrapped.Properties)
            fields[property.Name] = property.Value is null ? null : Convert.ToString(property.Value, CultureInfo.CurrentCulture);
        if (!ExportedSale.IsExportedSale(fields)) return false;
        try
        {
            sale = ExportedSale.Parse(fields, CultureInfo.CurrentCulture);
        }
        catch (BandcampException ex)
        {
            problem = ex;
        }
        return true;
    }
}

/// <summary>
/// Lets a parameter typed BandcampSale take the module's own Export-Csv output read back with Import-Csv
/// (<c>Import-Csv q1.csv | Import-BandcampRevenue</c>). Anything else passes through for PowerShell to bind or refuse.
/// </summary>
public sealed class BandcampSaleTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (!ExportedSaleInput.TryRead(inputData, out var sale, out var problem)) return inputData;
        if (problem is not null) throw new ArgumentTransformationMetadataException(problem.Message, problem);
        return sale;
    }
}
