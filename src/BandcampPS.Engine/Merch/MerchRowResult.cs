namespace BandcampPS.Engine.Merch;

/// <summary>Either one row of a merchorders answer or the reason it could not be read; the other rows still flow.</summary>
public readonly record struct MerchRowResult<T>(T? Item, BandcampException? Error) where T : class
{
    public static MerchRowResult<T> Of(T item) => new(item, null);

    /// <summary>An unreadable row, named by its ids only (never by a buyer's details).</summary>
    public static MerchRowResult<T> Failed(string what, string method, Exception problem) =>
        new(null, new BandcampException(BandcampErrorIds.MerchDataInvalid, BandcampErrorKind.InvalidData,
            $"{method}: {what} could not be read: {problem.Message}.", what, problem));
}
