using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Xml.Linq;

namespace BandcampPS.Module.Tests;

/// <summary>
/// module/BandcampPS.Format.ps1xml against the types the cmdlets really write. This host has no Format-Table, so the
/// views are checked as data: every output type has a table view, and every column names a real property or holds
/// a script block that parses. A renamed property would otherwise show as an empty column, silently.
/// </summary>
public sealed class FormatViewTests : IDisposable
{
    private readonly PowerShellHost _shell = new();

    public void Dispose() => _shell.Dispose();

    private static XElement FormatFile() =>
        XElement.Load(Path.Combine(PowerShellHost.RepoRoot, "out", "BandcampPS", "BandcampPS.Format.ps1xml"));

    /// <summary>Every type an exported cmdlet declares in [OutputType], by full name (the engine's types load on demand).</summary>
    private Dictionary<string, Type> OutputTypes()
    {
        var cmdlets = _shell.Run("(Get-Module BandcampPS).ExportedCmdlets.Values").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();
        Assert.NotEmpty(cmdlets);
        return cmdlets
            .SelectMany(c => c.ImplementingType.GetCustomAttributes<OutputTypeAttribute>(inherit: true))
            .SelectMany(a => a.Type)
            .Select(t => t.Type)
            .OfType<Type>()
            .Where(t => t != typeof(void))
            .DistinctBy(t => t.FullName)
            .ToDictionary(t => t.FullName!);
    }

    [Fact]
    public void Every_output_type_of_every_cmdlet_has_a_table_or_list_view()
    {
        var viewed = FormatFile().Descendants("View").Select(v => v.Element("ViewSelectedBy")?.Element("TypeName")?.Value).ToHashSet();
        var missing = OutputTypes().Keys.Where(name => !viewed.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "No view in BandcampPS.Format.ps1xml for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_view_column_names_a_real_property_or_a_script_block_that_parses_under_a_header_that_fits()
    {
        var types = OutputTypes();
        var problems = new List<string>();
        foreach (var view in FormatFile().Descendants("View"))
        {
            var name = view.Element("Name")?.Value;
            var typeName = view.Element("ViewSelectedBy")?.Element("TypeName")?.Value ?? "";
            if (!types.TryGetValue(typeName, out var type))
            {
                problems.Add($"view {name}: {typeName} is no cmdlet's output type");
                continue;
            }
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var property in view.Descendants("PropertyName").Select(p => p.Value))
            {
                if (!properties.Contains(property)) problems.Add($"view {name}: {type.Name} has no property {property}");
            }
            foreach (var script in view.Descendants("ScriptBlock").Select(s => s.Value))
            {
                Parser.ParseInput(script, out _, out var errors);
                if (errors.Length > 0) problems.Add($"view {name}: script block does not parse: {errors[0].Message}: {script}");
            }
            if (view.Element("TableControl") is { } table)
            {
                var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").Count();
                // A label longer than its width wraps over several lines in every table (a 3-wide "Country" did).
                foreach (var header in table.Element("TableHeaders")!.Elements("TableColumnHeader"))
                {
                    var (label, width) = (header.Element("Label")?.Value, (int?)header.Element("Width"));
                    if (label is not null && width < label.Length) problems.Add($"view {name}: header {label} is wider than its {width} columns");
                }
                var labels = table.Element("TableHeaders")!.Elements("TableColumnHeader").Select(h => h.Element("Label")?.Value).ToList();
                foreach (var row in table.Descendants("TableColumnItems"))
                {
                    var items = row.Elements("TableColumnItem").Select(i => i.Element("PropertyName")?.Value).ToList();
                    if (items.Count != headers) problems.Add($"view {name}: {headers} headers but {items.Count} columns");
                    // A column headed with a property's name shows that property: "Refunds" over RefundAmount read as
                    // the amount on screen while the exported Refunds column is a count.
                    for (var i = 0; i < Math.Min(items.Count, labels.Count); i++)
                    {
                        if (items[i] is { } shown && labels[i] is { } label && properties.Contains(label) && !string.Equals(label, shown, StringComparison.OrdinalIgnoreCase))
                            problems.Add($"view {name}: the column headed {label} shows {shown}, another property");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
