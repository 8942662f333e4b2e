namespace BandcampPS.Engine.Sales;

/// <summary>How patiently the async sales report (generate → fetch → download) waits for Bandcamp to generate a file.</summary>
public sealed record AsyncReportSettings
{
    /// <summary>First wait between fetches; null: the HTTP pipeline's base delay (Connect-Bandcamp -RetryBaseDelay). Doubles each poll.</summary>
    public TimeSpan? FirstPollDelay { get; init; }

    /// <summary>The longest wait between two fetches.</summary>
    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one report may take to generate before the command gives up. Clients in the wild waited 1 to 6
    /// minutes (api.md 5.5); a year of a busy label's sales can take longer, and a scheduled job should still end.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts at one download whose body breaks off; the sales already written are not repeated.</summary>
    public int DownloadAttempts { get; init; } = 3;
}
