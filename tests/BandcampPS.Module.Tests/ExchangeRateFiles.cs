using System.IO.Compression;
using System.Management.Automation;
using System.Reflection;
using System.Text;

namespace BandcampPS.Module.Tests;

/// <summary>
/// A temp folder holding <see cref="ImportCurrencyTests.Ecb"/> (a week around Easter 2024) as eurofxref-hist.zip and
/// .csv, and sales made in the module's own load context (a BandcampSale of this test's context would not bind).
/// </summary>
public sealed class ExchangeRateFiles : IDisposable
{
    public ExchangeRateFiles()
    {
        Directory.CreateDirectory(Folder);
        Zip = Path.Combine(Folder, "eurofxref-hist.zip");
        File.WriteAllBytes(Zip, ZipBytes(ImportCurrencyTests.Ecb));
        Csv = Path.Combine(Folder, "eurofxref-hist.csv");
        File.WriteAllText(Csv, ImportCurrencyTests.Ecb);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bcps-fxcmd-" + Guid.NewGuid().ToString("N"));
    public string Zip { get; }
    public string Csv { get; }

    public static byte[] ZipBytes(string csv)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("eurofxref-hist.csv");
            // A fixed time, as in the engine tests' EcbFixture: CreateEntry stamps "now", so two calls could differ.
            entry.LastWriteTime = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(csv);
        }
        return buffer.ToArray();
    }

    /// <summary>The module's BandcampSale type: what Get-BandcampSale declares it writes.</summary>
    public static Type SaleType(PowerShellHost shell)
    {
        var command = (CmdletInfo)shell.Run("Get-Command Get-BandcampSale").Output.Single().BaseObject;
        return command.ImplementingType.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type).Select(t => t.Type).OfType<Type>().Single();
    }

    /// <summary>An album sale with an item total, a fee of -1.30 and the net amount in between.</summary>
    public static object Sale(Type saleType, long itemId, string currency, decimal itemTotal, DateTime saleDateUtc)
    {
        var sale = Activator.CreateInstance(saleType)!;
        void Set(string name, object? value) => saleType.GetProperty(name)!.SetValue(sale, value);
        Set("BandId", 3000000001L);
        Set("TransactionId", "T" + itemId);
        Set("TransactionItemId", itemId);
        Set("SaleDate", saleDateUtc);
        Set("ItemType", "album");
        Set("ItemName", "Tides " + itemId);
        Set("Artist", "First Artist");
        Set("Currency", currency);
        Set("ItemPrice", itemTotal);
        Set("Quantity", 1);
        Set("ItemTotal", itemTotal);
        Set("TransactionFee", -1.30m);
        Set("NetAmount", itemTotal - 1.30m);
        return sale;
    }

    public static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
