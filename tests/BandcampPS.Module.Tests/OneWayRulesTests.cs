using System.Text.RegularExpressions;

namespace BandcampPS.Module.Tests;

/// <summary>
/// "One way of doing each thing", read from the source (issue 11): one UTC helper, one clock for the cmdlets, one
/// helper for the failures that end a cmdlet. A second way that creeps back in fails here, naming its file and line.
/// </summary>
public sealed partial class OneWayRulesTests
{
    private static readonly string Src = Path.Combine(PowerShellHost.RepoRoot, "src");

    private static IEnumerable<string> Offending(string folder, Regex pattern, params string[] allowedFiles)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Src, folder), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Src, file).Replace('\\', '/');
            if (allowedFiles.Contains(relative) || relative.Contains("/obj/") || relative.Contains("/bin/")) continue;
            var text = File.ReadAllText(file);
            foreach (Match match in pattern.Matches(text))
                yield return $"src/{relative}:{text[..match.Index].Count(c => c == '\n') + 1}: {match.Value.ReplaceLineEndings(" ")}";
        }
    }

    [Fact]
    public void Only_UtcDates_makes_a_time_UTC()
    {
        var others = Offending(".", UtcConversion(), "BandcampPS.Engine/UtcDates.cs").ToList();
        Assert.True(others.Count == 0, "Use BandcampPS.Engine.UtcDates.ToUtc instead of:\n" + string.Join("\n", others));
    }

    [Fact]
    public void The_cmdlets_take_now_from_their_one_clock()
    {
        var others = Offending("BandcampPS", OwnClock(), "BandcampPS/Infrastructure/BandcampCmdlet.cs").ToList();
        Assert.True(others.Count == 0, "Use BandcampCmdlet.Clock (or UtcNow) instead of:\n" + string.Join("\n", others));
    }

    [Fact]
    public void No_cmdlet_turns_a_caught_exception_into_a_terminating_error_by_hand()
    {
        var others = Offending("BandcampPS", HandMadeTerminatingError(), "BandcampPS/Infrastructure/BandcampCmdlet.cs").ToList();
        Assert.True(others.Count == 0, "Wrap the step in BandcampCmdlet.Terminating instead of:\n" + string.Join("\n", others));
    }

    [GeneratedRegex(@"SpecifyKind\([^;]*DateTimeKind\.Utc\)|\.ToUniversalTime\(\)")]
    private static partial Regex UtcConversion();

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b|\bTimeProvider\.System\b")]
    private static partial Regex OwnClock();

    [GeneratedRegex(@"catch \(Exception \w+\) when \(\w+ is not PipelineStoppedException\)\s*\{\s*(\w+\.)?ThrowTerminatingError\(")]
    private static partial Regex HandMadeTerminatingError();
}
