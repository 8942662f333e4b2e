using System.Reflection;
using System.Text.RegularExpressions;

namespace BandcampPS.Engine.Tests;

/// <summary>The environment variables are part of the module's contract: read in one class, each listed in about_BandcampPS.</summary>
public sealed class BandcampEnvironmentTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "BandcampPS.sln"))) dir = dir.Parent;
        return Path.Combine([dir.FullName, .. parts]);
    }

    [Fact]
    public void Every_variable_is_a_BANDCAMP_name_listed_once_and_documented_in_about_BandcampPS()
    {
        var constants = typeof(BandcampEnvironment).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        var about = File.ReadAllText(RepoFile("module", "en-US", "about_BandcampPS.help.txt"));
        var documented = about[about.IndexOf("Environment variables the module reads", StringComparison.Ordinal)..];

        Assert.Equal(constants.Order(), BandcampEnvironment.Variables.Order());
        Assert.All(constants, name =>
        {
            Assert.Matches("^BANDCAMP_[A-Z_]+$", name);
            Assert.True(Regex.IsMatch(documented, $@"^\s+{name}\b", RegexOptions.Multiline), $"{name} is not listed in about_BandcampPS");
        });
    }

    [Fact]
    public void Nothing_but_BandcampEnvironment_reads_the_environment()
    {
        var src = RepoFile("src");
        var readers = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && File.ReadAllText(f).Contains("GetEnvironmentVariable"))
            .Select(f => Path.GetRelativePath(src, f).Replace('\\', '/'))
            .ToList();

        Assert.Equal(["BandcampPS.Engine/BandcampEnvironment.cs"], readers);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" s3cr+t= ", " s3cr+t= ")]
    public void A_blank_variable_counts_as_not_set_and_a_value_is_kept_as_it_is(string? value, string? expected)
    {
        // The secret's variable, because no other engine test reads it: tests run in parallel and share the process's
        // environment. Restored whatever happens.
        var previous = Environment.GetEnvironmentVariable(BandcampEnvironment.ClientSecretVariable);
        try
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.ClientSecretVariable, value);
            Assert.Equal(expected, BandcampEnvironment.ClientSecret);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.ClientSecretVariable, previous);
        }
    }
}
