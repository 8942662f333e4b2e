using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// SQLite's SUM turns TEXT into binary floats (0.1 + 0.2 ≠ 0.3). This aggregate parses each TEXT decimal
/// and adds in .NET decimal, so GROUP BY still runs in the database and the sums stay exact. It returns
/// TEXT ("0" when every value is NULL), read back with <see cref="SqliteValues.ParseDecimal"/>.
/// </summary>
internal static class DecimalSum
{
    public static void Register(SqliteConnection connection) =>
        connection.CreateAggregate<string?, decimal, string>(
            SqliteStatements.DecimalSumFunction,
            seed: 0m,
            func: (sum, value) => value is null ? sum : sum + SqliteValues.ParseDecimal(value),
            resultSelector: sum => sum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            isDeterministic: true);
}
