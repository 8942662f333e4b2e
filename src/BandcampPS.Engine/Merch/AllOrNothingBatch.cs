using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Merch;

/// <summary>
/// Sends items to a merchorders update method that is all-or-nothing (api.md 3, 6): one refused item makes Bandcamp
/// refuse the whole call, naming the item in its message. The items the message names are set apart and the rest is
/// sent again, so the good ones go through; each suspect is then sent alone, where Bandcamp either accepts it (the
/// message named it by chance) or refuses it with its own reason. When the message names no item of the batch, the
/// batch is split in halves until the refused items stand alone. Nothing is ever retried with changed values.
/// </summary>
internal sealed class AllOrNothingBatch<T>(Func<IReadOnlyList<T>, CancellationToken, Task> send, Func<T, long> idOf)
{
    /// <summary>Calls made so far, for tests and the verbose summary.</summary>
    public int Calls { get; private set; }

    /// <summary>
    /// Sends <paramref name="items"/>; every item ends in exactly one of <paramref name="applied"/> or
    /// <paramref name="refused"/>. Failures other than a refusal (transport, authentication, a 429 or 5xx left after the
    /// retries) end the whole send.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<T> items, Action<T> applied, Action<T, BandcampApiException> refused, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return;
        try
        {
            Calls++;
            await send(items, cancellationToken).ConfigureAwait(false);
        }
        // A refusal names items; a rate limit or server error that outlasted the retries refuses nothing, so splitting
        // the batch would only send more calls into it: that ends the send like any other failure.
        catch (BandcampApiException ex) when (ex.Kind != BandcampErrorKind.Authentication && !BandcampRetryRules.IsTransientStatus((HttpStatusCode)ex.StatusCode))
        {
            if (items.Count == 1)
            {
                refused(items[0], ex);
                return;
            }
            var named = RefusalMessage.NumbersIn(ex.BandcampMessage);
            var suspects = items.Where(i => named.Contains(idOf(i))).ToList();
            if (suspects.Count > 0 && suspects.Count < items.Count)
            {
                await SendAsync(items.Where(i => !named.Contains(idOf(i))).ToList(), applied, refused, cancellationToken).ConfigureAwait(false);
                foreach (var suspect in suspects) await SendAsync([suspect], applied, refused, cancellationToken).ConfigureAwait(false);
                return;
            }
            var half = items.Count / 2;
            await SendAsync(items.Take(half).ToList(), applied, refused, cancellationToken).ConfigureAwait(false);
            await SendAsync(items.Skip(half).ToList(), applied, refused, cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var item in items) applied(item);
    }
}

/// <summary>What a refusal message says: the whole numbers in it, which name the refused item's id.</summary>
internal static partial class RefusalMessage
{
    public static HashSet<long> NumbersIn(string message) =>
        Digits().Matches(message)
            .Select(m => long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0)
            .ToHashSet();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
