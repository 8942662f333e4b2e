using System.Diagnostics.CodeAnalysis;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// One data row of a CSV export: a sale, or the reason it is not one. A class rather than a struct so
/// that there is no default value holding neither.
/// </summary>
public sealed class CsvReadResult
{
    private CsvReadResult(BandcampSale? sale, CsvRowError? error)
    {
        Sale = sale;
        Error = error;
    }

    /// <summary>The sale; null when <see cref="Error"/> is set.</summary>
    public BandcampSale? Sale { get; }

    /// <summary>Why the row is not a sale; null when <see cref="Sale"/> is set.</summary>
    public CsvRowError? Error { get; }

    [MemberNotNullWhen(true, nameof(Sale))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSale => Sale is not null;

    internal static CsvReadResult Success(BandcampSale sale) => new(sale, null);

    internal static CsvReadResult Failure(CsvRowError error) => new(null, error);

    public override string ToString() => IsSale ? Sale.ToString() : Error.Message;
}
