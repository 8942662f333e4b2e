using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Xml.Linq;

namespace BandcampPS.Module.Tests;

/// <summary>
/// What `Get-Help &lt;cmdlet&gt; -Full` shows for every cmdlet the built module exports, next to the cmdlet's real
/// metadata, read once in one runspace. The cmdlets are enumerated at run time, so a new cmdlet is held to the
/// contract the moment it is exported, until its help fragment (module/help/&lt;Verb-Noun&gt;.xml) is written.
/// </summary>
public sealed class HelpContractFixture : IDisposable
{
    // Everything is read in PowerShell, as a user would see it, and handed over as plain strings.
    private const string ReadHelp = """
        foreach ($command in (Get-Module BandcampPS).ExportedCmdlets.Values) {
            $help = Get-Help $command.Name -Full
            [pscustomobject]@{
                Name        = $command.Name
                Command     = $command
                HelpTypes   = $help.PSObject.TypeNames -join ','
                Synopsis    = [string]$help.Synopsis
                Description = (@($help.description) | ForEach-Object { $_.Text }) -join "`n"
                Examples    = @(foreach ($e in @($help.examples.example)) {
                    [pscustomobject]@{
                        Title   = [string]$e.title
                        Code    = [string]$e.code
                        Remarks = (@($e.remarks) | ForEach-Object { $_.Text }) -join "`n"
                    }
                })
                Parameters  = @(foreach ($p in @($help.parameters.parameter)) {
                    [pscustomobject]@{
                        Name          = [string]$p.name
                        Description   = (@($p.description) | ForEach-Object { $_.Text }) -join "`n"
                        Type          = [string]$p.type.name
                        Required      = [string]$p.required
                        Position      = [string]$p.position
                        PipelineInput = [string]$p.pipelineInput
                        Aliases       = [string]$p.aliases
                    }
                })
                Syntax      = @(foreach ($s in @($help.syntax.syntaxItem)) {
                    , @(foreach ($p in @($s.parameter)) {
                        [pscustomobject]@{ Name = [string]$p.name; Required = [string]$p.required; Position = [string]$p.position }
                    })
                })
            }
        }
        """;

