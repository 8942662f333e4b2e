namespace BandcampPS.Engine.Storage;

/// <summary>
/// A store failure: a row the store cannot keep (<see cref="RowIndex"/> names it in its batch), or a database the
/// store cannot use. Messages name the store's Target, never a connection string.
/// </summary>
public sealed class RevenueStoreException(string errorId, string message, Exception? inner = null)
    : BandcampException(errorId, BandcampErrorKind.InvalidData, message, null, inner)
{
    public const string DatabaseTooNew = BandcampErrorIds.DatabaseTooNew;
    public const string ValueNotStorable = BandcampErrorIds.RevenueValueNotStorable;

    /// <summary>For a refused row: its index in its batch.</summary>
    public int? RowIndex { get; init; }
}
