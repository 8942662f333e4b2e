namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// The SQLite schema, as forward-only migrations. A released migration is never edited: change the schema
/// by appending the next version, whose statements turn version N into N+1.
/// </summary>
internal static class SqliteSchema
{
    public static readonly SchemaDialect Dialect = new(
        Lock: null, // the migration runs inside BEGIN IMMEDIATE, which already admits one writer
        CreateVersionTable: """
            CREATE TABLE IF NOT EXISTS "BandcampSchemaVersion" (
                "Version" INTEGER NOT NULL PRIMARY KEY,
                "Description" TEXT NOT NULL,
                "AppliedAt" TEXT NOT NULL
            )
            """,
        ReadVersion: """SELECT COALESCE(MAX("Version"), 0) FROM "BandcampSchemaVersion" """,
        RecordVersion: """
            INSERT INTO "BandcampSchemaVersion" ("Version", "Description", "AppliedAt")
            VALUES (@Version, @Description, strftime('%Y-%m-%d %H:%M:%S', 'now'))
            """,
        VersionTableExists: """SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'BandcampSchemaVersion'""")
    {
        RehashRows = (connection, transaction, ct) => ContentHashRewrite.RunAsync(connection, transaction,
            SqliteStatements.HashRewritePage, SqliteStatements.HashRewrite, reader => new SqliteRowReader(reader), ct),
    };

    // Money and rates are TEXT on purpose: TEXT affinity keeps "8.50" exactly as written, where a NUMERIC
    // or REAL column would turn it into a binary float. Times are 'yyyy-MM-dd HH:mm:ss' UTC text, which
    // sorts and compares in time order. ContentHash is 16 bytes.
    private static readonly SchemaMigration V1 = new(1, "Revenue table with (Source, SaleKey) unique", [
        """
        CREATE TABLE "BandcampRevenue" (
            "Id" INTEGER PRIMARY KEY,
            "Source" TEXT NOT NULL,
            "SaleKey" TEXT NOT NULL,
            "ContentHash" BLOB NOT NULL,
            "BandId" INTEGER NOT NULL,
            "MemberBandId" INTEGER,
            "TransactionId" TEXT NOT NULL,
            "TransactionItemId" INTEGER,
            "RelatedTransactionId" TEXT,
            "SaleDate" TEXT NOT NULL,
            "ItemType" TEXT NOT NULL,
            "ItemName" TEXT,
            "Artist" TEXT,
            "CatalogNumber" TEXT,
            "Upc" TEXT,
            "Isrc" TEXT,
            "Package" TEXT,
            "Option" TEXT,
            "Sku" TEXT,
            "Quantity" INTEGER,
            "Currency" TEXT NOT NULL,
            "ItemPrice" TEXT,
            "SubTotal" TEXT,
            "AdditionalFanContribution" TEXT,
            "SellerTax" TEXT,
            "MarketplaceTax" TEXT,
            "TaxRate" TEXT,
            "CollectionSocietyShare" TEXT,
            "Shipping" TEXT,
            "TransactionFee" TEXT,
            "ItemTotal" TEXT,
            "AmountYouReceived" TEXT,
            "NetAmount" TEXT,
            "ReportingCurrency" TEXT,
            "ExchangeRate" TEXT,
            "ExchangeRateDate" TEXT,
            "ConvertedItemTotal" TEXT,
            "ConvertedAmountYouReceived" TEXT,
            "ConvertedNetAmount" TEXT,
            "ConvertedTransactionFee" TEXT,
            "ConvertedShipping" TEXT,
            "ConvertedTaxes" TEXT,
            "CountryCode" TEXT,
            "Country" TEXT,
            "BuyerName" TEXT,
            "BuyerEmail" TEXT,
            "BuyerPhone" TEXT,
            "BuyerNote" TEXT,
            "ShipToName" TEXT,
            "ShipToStreet" TEXT,
            "ShipToStreet2" TEXT,
            "ShipToCity" TEXT,
            "ShipToState" TEXT,
            "ShipToZip" TEXT,
            "ShipToCountry" TEXT,
            "ShipToCountryCode" TEXT,
            "ImportedAt" TEXT NOT NULL,
            CONSTRAINT "UQ_BandcampRevenue_Source_SaleKey" UNIQUE ("Source", "SaleKey")
        )
        """,
        """CREATE INDEX "IX_BandcampRevenue_SaleDate" ON "BandcampRevenue" ("SaleDate")""",
        """CREATE INDEX "IX_BandcampRevenue_Source_BandId_SaleDate" ON "BandcampRevenue" ("Source", "BandId", "SaleDate")""",
    ]);

    // Settings (the one reporting currency of the database, taken from its rows where they agree), Sync's record of
    // what it has read completely per band, and every ContentHash rehashed without the conversion columns.
    private static readonly SchemaMigration V2 = new(2, "Settings, sync watermarks, content hash without the conversion", [
        """
        CREATE TABLE "BandcampSettings" (
            "Name" TEXT NOT NULL PRIMARY KEY,
            "Value" TEXT NOT NULL
        )
        """,
        """
        INSERT INTO "BandcampSettings" ("Name", "Value")
        SELECT 'ReportingCurrency', MIN("ReportingCurrency") FROM "BandcampRevenue"
        WHERE "ReportingCurrency" IS NOT NULL
        HAVING COUNT(DISTINCT "ReportingCurrency") = 1
        """,
        """
        CREATE TABLE "BandcampSyncState" (
            "Source" TEXT NOT NULL,
            "BandId" INTEGER NOT NULL,
            "SinceUtc" TEXT NOT NULL,
            "CompleteThroughUtc" TEXT NOT NULL,
            "UpdatedAt" TEXT NOT NULL,
            PRIMARY KEY ("Source", "BandId")
        )
        """,
    ])
    {
        RehashesRows = true,
    };

    // Every field of a sale line is kept: until now PaidTo, DiscountCode, FeeType, the PayPal id, where and when merch
    // shipped, the page and referrer, the buyer's region, city and shipping notes were read and dropped. The hashes are
    // rewritten (format 3 covers the new columns); a re-import then fills the new columns of the rows it brings again.
    private static readonly SchemaMigration V3 = new(3, "Every field of a sale line: PaidTo, DiscountCode, FeeType and the rest", [
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "PaidTo" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "DiscountCode" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "FeeType" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "PaypalTransactionId" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "ShipFromCountryName" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "ShipDate" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "ItemUrl" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "Referer" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "RefererUrl" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "RegionOrState" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "City" TEXT""",
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "ShipNotes" TEXT""",
    ])
    {
        RehashesRows = true,
    };

    public static readonly IReadOnlyList<SchemaMigration> Migrations = [V1, V2, V3];
}
