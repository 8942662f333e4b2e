using System.Text;

namespace BandcampPS.Engine.Storage;

/// <summary>Turns a PowerShell-style wildcard into a LIKE pattern used with <c>ESCAPE '\'</c>.</summary>
internal static class LikePattern
{
    public static string FromWildcard(string wildcard)
    {
        var pattern = new StringBuilder(wildcard.Length + 8);
        foreach (var c in wildcard)
        {
            switch (c)
            {
                case '*': pattern.Append('%'); break;
                case '?': pattern.Append('_'); break;
                // LIKE's own metacharacters ('[' is one in SQL Server) are literal in a wildcard.
                case '%' or '_' or '[' or '\\': pattern.Append('\\').Append(c); break;
                default: pattern.Append(c); break;
            }
        }
        return pattern.ToString();
    }
}
