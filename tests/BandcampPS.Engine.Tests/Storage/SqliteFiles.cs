using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Tests.Storage;

internal static class SqliteFiles
{
    /// <summary>
    /// SHA-256 of the database file after folding the WAL into it, so equal hashes mean equal contents.
    /// The checkpoint writes nothing when the WAL holds no committed change.
    /// </summary>
    public static string Hash(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
