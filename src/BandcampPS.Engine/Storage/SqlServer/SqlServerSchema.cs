namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// The SQL Server schema, as forward-only migrations (the same shape as <see cref="Sqlite.SqliteSchema"/>).
/// A released migration is never edited: append the next version instead.
/// </summary>
internal static class SqlServerSchema
{
    public static readonly SchemaDialect Dialect = new(
        // Two processes opening an empty database at once: the second waits here, then finds the tables.
        Lock: """
            DECLARE @lockResult int;
            EXEC @lockResult = sp_getapplock @Resource = N'BandcampPS.Schema', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000;
            IF @lockResult < 0
                THROW 50001, N'Timed out waiting for another BandcampPS process to finish creating the revenue schema.', 1;
            """,
        CreateVersionTable: """
            IF OBJECT_ID(N'dbo.BandcampSchemaVersion', N'U') IS NULL
                CREATE TABLE dbo.BandcampSchemaVersion (
                    [Version] int NOT NULL CONSTRAINT [PK_BandcampSchemaVersion] PRIMARY KEY,
                    [Description] nvarchar(400) NOT NULL,
                    [AppliedAt] datetime2(0) NOT NULL
                );
            """,
        ReadVersion: "SELECT COALESCE(MAX([Version]), 0) FROM dbo.BandcampSchemaVersion;",
        RecordVersion: """
            INSERT INTO dbo.BandcampSchemaVersion ([Version], [Description], [AppliedAt])
            VALUES (@Version, @Description, SYSUTCDATETIME());
            """,
        VersionTableExists: "SELECT CASE WHEN OBJECT_ID(N'dbo.BandcampSchemaVersion', N'U') IS NULL THEN 0 ELSE 1 END;")
    {
        RehashRows = (connection, transaction, ct) => ContentHashRewrite.RunAsync(connection, transaction,
            SqlServerStatements.HashRewritePage, SqlServerStatements.HashRewrite, reader => new SqlServerRowReader(reader), ct),
    };

    // Money decimal(19,4), rates decimal(19,10), times datetime2(0) UTC. Free text is nvarchar(max) so no
    // item name is ever too long; codes and keys are bounded (RevenueColumns.MaxLength checks them first).
    private static readonly SchemaMigration V1 = new(1, "Revenue table with (Source, SaleKey) unique", [
        """
        CREATE TABLE dbo.BandcampRevenue (
            [Id] bigint IDENTITY(1,1) NOT NULL CONSTRAINT [PK_BandcampRevenue] PRIMARY KEY CLUSTERED,
            [Source] nvarchar(8) NOT NULL,
            [SaleKey] nvarchar(200) NOT NULL,
            [ContentHash] binary(16) NOT NULL,
            [BandId] bigint NOT NULL,
            [MemberBandId] bigint NULL,
            [TransactionId] nvarchar(100) NOT NULL,
            [TransactionItemId] bigint NULL,
            [RelatedTransactionId] nvarchar(100) NULL,
            [SaleDate] datetime2(0) NOT NULL,
            [ItemType] nvarchar(100) NOT NULL,
            [ItemName] nvarchar(max) NULL,
            [Artist] nvarchar(max) NULL,
            [CatalogNumber] nvarchar(200) NULL,
            [Upc] nvarchar(64) NULL,
            [Isrc] nvarchar(64) NULL,
            [Package] nvarchar(max) NULL,
            [Option] nvarchar(max) NULL,
            [Sku] nvarchar(200) NULL,
            [Quantity] int NULL,
            [Currency] nvarchar(8) NOT NULL,
            [ItemPrice] decimal(19,4) NULL,
            [SubTotal] decimal(19,4) NULL,
            [AdditionalFanContribution] decimal(19,4) NULL,
            [SellerTax] decimal(19,4) NULL,
            [MarketplaceTax] decimal(19,4) NULL,
            [TaxRate] decimal(19,10) NULL,
            [CollectionSocietyShare] decimal(19,4) NULL,
            [Shipping] decimal(19,4) NULL,
            [TransactionFee] decimal(19,4) NULL,
            [ItemTotal] decimal(19,4) NULL,
            [AmountYouReceived] decimal(19,4) NULL,
            [NetAmount] decimal(19,4) NULL,
            [ReportingCurrency] nvarchar(8) NULL,
            [ExchangeRate] decimal(19,10) NULL,
            [ExchangeRateDate] date NULL,
            [ConvertedItemTotal] decimal(19,4) NULL,
            [ConvertedAmountYouReceived] decimal(19,4) NULL,
            [ConvertedNetAmount] decimal(19,4) NULL,
            [ConvertedTransactionFee] decimal(19,4) NULL,
            [ConvertedShipping] decimal(19,4) NULL,
            [ConvertedTaxes] decimal(19,4) NULL,
            [CountryCode] nvarchar(8) NULL,
            [Country] nvarchar(max) NULL,
            [BuyerName] nvarchar(max) NULL,
            [BuyerEmail] nvarchar(max) NULL,
            [BuyerPhone] nvarchar(100) NULL,
            [BuyerNote] nvarchar(max) NULL,
            [ShipToName] nvarchar(max) NULL,
            [ShipToStreet] nvarchar(max) NULL,
            [ShipToStreet2] nvarchar(max) NULL,
            [ShipToCity] nvarchar(max) NULL,
            [ShipToState] nvarchar(max) NULL,
            [ShipToZip] nvarchar(64) NULL,
            [ShipToCountry] nvarchar(max) NULL,
            [ShipToCountryCode] nvarchar(8) NULL,
            [ImportedAt] datetime2(0) NOT NULL,
            CONSTRAINT [UQ_BandcampRevenue_Source_SaleKey] UNIQUE ([Source], [SaleKey])
        );
        """,
        "CREATE INDEX [IX_BandcampRevenue_SaleDate] ON dbo.BandcampRevenue ([SaleDate]);",
        "CREATE INDEX [IX_BandcampRevenue_Source_BandId_SaleDate] ON dbo.BandcampRevenue ([Source], [BandId], [SaleDate]);",
    ]);