    public HelpContractFixture()
    {
        Shell = new PowerShellHost();
        var result = Shell.Run(ReadHelp);
        if (result.Errors.Count > 0) throw new InvalidOperationException("Reading help failed: " + result.Errors[0]);
        Cmdlets = result.Output.Select(CmdletHelp.From).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public PowerShellHost Shell { get; }

    public IReadOnlyList<CmdletHelp> Cmdlets { get; }

    public void Dispose() => Shell.Dispose();
}

public sealed record HelpParameter(string Name, string Description, string Type, string Required, string Position, string PipelineInput, string Aliases);

public sealed record HelpSyntaxParameter(string Name, string Required, string Position);

public sealed record HelpExample(string Title, string Code, string Remarks);

public sealed record CmdletHelp(
    string Name, CmdletInfo Command, string HelpTypes, string Synopsis, string Description,
    IReadOnlyList<HelpExample> Examples, IReadOnlyList<HelpParameter> Parameters, IReadOnlyList<IReadOnlyList<HelpSyntaxParameter>> Syntax)
{
    public static CmdletHelp From(PSObject o) => new(
        Text(o, "Name"),
        (CmdletInfo)(o.Properties["Command"].Value is PSObject wrapped ? wrapped.BaseObject : o.Properties["Command"].Value),
        Text(o, "HelpTypes"),
        Text(o, "Synopsis"),
        Text(o, "Description"),
        Items(o, "Examples").Select(e => new HelpExample(Text(e, "Title"), Text(e, "Code"), Text(e, "Remarks"))).ToList(),
        Items(o, "Parameters").Select(p => new HelpParameter(Text(p, "Name"), Text(p, "Description"), Text(p, "Type"),
            Text(p, "Required"), Text(p, "Position"), Text(p, "PipelineInput"), Text(p, "Aliases"))).ToList(),
        Items(o, "Syntax").Select(item => (IReadOnlyList<HelpSyntaxParameter>)Enumerate(item)
            .Select(p => new HelpSyntaxParameter(Text(p, "Name"), Text(p, "Required"), Text(p, "Position"))).ToList()).ToList());

    /// <summary>
    /// False when Get-Help found no help file entry and made up a stub from the syntax; only the stub test reports
    /// those cmdlets, so a missing fragment is one clear line rather than a dozen.
    /// </summary>
    public bool HasWrittenHelp => HelpTypes.Split(',').Contains("MamlCommandHelpInfo");

    /// <summary>The parameters a user must find in help: all but the common ones (-Verbose ...) and -WhatIf/-Confirm.</summary>
    public IEnumerable<ParameterMetadata> OwnParameters =>
        Command.Parameters.Values.Where(p => !IsCommon(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal);

    public static bool IsCommon(string name) =>
        Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

    private static string Text(PSObject o, string name) => o.Properties[name]?.Value?.ToString() ?? "";

    private static IEnumerable<PSObject> Items(PSObject o, string name) => Enumerate(o.Properties[name]?.Value);

    private static IEnumerable<PSObject> Enumerate(object? value) => (value is PSObject { BaseObject: var b } ? b : value) switch
    {
        null => [],
        IEnumerable list and not string => list.Cast<object>().Select(PSObject.AsPSObject),
        var single => [PSObject.AsPSObject(single)],
    };
}

public sealed class HelpContractTests(HelpContractFixture fixture) : IClassFixture<HelpContractFixture>
{
    private IReadOnlyList<CmdletHelp> Cmdlets => fixture.Cmdlets;

    private IEnumerable<CmdletHelp> Documented => fixture.Cmdlets.Where(c => c.HasWrittenHelp);

    /// <summary>Fails with every problem of every cmdlet at once, each line naming its cmdlet.</summary>
    private static void AssertNoProblems(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0,
            $"{list.Count} problem(s); help lives in module/help/<Verb-Noun>.xml (see module/help/README.md):\n  " + string.Join("\n  ", list));
    }

    private static string Fragment(string cmdlet) => Path.Combine(PowerShellHost.RepoRoot, "module", "help", cmdlet + ".xml");

    [Fact]
    public void The_module_exports_cmdlets_to_check()
    {
        Assert.True(Cmdlets.Count >= 4, "Expected the module's cmdlets, found: " + string.Join(", ", Cmdlets.Select(c => c.Name)));
    }

    [Fact]
    public void Every_cmdlet_has_written_help_with_a_synopsis_and_a_description_not_the_generated_stub()
    {
        AssertNoProblems(Cmdlets.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            // Without a help file, Get-Help makes up an object whose synopsis is the syntax line.
            if (!c.HasWrittenHelp)
            {
                yield return $"{c.Name}: Get-Help finds no help in en-US/BandcampPS.dll-Help.xml (only the generated stub); add {Fragment(c.Name)}";
                yield break;
            }
            if (string.IsNullOrWhiteSpace(c.Synopsis) || c.Synopsis.Contains("<CommonParameters>"))
                yield return $"{c.Name}: the synopsis is empty";
            if (string.IsNullOrWhiteSpace(c.Description))
                yield return $"{c.Name}: the description is empty";
        }
    }

    [Fact]
    public void Every_cmdlet_has_examples_each_with_code_and_remarks()
    {
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            if (c.Examples.Count == 0) yield return $"{c.Name}: no example";
            foreach (var (example, i) in c.Examples.Select((e, i) => (e, i + 1)))
            {
                if (string.IsNullOrWhiteSpace(example.Code)) yield return $"{c.Name}: example {i} has no code";
                if (string.IsNullOrWhiteSpace(example.Remarks)) yield return $"{c.Name}: example {i} has no remarks";
                if (string.IsNullOrWhiteSpace(example.Title)) yield return $"{c.Name}: example {i} has no title";
            }
        }
    }

