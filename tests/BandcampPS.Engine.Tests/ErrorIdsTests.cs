using System.Reflection;
using System.Text.RegularExpressions;

namespace BandcampPS.Engine.Tests;

/// <summary>The ErrorIds are the module's script contract: one constants class, every id documented in about_BandcampPS.</summary>
public sealed class ErrorIdsTests
{
    private static readonly string[] Constants = typeof(BandcampErrorIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static string AboutErrors()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "BandcampPS.sln"))) dir = dir.Parent;
        var about = File.ReadAllText(Path.Combine(dir.FullName, "module", "en-US", "about_BandcampPS.help.txt"));
        var start = about.IndexOf("\nERRORS\n", StringComparison.Ordinal);
        var end = about.IndexOf("\nSECRETS\n", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "about_BandcampPS has an ERRORS section followed by SECRETS");
        return about[start..end];
    }

    [Fact]
    public void Every_ErrorId_is_a_distinct_Bandcamp_name()
    {
        Assert.All(Constants, id => Assert.Matches("^Bandcamp[A-Z][A-Za-z]+$", id));
        Assert.Equal(Constants.Length, Constants.Distinct().Count());
    }

    [Fact]
    public void Every_ErrorId_the_code_raises_is_listed_in_about_BandcampPS()
    {
        var errors = AboutErrors();
        Assert.All(Constants, id => Assert.True(Regex.IsMatch(errors, $@"\b{id}\b"), $"{id} is not listed in about_BandcampPS ERRORS"));
    }

    [Fact]
    public void Every_ErrorId_about_BandcampPS_lists_is_one_the_code_raises()
    {
        // The listed ids start a line (indented), alone or before their description.
        var listed = Regex.Matches(AboutErrors(), @"^\s{8}(Bandcamp[A-Z][A-Za-z]+),?(?:\s|$)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct();
        Assert.All(listed, id => Assert.Contains(id, Constants));
    }
}
