using System.Data;
using System.Runtime.CompilerServices;
using BandcampPS.Engine.Sales;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// The revenue database in SQL Server (2016 or later), tables dbo.BandcampRevenue and
/// dbo.BandcampSchemaVersion. Connections come from SqlClient's pool, one per call.
/// </summary>
public sealed class SqlServerRevenueStore : IRevenueStore
{
    private static readonly SchemaMigrator Migrator = new(SqlServerSchema.Dialect, SqlServerSchema.Migrations);

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private bool _opened;

    public SqlServerRevenueStore(string connectionString, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // SqlClient names the keyword or position at fault, never a value; the string itself stays out.
            throw new ArgumentException($"The SQL Server connection string is not valid: {e.Message}", nameof(connectionString));
        }
        _connectionString = connectionString;
        _clock = clock ?? TimeProvider.System;
        // Server and database only: the connection string may hold a password.
        var database = string.IsNullOrEmpty(builder.InitialCatalog) ? "(default database)" : builder.InitialCatalog;
        Target = $"{builder.DataSource}/{database}";
    }

    public string Target { get; }

    /// <summary>
    /// Read-only (dry runs) migrates nothing; a dry run against a database whose schema is older than this code is
    /// refused, since its hashes would make unchanged rows look changed (SQLite reads a migrated copy instead).
    /// </summary>
    public async Task OpenAsync(StoreAccess access, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        // A current schema is found by reading: no application lock, and a login that may only read can open it.
        if (await Migrator.IsCurrentAsync(connection, Target, ct).ConfigureAwait(false))
        {
            _opened = true;
            return;
        }
        if (access == StoreAccess.ReadOnly)
        {
            throw new RevenueStoreException(BandcampErrorIds.DatabaseSchemaOutdated,
                $"The revenue database {Target} has an older schema than this version of BandcampPS; a dry run does not upgrade it. Run the import once without -WhatIf (it upgrades the schema first), then repeat the dry run.");
        }
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await Migrator.MigrateAsync(connection, transaction, Target, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        _opened = true;
    }

    public async Task<IRevenueImport> BeginImportAsync(StoreImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureOpened();
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            string? currency;
            await using (var read = new SqlCommand(SqlServerStatements.ReadSetting, connection))
            {
                SqlServerValues.Add(read, "@Name", SqlDbType.NVarChar, StoredValues.ReportingCurrencySetting, 100);
                currency = await read.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
            }
            RevenueImport.CheckReportingCurrency(Target, currency, options.ReportingCurrency);
            return await SqlServerRevenueImport.StartAsync(connection, Target, options, currency, _clock, ct).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<RevenueRow> QueryAsync(RevenueQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(SqlServerStatements.Query, connection);
        AddRowFilters(command, query);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var row = new SqlServerRowReader(reader);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            yield return RevenueColumns.Read(row);
    }

    public async Task<SourceOverlap> GetSourceOverlapAsync(RevenueQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        if (query.Source is not null) return SourceOverlap.None;
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(SqlServerStatements.SourceOverlap, connection);
        AddRowFilters(command, query);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var count = reader.GetInt64(0);
        return count == 0 ? SourceOverlap.None
            : new SourceOverlap(count, SqlServerValues.ReadTimestamp(reader, 1), SqlServerValues.ReadTimestamp(reader, 2));
    }

    private static void AddRowFilters(SqlCommand command, RevenueQuery query)
    {
        AddFilters(command, query.Source, query.BandId, query.StartUtc, query.EndUtc, query.Items);
        SqlServerValues.Add(command, "@Artist", SqlDbType.NVarChar, query.Artist is null ? null : LikePattern.FromWildcard(query.Artist), -1);
        SqlServerValues.Add(command, "@CatalogNumber", SqlDbType.NVarChar, query.CatalogNumber, 4000);
    }

    private static void AddFilters(SqlCommand command, BandcampSaleSource? source, long? bandId, DateTime? startUtc, DateTime? endUtc, SaleFilter items)
    {
        SqlServerValues.Add(command, "@Start", SqlDbType.DateTime2, SqlServerValues.Timestamp(startUtc));
        SqlServerValues.Add(command, "@End", SqlDbType.DateTime2, SqlServerValues.Timestamp(endUtc));
        SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, SqlServerValues.Source(source), 8);
        SqlServerValues.Add(command, "@BandId", SqlDbType.BigInt, bandId);
        SqlServerValues.Add(command, "@ItemTypes", SqlDbType.NVarChar, StoredValues.ItemTypesJson(items.ItemTypeList), -1);
    }

    public async Task<DateTime?> GetLatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct)
    {
        EnsureOpened();
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(
            bandId is null ? SqlServerStatements.LatestSaleDate : SqlServerStatements.LatestSaleDateOfBand, connection);
        SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, StoredValues.SourceName(source), 8);
        if (bandId is not null)
            SqlServerValues.Add(command, "@BandId", SqlDbType.BigInt, bandId);
        var latest = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return UtcDates.ToUtc(latest as DateTime?);
    }

    public async Task<IReadOnlyList<RevenueSummaryRow>> SummarizeAsync(RevenueSummaryQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        var keys = SummaryShape.Keys(query.GroupBy);
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(SqlServerStatements.Summary(keys), connection);
        AddFilters(command, query.Source, query.BandId, query.StartUtc, query.EndUtc, query.Items);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<RevenueSummaryRow>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(SummaryShape.Read(reader, keys, SqlServerValues.ReadDecimal));
        return rows;
    }

    public async Task<SyncWatermark?> GetSyncWatermarkAsync(BandcampSaleSource source, long bandId, CancellationToken ct)
    {
        EnsureOpened();
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(SqlServerStatements.ReadWatermark, connection);
        SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, StoredValues.SourceName(source), 8);
        SqlServerValues.Add(command, "@BandId", SqlDbType.BigInt, bandId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new SyncWatermark(source, bandId, SqlServerValues.ReadTimestamp(reader, 0), SqlServerValues.ReadTimestamp(reader, 1));
    }

    public async Task SaveSyncWatermarkAsync(SyncWatermark watermark, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(watermark);
        EnsureOpened();
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = new SqlCommand(SqlServerStatements.SaveWatermark, connection);
        SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, StoredValues.SourceName(watermark.Source), 8);
        SqlServerValues.Add(command, "@BandId", SqlDbType.BigInt, watermark.BandId);
        SqlServerValues.Add(command, "@SinceUtc", SqlDbType.DateTime2, SqlServerValues.Timestamp(watermark.SinceUtc));
        SqlServerValues.Add(command, "@CompleteThroughUtc", SqlDbType.DateTime2, SqlServerValues.Timestamp(watermark.CompleteThroughUtc));
        SqlServerValues.Add(command, "@UpdatedAt", SqlDbType.DateTime2, SqlServerValues.Timestamp(_clock.GetUtcNow().UtcDateTime));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // every call returns its connection to the pool

    public override string ToString() => Target;

    private async Task<SqlConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void EnsureOpened()
    {
        if (!_opened)
            throw new InvalidOperationException($"Call OpenAsync before using the revenue store {Target}.");
    }
}