    [Fact]
    public void Every_parameter_is_documented_with_a_description_and_its_type()
    {
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            foreach (var parameter in c.OwnParameters)
            {
                var help = c.Parameters.FirstOrDefault(p => p.Name.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (help is null)
                {
                    yield return $"{c.Name}: -{parameter.Name} is not documented";
                    continue;
                }
                if (string.IsNullOrWhiteSpace(help.Description))
                    yield return $"{c.Name}: -{parameter.Name} has no description";
                var expected = TypeName(parameter.ParameterType);
                var documented = help.Type.Trim();
                var shortName = documented[(documented.LastIndexOf('.') + 1)..];
                if (!shortName.Equals(expected, StringComparison.OrdinalIgnoreCase))
                    yield return $"{c.Name}: -{parameter.Name} is documented as type '{documented}' but is {expected}";
            }
        }

        // long? is documented as Int64: PowerShell users never see Nullable.
        static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type).Name;
    }

    [Fact]
    public void Help_names_no_parameter_the_cmdlet_does_not_have()
    {
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            var real = c.Command.Parameters.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var p in c.Parameters.Where(p => !real.Contains(p.Name)))
                yield return $"{c.Name}: the help documents -{p.Name}, which the cmdlet does not have";
            foreach (var p in c.Syntax.SelectMany(s => s).Where(p => !real.Contains(p.Name)).DistinctBy(p => p.Name))
                yield return $"{c.Name}: the help syntax names -{p.Name}, which the cmdlet does not have";
            foreach (var duplicate in c.Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                yield return $"{c.Name}: -{duplicate.Key} is documented {duplicate.Count()} times";
        }
    }

    [Fact]
    public void Help_syntax_has_one_item_per_parameter_set_with_the_real_mandatory_parameters_and_positions()
    {
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            var items = c.Syntax.Select(item => item.Where(p => !CmdletHelp.IsCommon(p.Name)).ToList()).ToList();
            var unmatched = new List<List<HelpSyntaxParameter>>(items);
            if (items.Count != c.Command.ParameterSets.Count)
                yield return $"{c.Name}: the help has {items.Count} syntax item(s) but the cmdlet has {c.Command.ParameterSets.Count} parameter set(s)";
            foreach (var set in c.Command.ParameterSets)
            {
                var parameters = set.Parameters.Where(p => !CmdletHelp.IsCommon(p.Name)).ToList();
                var names = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var item = unmatched.FirstOrDefault(i => names.SetEquals(i.Select(p => p.Name)));
                if (item is null)
                {
                    yield return $"{c.Name}: parameter set '{set.Name}' ({string.Join(", ", names.Order())}) has no syntax item with exactly these parameters";
                    continue;
                }
                unmatched.Remove(item);
                foreach (var parameter in parameters)
                {
                    var help = item.First(p => p.Name.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase));
                    if (!bool.TryParse(help.Required, out var required) || required != parameter.IsMandatory)
                        yield return $"{c.Name}: in the syntax of set '{set.Name}', -{parameter.Name} has required=\"{help.Required}\" but is {(parameter.IsMandatory ? "mandatory" : "optional")}";
                    var position = Position(parameter.Position);
                    if (!help.Position.Equals(position, StringComparison.OrdinalIgnoreCase))
                        yield return $"{c.Name}: in the syntax of set '{set.Name}', -{parameter.Name} has position=\"{help.Position}\" but is {position}";
                }
            }
        }
    }

    [Fact]
    public void Help_says_how_each_parameter_binds_required_position_pipeline_input_and_aliases()
    {
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        static IEnumerable<string> Problems(CmdletHelp c)
        {
            foreach (var help in c.Parameters)
            {
                if (!c.Command.Parameters.TryGetValue(help.Name, out var parameter)) continue; // reported by the stale-name test
                var inSets = c.Command.ParameterSets
                    .SelectMany(s => s.Parameters.Where(p => p.Name.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase)))
                    .ToList();

                // Mandatory in some sets and optional in others is allowed either way; the syntax shows each set.
                if (inSets.All(p => p.IsMandatory) != inSets.Any(p => p.IsMandatory)) { }
                else if (!bool.TryParse(help.Required, out var required) || required != inSets.All(p => p.IsMandatory))
                    yield return $"{c.Name}: -{help.Name} has required=\"{help.Required}\" but is {(inSets.All(p => p.IsMandatory) ? "mandatory" : "optional")}";

                var positions = inSets.Select(p => Position(p.Position)).Distinct().ToList();
                if (positions.Count == 1 && !help.Position.Equals(positions[0], StringComparison.OrdinalIgnoreCase))
                    yield return $"{c.Name}: -{help.Name} has position=\"{help.Position}\" but is {positions[0]}";

                var byValue = inSets.Any(p => p.ValueFromPipeline);
                var byName = inSets.Any(p => p.ValueFromPipelineByPropertyName);
                var pipeline = help.PipelineInput;
                if (pipeline.StartsWith("True", StringComparison.OrdinalIgnoreCase) != (byValue || byName)
                    || pipeline.Contains("ByValue", StringComparison.OrdinalIgnoreCase) != byValue
                    || pipeline.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase) != byName)
                {
                    var expected = !(byValue || byName) ? "False"
                        : $"True ({string.Join(", ", new[] { byValue ? "ByValue" : null, byName ? "ByPropertyName" : null }.OfType<string>())})";
                    yield return $"{c.Name}: -{help.Name} has pipelineInput=\"{pipeline}\" but takes {expected}";
                }

                var documented = help.Aliases.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(a => !a.Equals("none", StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (!documented.SetEquals(parameter.Aliases))
                    yield return $"{c.Name}: -{help.Name} has aliases=\"{help.Aliases}\" but its aliases are " +
                                 (parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
            }
        }
    }

    [Fact]
    public void Example_code_parses_and_calls_module_cmdlets_only_with_parameters_they_have()
    {
        var parametersOf = Cmdlets.ToDictionary(c => c.Name, c => c.Command.Parameters, StringComparer.OrdinalIgnoreCase);
        AssertNoProblems(Documented.SelectMany(c => Problems(c)));

        IEnumerable<string> Problems(CmdletHelp c)
        {
            foreach (var (example, i) in c.Examples.Select((e, i) => (e, i + 1)))
            {
                var ast = Parser.ParseInput(example.Code, out _, out var errors);
                foreach (var error in errors)
                    yield return $"{c.Name}: example {i} does not parse: {error.Message} (line {error.Extent.StartLineNumber})";
                foreach (var call in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>())
                {
                    if (call.GetCommandName() is not { } name || !parametersOf.TryGetValue(name, out var parameters)) continue;
                    foreach (var used in call.CommandElements.OfType<CommandParameterAst>())
                    {
                        if (!Resolves(used.ParameterName, parameters))
                            yield return $"{c.Name}: example {i} calls {name} -{used.ParameterName}, which {name} does not have";
                    }
                }
            }
        }

        // As PowerShell binds: a full name, an alias, or an unambiguous prefix of either.
        static bool Resolves(string used, Dictionary<string, ParameterMetadata> parameters)
        {
            var names = parameters.Values.SelectMany(p => p.Aliases.Prepend(p.Name)).ToList();
            if (names.Contains(used, StringComparer.OrdinalIgnoreCase)) return true;
            return parameters.Values.Count(p => p.Aliases.Prepend(p.Name).Any(n => n.StartsWith(used, StringComparison.OrdinalIgnoreCase))) == 1;
        }
    }

    [Fact]
    public void Every_help_fragment_is_named_after_the_exported_cmdlet_it_documents()
    {
        var exported = Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(PowerShellHost.RepoRoot, "module", "help"), "*.xml"))
        {
            var fileName = Path.GetFileNameWithoutExtension(file);
            XElement root;
            try { root = XElement.Load(file); }
            catch (System.Xml.XmlException ex) { problems.Add($"{fileName}.xml: not well-formed XML: {ex.Message}"); continue; }
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            var name = root.Element(command + "details")?.Element(command + "name")?.Value.Trim();
            if (root.Name != command + "command")
                problems.Add($"{fileName}.xml: the root element is {root.Name.LocalName}, not command:command");
            else if (name != fileName)
                problems.Add($"{fileName}.xml: documents '{name}'; a fragment is named after its cmdlet");
            else if (!exported.Contains(fileName))
                problems.Add($"{fileName}.xml: documents {fileName}, which the module does not export");
        }
        AssertNoProblems(problems);
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        AssertNoProblems(Cmdlets
            .Where(c => c.Command.ImplementingType.GetCustomAttributes<OutputTypeAttribute>(inherit: true).SelectMany(a => a.Type).Any() is false)
            .Select(c => $"{c.Name}: {c.Command.ImplementingType.Name} has no [OutputType] (use typeof(void) for a cmdlet that writes nothing)"));
    }

    [Fact]
    public void Every_cmdlet_class_is_sealed_and_named_verb_noun_Command_in_a_file_of_that_name()
    {
        var commands = Path.Combine(PowerShellHost.RepoRoot, "src", "BandcampPS", "Commands");
        AssertNoProblems(Cmdlets.SelectMany(c => Problems(c)));

        IEnumerable<string> Problems(CmdletHelp c)
        {
            var type = c.Command.ImplementingType;
            var expected = c.Command.Verb + c.Command.Noun + "Command";
            if (!type.IsSealed) yield return $"{c.Name}: {type.FullName} is not sealed";
            if (type.Name != expected) yield return $"{c.Name}: the class is {type.Name}, not {expected}";
            var file = Path.Combine(commands, type.Name + ".cs");
            if (!File.Exists(file))
                yield return $"{c.Name}: no file src/BandcampPS/Commands/{type.Name}.cs";
            else if (!File.ReadAllText(file).Contains($"sealed class {type.Name}", StringComparison.Ordinal))
                yield return $"{c.Name}: {type.Name}.cs does not declare the class {type.Name}";
        }
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb()
    {
        // What Get-Verb lists: the public constants of PowerShell's Verbs* classes.
        var approved = new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Get", approved);
        AssertNoProblems(Cmdlets.Where(c => !approved.Contains(c.Command.Verb))
            .Select(c => $"{c.Name}: '{c.Command.Verb}' is not an approved verb (see Get-Verb)"));
    }

    [Fact]
    public void The_help_file_is_found_in_the_module_folder_whatever_the_UI_culture()
    {
        var helpFile = Path.Combine(PowerShellHost.RepoRoot, "out", "BandcampPS", "en-US", "BandcampPS.dll-Help.xml");
        Assert.True(File.Exists(helpFile), helpFile + " was not built");
        Assert.Equal("helpItems", XDocument.Load(helpFile).Root!.Name.LocalName);

        foreach (var culture in new[] { "en-US", "de-DE", "" })
        {
            // A fresh runspace: Get-Help caches what it found.
            using var shell = new PowerShellHost();
            var result = shell.Run($"""
                [System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('{culture}')
                (Get-Help Get-BandcampSale).PSObject.TypeNames -join ','
                """);
            Assert.Empty(result.Errors);
            Assert.Contains("MamlCommandHelpInfo", result.Output.Single().ToString().Split(','));
        }
    }

    [Fact]
    public void About_BandcampPS_is_shipped_and_found_by_Get_Help()
    {
        var file = Path.Combine(PowerShellHost.RepoRoot, "out", "BandcampPS", "en-US", "about_BandcampPS.help.txt");
        Assert.True(File.Exists(file), file + " was not copied into the module");

        var result = fixture.Shell.Run("Get-Help about_BandcampPS");
        Assert.Empty(result.Errors);
        var topic = result.Output.Single();
        Assert.Equal("about_BandcampPS", topic.Properties["Name"].Value);
        Assert.False(string.IsNullOrWhiteSpace(topic.Properties["Synopsis"].Value as string));
        var text = topic.BaseObject.ToString()!;
        foreach (var section in new[] { "CONNECTING", "THE TOKEN CACHE", "duplicate_grant", "DATES ARE UTC", "MONEY IS DECIMAL", "MUSIC ONLY", "ERRORS", "SECRETS" })
            Assert.Contains(section, text);

        // The overview and SEE ALSO name every command, so a new cmdlet cannot be left out of the topic.
        var seeAlso = text[text.IndexOf("SEE ALSO", StringComparison.Ordinal)..];
        var names = fixture.Shell.Run("(Get-Module BandcampPS).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            Assert.Contains(name, text[..text.IndexOf("SEE ALSO", StringComparison.Ordinal)]);
            Assert.Contains(name, seeAlso);
        }
    }

    private static string Position(int position) =>
        position == int.MinValue || position < 0 ? "named" : position.ToString(CultureInfo.InvariantCulture);
}
