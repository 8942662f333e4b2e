using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using System.Data.Common;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Infrastructure;

/// <summary>
/// The one place exceptions become ErrorRecords: a stable ErrorId scripts can match on, a category, the target.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null) =>
        new(new BandcampException(errorId, BandcampErrorKind.NotSpecified, message, target, inner), errorId, category, target);

    public static ErrorRecord From(Exception exception, object? target = null) => exception switch
    {
        BandcampException bandcamp => new ErrorRecord(bandcamp, bandcamp.ErrorId, Category(bandcamp.Kind), bandcamp.Target ?? target),
        DbException => new ErrorRecord(exception, BandcampErrorIds.DatabaseError, ErrorCategory.WriteError, target),
        OperationCanceledException => new ErrorRecord(exception, BandcampErrorIds.OperationStopped, ErrorCategory.OperationStopped, target),
        ArgumentException => new ErrorRecord(exception, BandcampErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target),
        UnauthorizedAccessException => new ErrorRecord(exception, BandcampErrorIds.AccessDenied, ErrorCategory.PermissionDenied, target),
        IOException => new ErrorRecord(exception, BandcampErrorIds.FileError, ErrorCategory.WriteError, target),
        _ => new ErrorRecord(exception, BandcampErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target),
    };

    /// <summary>
    /// As <see cref="From(Exception, object?)"/>, for cmdlets that only read a store: a failed database or file
    /// access is a ReadError there, not the WriteError an import reports. Same ErrorIds either way.
    /// </summary>
    public static ErrorRecord FromRead(Exception exception, object? target = null) => exception switch
    {
        BandcampException { Kind: BandcampErrorKind.WriteError } bandcamp => new ErrorRecord(bandcamp, bandcamp.ErrorId, ErrorCategory.ReadError, bandcamp.Target ?? target),
        DbException => new ErrorRecord(exception, BandcampErrorIds.DatabaseError, ErrorCategory.ReadError, target),
        IOException => new ErrorRecord(exception, BandcampErrorIds.FileError, ErrorCategory.ReadError, target),
        _ => From(exception, target),
    };

    /// <summary>Whatever the engine reports about one row or window: a row that is not a sale, a window not read, or an exception.</summary>
    public static ErrorRecord FromReport(object report) => report switch
    {
        BandcampSaleParseError parse => From(parse),
        SalesGap gap => From(gap),
        Exception ex => From(ex),
        _ => Create(BandcampErrorIds.UnexpectedError, ErrorCategory.NotSpecified, report.ToString() ?? "", report),
    };

    public static ErrorRecord From(BandcampSaleParseError error) =>
        new(new BandcampException(error.ErrorId, BandcampErrorKind.InvalidData, error.Message, error), error.ErrorId, ErrorCategory.InvalidData, error);

    /// <summary>
    /// A part of a requested range that was not read: one error under the ErrorId of its cause (BandcampApiError,
    /// BandcampBlocked, BandcampTransportFailed...), naming the range; the rest of the range still flows.
    /// </summary>
    public static ErrorRecord From(SalesGap gap) => From(new BandcampException(gap.Reason.ErrorId, gap.Reason.Kind,
        $"Sales of {gap.Describe()} were not read: {gap.Reason.Message} The rest of the range was read; read this range again to fill the gap.",
        gap, gap.Reason));

    public static ErrorRecord NotConnected() => Create(BandcampErrorIds.NotConnected, ErrorCategory.ConnectionError,
        $"Not connected to Bandcamp. Run Connect-Bandcamp first (or set {BandcampEnvironment.ClientIdVariable} and {BandcampEnvironment.ClientSecretVariable} and run Connect-Bandcamp with no parameters), or pass -Connection.",
        null);

    /// <summary>
    /// An end not after the start; both already UTC. The parameter names are the caller's (Sync-BandcampRevenue's
    /// start is -Since), so the message names what the user typed.
    /// </summary>
    public static ErrorRecord DateRangeInvalid(string startParameter, DateTime startUtc, string endParameter, DateTime endUtc, object? target) =>
        Create(BandcampErrorIds.DateRangeInvalid, ErrorCategory.InvalidArgument,
            $"-{endParameter} {endUtc:yyyy-MM-dd HH:mm:ss}Z is not after -{startParameter} {startUtc:yyyy-MM-dd HH:mm:ss}Z (dates without a time zone are taken as UTC).",
            target);

    /// <summary>
    /// An object that is neither a sale (Get-BandcampSale) nor a stored row (Get-BandcampRevenue), given to a cmdlet
    /// that takes both; the target is the object itself, and the cmdlet goes on without it.
    /// </summary>
    public static ErrorRecord InputTypeInvalid(object? target, string parameter)
    {
        var type = target is PSObject wrapped ? wrapped.TypeNames.FirstOrDefault() ?? wrapped.BaseObject.GetType().FullName : target?.GetType().FullName;
        return Create(BandcampErrorIds.InputTypeInvalid, ErrorCategory.InvalidArgument,
            $"-{parameter} takes sales from Get-BandcampSale and stored rows from Get-BandcampRevenue, not {(target is null ? "$null" : type)}; this object is left out.",
            target);
    }

    public static ErrorCategory Category(BandcampErrorKind kind) => kind switch
    {
        BandcampErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        BandcampErrorKind.InvalidData => ErrorCategory.InvalidData,
        BandcampErrorKind.Authentication => ErrorCategory.AuthenticationError,
        BandcampErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        BandcampErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        BandcampErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        BandcampErrorKind.ProtocolError => ErrorCategory.ProtocolError,
        BandcampErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        BandcampErrorKind.WriteError => ErrorCategory.WriteError,
        BandcampErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        BandcampErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        BandcampErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        _ => ErrorCategory.NotSpecified,
    };
}
