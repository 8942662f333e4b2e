namespace BandcampPS.FakeApi;

/// <summary>Everything the endpoints share; one per server.</summary>
internal sealed class FakeServerState(FakeBandcampOptions options)
{
    public FakeBandcampOptions Options { get; } = options;
    public TokenAuthority Tokens { get; } = new(options);
    public FakeFaults Faults { get; } = new();
    public FakeStats Stats { get; } = new();
    public FakeSalesData Sales { get; } = new(options);
    public GeneratedReports Reports { get; } = new();
    public FakeMerchState Merch { get; } = new(options.Seed, () => options.TimeProvider.GetUtcNow().UtcDateTime);
    public DateTime UtcNow => Options.TimeProvider.GetUtcNow().UtcDateTime;
}
