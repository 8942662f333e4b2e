namespace BandcampPS.Engine.Storage;

/// <summary>
/// A store failure the cmdlets turn into an error record: <see cref="ErrorId"/> is stable.
/// Messages name the store's Target, never a connection string.
/// </summary>
public sealed class RevenueStoreException : Exception
{
    public const string DatabaseTooNew = BandcampErrorIds.DatabaseTooNew;
    public const string ValueNotStorable = BandcampErrorIds.RevenueValueNotStorable;

    public RevenueStoreException(string errorId, string message, Exception? inner = null)
        : base(message, inner) => ErrorId = errorId;

    public string ErrorId { get; }

    /// <summary>For ValueNotStorable: the index of the offending row in its batch.</summary>
    public int? RowIndex { get; init; }
}
