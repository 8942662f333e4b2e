using System.Management.Automation;

namespace BandcampPS.Infrastructure;

/// <summary>The one way a completer offers a fixed list: the values starting with what was typed, quoted when they hold a space.</summary>
internal static class CompletionList
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        foreach (var value in values)
        {
            if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var text = value.Contains(' ') ? $"'{value}'" : value;
            yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
        }
    }
}
