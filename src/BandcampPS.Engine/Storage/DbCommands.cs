using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Commands through the provider-neutral ADO.NET types, for the code both stores share (the schema migrator and the
/// ContentHash rewrite); each store's own code uses its provider's types directly.
/// </summary>
internal static class DbCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter and returns it, so a command run many times can take new values.</summary>
    public static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
