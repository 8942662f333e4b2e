using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Rewrites every stored ContentHash in the current <see cref="ContentHasher"/> format, page by page in the
/// migration's transaction: after a change of what the hash covers, a re-import must still see an unchanged row as
/// unchanged instead of reporting every stored row as Updated once.
/// </summary>
internal static class ContentHashRewrite
{
    public const int PageSize = 5000;

    /// <param name="selectPage">Selects <see cref="RevenueColumns.All"/> then "Id", at most <see cref="PageSize"/> rows with Id &gt; @After, by Id.</param>
    /// <param name="update">Sets ContentHash = @ContentHash where Id = @Id.</param>
    public static async Task RunAsync(DbConnection connection, DbTransaction transaction, string selectPage, string update,
        Func<DbDataReader, StoredRowReader> rowReader, CancellationToken ct)
    {
        var hasher = new ContentHasher();
        var idOrdinal = RevenueColumns.All.Length;
        var page = new List<(long Id, byte[] Hash)>(PageSize);
        for (long after = 0; ; after = page[^1].Id)
        {
            page.Clear();
            await using (var select = DbCommands.Create(connection, transaction, selectPage))
            {
                DbCommands.AddParameter(select, "@After", after);
                await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var row = rowReader(reader);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    page.Add((reader.GetInt64(idOrdinal), ContentHasher.ToBytes(hasher.Hash(RevenueColumns.Values(RevenueColumns.Read(row))))));
            }
            if (page.Count == 0) return;
            await using var write = DbCommands.Create(connection, transaction, update);
            var hash = DbCommands.AddParameter(write, "@ContentHash", Array.Empty<byte>());
            var id = DbCommands.AddParameter(write, "@Id", 0L);
            foreach (var (rowId, rowHash) in page)
            {
                (hash.Value, id.Value) = (rowHash, rowId);
                await write.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
