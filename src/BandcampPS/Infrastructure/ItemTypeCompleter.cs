using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Infrastructure;

/// <summary>Tab completion of the item_type values Bandcamp is known to send.</summary>
public sealed class ItemTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CompletionList.Matching(ItemTypes.Known, wordToComplete);
}
