using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Turns what a user types for -Encoding into an Encoding, as PowerShell's own -Encoding does: a name (utf8, unicode,
/// bigendianunicode, utf32, ascii, ansi, oem, latin1), any encoding name .NET knows (windows-1252), a code page (1252),
/// or an Encoding object. PowerShell's own transformation is internal to it, so this is the module's.
/// </summary>
public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            Encoding encoding => encoding,
            int codePage => FromCodePage(codePage),
            string name => FromName(name.Trim()),
            var other => throw new ArgumentTransformationMetadataException($"'{other}' is not an encoding; use a name such as utf8 or windows-1252, or a code page such as 1252."),
        };

    private static Encoding FromName(string name) => name.ToLowerInvariant() switch
    {
        "utf8" or "utf-8" or "utf8bom" or "utf8nobom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "unicode" or "utf16" or "utf-16" or "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        "bigendianunicode" or "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        "utf32" or "utf-32" => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
        "bigendianutf32" => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
        "ascii" => Encoding.ASCII,
        "latin1" => Encoding.Latin1,
        "ansi" => FromCodePage(CultureInfo.CurrentCulture.TextInfo.ANSICodePage),
        "oem" => FromCodePage(CultureInfo.CurrentCulture.TextInfo.OEMCodePage),
        _ when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage) => FromCodePage(codePage),
        _ => CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Known(() => Encoding.GetEncoding(name), name),
    };

    private static Encoding FromCodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Known(() => Encoding.GetEncoding(codePage), codePage.ToString(CultureInfo.InvariantCulture));

    private static Encoding Known(Func<Encoding> get, string what)
    {
        try
        {
            return get();
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{what}' is not an encoding this machine knows; use a name such as utf8, unicode or windows-1252, or a code page such as 1252.", ex);
        }
    }
}

/// <summary>Tab completion of the encodings a sales CSV is found in.</summary>
public sealed class EncodingCompleter : IArgumentCompleter
{
    private static readonly string[] Names = ["utf8", "unicode", "bigendianunicode", "windows-1252", "latin1", "ansi", "oem", "utf32", "ascii"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CompletionList.Matching(Names, wordToComplete);
}
