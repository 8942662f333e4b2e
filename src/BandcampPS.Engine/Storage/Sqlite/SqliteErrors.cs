using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// SQLite's failures in the user's words: what happened to which file, and what to do about it, as a
/// <see cref="BandcampException"/> with its own ErrorId (SQLite's own text alone — "attempt to write a readonly
/// database" — names neither the file nor the fix). The SqliteException stays as the inner exception.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes carry the primary one in their low byte.
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Auth = 23;
    private const int NotADatabase = 26;
    private const int ReadOnlyDbMoved = ReadOnly | (4 << 8);
    private const int ReadOnlyDirectory = ReadOnly | (6 << 8);

    public static BandcampException Translate(SqliteException error, string path)
    {
        var code = error.SqliteErrorCode & 0xFF;
        var (id, kind, message) = code switch
        {
            Busy or Locked => (BandcampErrorIds.DatabaseLocked, BandcampErrorKind.ResourceBusy,
                $"The database '{path}' stayed locked by another connection for longer than the busy timeout " +
                $"({SqliteRevenueStore.BusyTimeoutSeconds} s): another import or Sync-BandcampRevenue is writing to it, or a program holds " +
                "it open. Run again when that has finished. (A database on a network share cannot be shared this way: keep it on a local disk.)"),
            ReadOnly => (BandcampErrorIds.DatabaseReadOnly, BandcampErrorKind.PermissionDenied, ReadOnlyMessage(error.SqliteExtendedErrorCode, path)),
            Perm or Auth => (BandcampErrorIds.DatabaseReadOnly, BandcampErrorKind.PermissionDenied,
                $"Cannot write to '{path}': this account is not allowed to (SQLite: {Reason(error)}). Check the permissions of the file and its folder."),
            NotADatabase => (BandcampErrorIds.DatabaseInvalid, BandcampErrorKind.InvalidData,
                $"'{path}' is not a SQLite database (or it is encrypted). Pass -Database with the file Import-BandcampRevenue wrote, or with a new file name."),
            Corrupt => (BandcampErrorIds.DatabaseInvalid, BandcampErrorKind.InvalidData,
                $"The database '{path}' is damaged (SQLite: {Reason(error)}). Restore it from a backup, or import again into a new file with -Database."),
            Full => (BandcampErrorIds.DatabaseDiskFull, BandcampErrorKind.WriteError,
                $"The disk holding '{path}' is full, so the rows being written were not stored. Free space on it (or pass -Database with a file " +
                "on another disk) and run again: what was stored before stays, and a new run stores only what is missing."),
            CantOpen => (BandcampErrorIds.DatabaseCannotOpen, BandcampErrorKind.ResourceUnavailable, CannotOpenMessage(path)),
            IoErr => (BandcampErrorIds.DatabaseError, BandcampErrorKind.WriteError,
                $"The disk reported an error reading or writing '{path}' (SQLite: {Reason(error)}). Check the disk; keep the database on a " +
                "local file system, since SQLite's locking does not work on most network shares."),
            _ => (BandcampErrorIds.DatabaseError, BandcampErrorKind.WriteError, $"SQLite failed on '{path}': {Reason(error)}."),
        };
        return new BandcampException(id, kind, message, path, error);
    }

    /// <summary>The database's folder could not be created (a read-only file system, no permission, a file in the way).</summary>
    public static BandcampException FolderNotCreated(Exception error, string path) =>
        new(BandcampErrorIds.DatabaseCannotOpen, BandcampErrorKind.ResourceUnavailable,
            $"Cannot create the folder of the database '{path}': {error.Message} Create the folder yourself, or pass -Database with a file " +
            "in a folder this account can write.", path, error);

    /// <summary>Enumerates <paramref name="rows"/>, translating SQLite's failures as <see cref="Translate"/> does.</summary>
    public static async IAsyncEnumerable<T> Translating<T>(IAsyncEnumerable<T> rows, string path, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var enumerator = rows.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                throw Translate(ex, path);
            }
            if (!more) yield break;
            yield return enumerator.Current;
        }
    }

    private static string ReadOnlyMessage(int extendedCode, string path)
    {
        var name = Path.GetFileName(path);
        return extendedCode switch
        {
            ReadOnlyDbMoved => $"Cannot write to '{path}': the file was moved or deleted while it was open. Run again.",
            ReadOnlyDirectory => $"Cannot write to '{path}': its folder '{Path.GetDirectoryName(path)}' is read-only, and SQLite writes " +
                                 $"'{name}-wal' and '{name}-shm' beside the file. Make the folder writable for this account, or pass -Database with a file in a writable folder.",
            _ => $"Cannot write to '{path}': the file is read-only (or its folder is: SQLite also writes '{name}-wal' and '{name}-shm' beside it). " +
                 "Make the file and its folder writable for this account, or pass -Database with a file in a writable folder.",
        };
    }

    /// <summary>SQLITE_CANTOPEN says nothing of why; the file system usually does.</summary>
    private static string CannotOpenMessage(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (Directory.Exists(path))
            return $"'{path}' is a folder, not a database file. Pass -Database with a file name, e.g. '{Path.Combine(path, "revenue.db")}'.";
        if (folder is not null && !Directory.Exists(folder))
            return $"Cannot open '{path}': its folder '{folder}' does not exist. Create it, or pass -Database with a file in an existing folder.";
        if (!File.Exists(path))
            return $"Cannot create '{path}': the folder '{folder}' is not writable for this account. Make it writable, or pass -Database with a file in a writable folder.";
        return $"Cannot open '{path}': this account may not read and write it. Check the permissions of the file and its folder.";
    }

    private static string Reason(SqliteException error)
    {
        // Microsoft.Data.Sqlite words it "SQLite Error 11: 'database disk image is malformed'."; keep SQLite's part.
        var message = error.Message;
        var start = message.IndexOf('\'');
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }
}
