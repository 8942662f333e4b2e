namespace BandcampPS.FakeApi;

/// <summary>
/// SplitMix64: a tiny, platform-independent hash so that sale i is a pure function of (seed, i).
/// System.Random is avoided because its seeded sequence is not a documented contract.
/// </summary>
internal static class StableHash
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(int seed, long index, ulong salt) =>
        Mix(Mix(Mix((ulong)(uint)seed) ^ salt) ^ (ulong)index);

    /// <summary>A value in [0, n).</summary>
    public static int Below(int seed, long index, ulong salt, int n) => (int)(Of(seed, index, salt) % (ulong)n);
}

/// <summary>A stream of deterministic draws for one row; a mutable struct, so keep it in a local.</summary>
internal struct RowRandom(int seed, long index, ulong salt)
{
    private ulong _state = StableHash.Of(seed, index, salt);

    public ulong Next() => StableHash.Mix(_state += 0x9E3779B97F4A7C15UL);

    public int Below(int n) => (int)(Next() % (ulong)n);

    /// <summary>True with the given percent chance.</summary>
    public bool Percent(int percent) => Below(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}
