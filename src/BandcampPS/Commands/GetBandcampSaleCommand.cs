using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Bands;
using BandcampPS.Engine.Csv;
using BandcampPS.Engine.Sales;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Streams sales as BandcampSale objects: from Bandcamp's sales report API for a band or label over a date range,
/// or from the sales CSV Bandcamp exports on its website (-Path / -LiteralPath), with Source = Api or Csv.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampSale", DefaultParameterSetName = ApiSet)]
[OutputType(typeof(BandcampSale))]
public sealed class GetBandcampSaleCommand : BandcampConnectedCmdlet
{
    private const string ApiSet = "Api";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressActivityId = 0x42C1;

    /// <summary>Required for the API; for a CSV file, the band the export belongs to (the file does not say).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(ParameterSetName = ApiSet, ValueFromPipelineByPropertyName = true)]
    public long? MemberBandId { get; set; }

    /// <summary>Inclusive. A date without a time zone is taken as UTC.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Alias("Start", "Since")]
    public DateTime StartDate { get; set; }

    /// <summary>Exclusive; default now. A date without a time zone is taken as UTC.</summary>
    [Parameter(Position = 1, ParameterSetName = ApiSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Alias("End")]
    public DateTime? EndDate { get; set; }

    /// <summary>
    /// Bandcamp sales CSV export files; wildcards allowed. Not bound from whole piped objects: any object converts
    /// to a string, so a band object with an Int32 BandId would land here. Piped files bind -LiteralPath (PSPath).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Bandcamp sales CSV export files, taken literally (Get-ChildItem output binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The time zone the export's dates are written in (a TimeZoneInfo id); default UTC.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? ExportTimeZone { get; set; }

    /// <summary>The CSV files' encoding; by default told from the bytes (Windows-1252 with a warning when not UTF-8).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    [ValidateNotNull]
    public System.Text.Encoding? Encoding { get; set; }

    [Parameter(ParameterSetName = ApiSet)]
    [ValidateRange(1, 366)]
    public int ChunkDays { get; set; } = SalesReportRequest.DefaultChunkDays;

    /// <summary>Chunk requests in flight at once (the sales still come out in date order); 1 reads one chunk after the other.</summary>
    [Parameter(ParameterSetName = ApiSet)]
    [ValidateRange(1, 16)]
    public int ThrottleLimit { get; set; } = SalesReportRequest.DefaultThrottleLimit;

    [Parameter]
    [ArgumentCompleter(typeof(ItemTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? ItemType { get; set; }

    /// <summary>Digital music only (album, track, bundle): no merch, physical packages, payouts or refunds.</summary>
    [Parameter]
    public SwitchParameter MusicOnly { get; set; }

    /// <summary>Filters on an -ItemType the module does not know (Bandcamp may add types), with a warning instead of an error.</summary>
    [Parameter]
    public SwitchParameter AllowUnknownItemType { get; set; }

    /// <summary>
    /// Reads through Bandcamp's async report (generate, wait, download) instead of sync requests, for very large
    /// ranges; a year per report unless -ChunkDays is given. The same sales come out.
    /// </summary>
    [Parameter(ParameterSetName = ApiSet)]
    public SwitchParameter Async { get; set; }

    private SaleFilter _filter = SaleFilter.All;
    private readonly SalesCoverage _coverage = new();
    private DateTime _startUtc;
    private DateTime _endUtc;

    private BandcampCsvReader? _csv;

    protected override void BeginProcessing()
    {
        _filter = InputChecks.ItemFilter(this, ItemType, MusicOnly, AllowUnknownItemType);
        var startGiven = MyInvocation.BoundParameters.ContainsKey(nameof(StartDate));
        InputChecks.DateRange(this, nameof(StartDate), startGiven ? UtcDates.ToUtc(StartDate) : null, UtcDates.ToUtc(EndDate));
        _startUtc = UtcDates.ToUtc(startGiven ? StartDate : DateTime.MinValue);
        // The API's end defaults to now; a CSV file is not limited unless asked.
        _endUtc = UtcDates.ToUtc(EndDate) ?? (startGiven && !IsCsvSet ? UtcNow : UtcDates.ToUtc(DateTime.MaxValue));
        if (_endUtc <= _startUtc) ThrowTerminatingError(ErrorRecords.DateRangeInvalid(nameof(StartDate), _startUtc, nameof(EndDate), _endUtc, EndDate));
    }

    // Decided per record: with pipeline input, PowerShell settles the parameter set only when it binds each object.
    private bool IsCsvSet => ParameterSetName is PathSet or LiteralPathSet;

    protected override void ProcessRecord()
    {
        if (IsCsvSet)
        {
            _csv ??= new BandcampCsvReader(ResolveTimeZone(), BandId, Encoding, new CmdletLog(this));
            foreach (var file in ResolveFiles()) ReadCsv(_csv, file);
            return;
        }
        ReadApi();
    }

    private void ReadApi()
    {
        var connection = ActiveConnection;
        var member = MemberBandId is > 0 ? MemberBandId : null;
        if (_coverage.AlreadyCovered(BandId, member) is { } reason)
        {
            WriteVerbose($"Skipping {BandcampBand.Describe(BandId, member)}: {reason}, so its sales are not read twice.");
            return;
        }
        _coverage.Begin(BandId, member);

        var request = new SalesReportRequest(BandId, member, _startUtc, _endUtc, ChunkDays) { Filter = _filter, Coverage = _coverage, ThrottleLimit = ThrottleLimit };
        var progress = new ProgressRecord(ProgressActivityId, "Reading Bandcamp sales", "Starting");
        try
        {
            RunPumped(async queue =>
            {
                var reporter = new InlineProgress<SalesChunkProgress>(p => queue.Post(() => ReportProgress(progress, p)));
                var sales = !Async ? connection.GetSalesAsync(request, reporter, CancellationToken)
                    : connection.GetSalesFromGeneratedReportAsync(MyInvocation.BoundParameters.ContainsKey(nameof(ChunkDays)) ? request
                        : request with { ChunkDays = AsyncSalesReportSource.DefaultChunkDays }, reporter, CancellationToken);
                // Sales cross to the pipeline thread in batches, one queued action each rather than one per sale; a batch
                // is handed over whenever the engine would wait, so every sale is written as soon as it has arrived.
                var batch = new List<BandcampSale>(SaleBatch);
                await using var rows = sales.GetAsyncEnumerator();
                while (true)
                {
                    var next = rows.MoveNextAsync();
                    if (!next.IsCompleted) await HandAsync(queue, batch).ConfigureAwait(false);
                    if (!await next.ConfigureAwait(false)) break;
                    var row = rows.Current;
                    if (row.Sale is { } sale)
                    {
                        batch.Add(sale);
                        if (batch.Count == SaleBatch) await HandAsync(queue, batch).ConfigureAwait(false);
                        continue;
                    }
                    await HandAsync(queue, batch).ConfigureAwait(false);
                    if (row.Error is { } error) queue.Post(() => WriteError(ErrorRecords.From(error)));
                    else if (row.Gap is { } gap) queue.Post(() => WriteError(ErrorRecords.From(gap)));
                }
                await HandAsync(queue, batch).ConfigureAwait(false);
            });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteEngineError(ex, request);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>Sales per queued action: large enough that the hand-over costs little per sale, small enough to stream.</summary>
    private const int SaleBatch = 256;

    /// <summary>Batches handed over and not yet written: the queue's bound counts actions, this one bounds the sales waiting.</summary>
    private readonly SemaphoreSlim _waitingBatches = new(16, 16);

    private async Task HandAsync(PipelineQueue queue, List<BandcampSale> batch)
    {
        if (batch.Count == 0) return;
        var sales = batch.ToArray();
        batch.Clear();
        await _waitingBatches.WaitAsync(CancellationToken).ConfigureAwait(false);
        queue.Post(() =>
        {
            try
            {
                foreach (var sale in sales) WriteObject(sale);
            }
            finally
            {
                _waitingBatches.Release();
            }
        });
    }

    private void ReadCsv(BandcampCsvReader reader, string file)
    {
        WriteVerbose($"Reading the Bandcamp sales export '{file}'.");
        try
        {
            // Band and both dates named: the read says what it covered, so -ClearExisting may replace it.
            var scoped = MyInvocation.BoundParameters.ContainsKey(nameof(BandId))
                && MyInvocation.BoundParameters.ContainsKey(nameof(StartDate)) && MyInvocation.BoundParameters.ContainsKey(nameof(EndDate));
            foreach (var row in CsvSalesRead.Read(reader, file, BandId, _filter, _startUtc, _endUtc, scoped))
            {
                if (row.Error is { } error)
                    WriteError(ErrorRecords.Create(CsvErrorId(error.Kind), ErrorCategory.InvalidData, error.Message, error));
                else
                    WriteObject(row.Sale);
            }
        }
        catch (CsvSchemaException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, BandcampErrorIds.CsvColumnsMissing, ErrorCategory.InvalidData, file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.From(ex, file));
        }
    }

    private static string CsvErrorId(CsvRowErrorKind kind) => kind switch
    {
        CsvRowErrorKind.InvalidDate => BandcampErrorIds.SaleDateInvalid,
        CsvRowErrorKind.InvalidAmount => BandcampErrorIds.CsvAmountInvalid,
        CsvRowErrorKind.InvalidQuantity => BandcampErrorIds.CsvQuantityInvalid,
        CsvRowErrorKind.MissingValue => BandcampErrorIds.CsvValueMissing,
        _ => BandcampErrorIds.CsvRowMalformed,
    };

    private IEnumerable<string> ResolveFiles()
    {
        var files = new List<string>();
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (var literal in LiteralPath)
            {
                string path;
                try
                {
                    path = UserPaths.Resolve(this, nameof(LiteralPath), literal);
                }
                catch (BandcampException ex)
                {
                    WriteError(ErrorRecords.From(ex)); // one file that cannot be a path here; the others are read
                    continue;
                }
                if (File.Exists(path)) files.Add(path);
                else WriteError(ErrorRecords.Create(BandcampErrorIds.CsvFileNotFound, ErrorCategory.ObjectNotFound, $"The file '{path}' does not exist.", literal));
            }
            return files;
        }
        foreach (var pattern in Path)
        {
            try
            {
                var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(pattern, out var provider);
                if (provider.Name != "FileSystem")
                    WriteError(ErrorRecords.Create(BandcampErrorIds.CsvFileNotFound, ErrorCategory.InvalidArgument, $"'{pattern}' is not a file system path.", pattern));
                else files.AddRange(resolved.Where(path => File.Exists(path) || NotADirectory(path, pattern)));
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(ErrorRecords.Create(BandcampErrorIds.CsvFileNotFound, ErrorCategory.ObjectNotFound, ex.Message, pattern, ex));
            }
        }
        return files;
    }

    /// <summary>A directory is an error naming it, not silence; always false (nothing to read in it).</summary>
    private bool NotADirectory(string path, string pattern)
    {
        if (Directory.Exists(path))
            WriteError(ErrorRecords.Create(BandcampErrorIds.CsvFileNotFound, ErrorCategory.InvalidArgument,
                $"'{path}' is a folder, not a sales CSV file: name the files in it, e.g. -Path '{System.IO.Path.Combine(pattern, "*.csv")}'.", pattern));
        return false;
    }

    private TimeZoneInfo? ResolveTimeZone()
    {
        if (ExportTimeZone is null) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ExportTimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            ThrowTerminatingError(ErrorRecords.Create(BandcampErrorIds.TimeZoneInvalid, ErrorCategory.InvalidArgument,
                $"'{ExportTimeZone}' is not a time zone this machine knows (try 'UTC', 'Europe/Berlin' or 'W. Europe Standard Time').", ExportTimeZone, ex));
            return null;
        }
    }

    private void ReportProgress(ProgressRecord record, SalesChunkProgress p)
    {
        // One chunk is not worth a progress bar.
        if (p.ChunkCount < 2) return;
        record.StatusDescription = $"{p.Request.Describe()}: {p.Chunk} ({p.ChunkIndex + 1} of {p.ChunkCount}), {p.SalesSoFar} sale(s) so far";
        record.PercentComplete = (int)(100L * p.ChunkIndex / p.ChunkCount);
        WriteProgress(record);
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a synchronization context).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