    // As SQLite's V2: settings, Sync's watermarks, every ContentHash rehashed without the conversion columns.
    private static readonly SchemaMigration V2 = new(2, "Settings, sync watermarks, content hash without the conversion", [
        """
        CREATE TABLE dbo.BandcampSettings (
            [Name] nvarchar(100) NOT NULL CONSTRAINT [PK_BandcampSettings] PRIMARY KEY,
            [Value] nvarchar(400) NOT NULL
        );
        """,
        """
        INSERT INTO dbo.BandcampSettings ([Name], [Value])
        SELECT N'ReportingCurrency', MIN([ReportingCurrency]) FROM dbo.BandcampRevenue
        WHERE [ReportingCurrency] IS NOT NULL
        HAVING COUNT(DISTINCT [ReportingCurrency]) = 1;
        """,
        """
        CREATE TABLE dbo.BandcampSyncState (
            [Source] nvarchar(8) NOT NULL,
            [BandId] bigint NOT NULL,
            [SinceUtc] datetime2(0) NOT NULL,
            [CompleteThroughUtc] datetime2(0) NOT NULL,
            [UpdatedAt] datetime2(0) NOT NULL,
            CONSTRAINT [PK_BandcampSyncState] PRIMARY KEY ([Source], [BandId])
        );
        """,
    ])
    {
        RehashesRows = true,
    };

    // As SQLite's V3: every field of a sale line kept, the hashes rewritten in format 3. Free text, so no value of a
    // field Bandcamp has never documented the length of is ever refused.
    private static readonly SchemaMigration V3 = new(3, "Every field of a sale line: PaidTo, DiscountCode, FeeType and the rest", [
        """
        ALTER TABLE dbo.BandcampRevenue ADD
            [PaidTo] nvarchar(max) NULL,
            [DiscountCode] nvarchar(max) NULL,
            [FeeType] nvarchar(max) NULL,
            [PaypalTransactionId] nvarchar(max) NULL,
            [ShipFromCountryName] nvarchar(max) NULL,
            [ShipDate] nvarchar(max) NULL,
            [ItemUrl] nvarchar(max) NULL,
            [Referer] nvarchar(max) NULL,
            [RefererUrl] nvarchar(max) NULL,
            [RegionOrState] nvarchar(max) NULL,
            [City] nvarchar(max) NULL,
            [ShipNotes] nvarchar(max) NULL;
        """,
    ])
    {
        RehashesRows = true,
    };

    public static readonly IReadOnlyList<SchemaMigration> Migrations = [V1, V2, V3];

    /// <summary>The type a column has in the newest schema; the staging table copies it (tests compare it with the DDL).</summary>
    public static string TypeOf(RevenueColumn column) => RevenueColumns.Kind(column) switch
    {
        ColumnKind.Source or ColumnKind.Text => RevenueColumns.MaxLength(column) is { } length ? $"nvarchar({length})" : "nvarchar(max)",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Int32 => "int",
        ColumnKind.Money => "decimal(19,4)",
        ColumnKind.Rate => "decimal(19,10)",
        ColumnKind.Timestamp => "datetime2(0)",
        ColumnKind.Date => "date",
        var kind => throw new ArgumentOutOfRangeException(nameof(column), kind, null),
    };
}
