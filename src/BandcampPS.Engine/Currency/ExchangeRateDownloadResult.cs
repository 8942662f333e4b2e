namespace BandcampPS.Engine.Currency;

/// <summary>What a rate download stored: the object Update-BandcampExchangeRate emits.</summary>
/// <param name="Path">The cached file now holding the rates.</param>
/// <param name="LatestDate">The newest day with rates.</param>
/// <param name="CurrencyCount">How many currencies have rates (EUR, the base, not counted).</param>
/// <param name="Bytes">Size of the downloaded file.</param>
/// <param name="Changed">False when the cache already held exactly these bytes.</param>
/// <param name="Source">The URL the rates came from.</param>
public sealed record ExchangeRateDownloadResult(string Path, DateOnly LatestDate, int CurrencyCount, long Bytes, bool Changed, string Source);
