namespace BandcampPS.Engine;

/// <summary>
/// Every ErrorId the module raises, in one place: scripts match on these (the part of FullyQualifiedErrorId before
/// the comma), so they are the module's contract. about_BandcampPS lists them and a test keeps the two equal.
/// </summary>
public static class BandcampErrorIds
{
    public const string NotConnected = "BandcampNotConnected";
    public const string CredentialsMissing = "BandcampCredentialsMissing";
    public const string InvalidClient = "BandcampInvalidClient";
    public const string TokenRefused = "BandcampTokenRefused";
    public const string DuplicateGrant = "BandcampDuplicateGrant";
    public const string Unauthorized = "BandcampUnauthorized";
    public const string BaseUriInvalid = "BandcampBaseUriInvalid";
    public const string BaseUriInsecure = "BandcampBaseUriInsecure";
    public const string TokenCacheLocked = "BandcampTokenCacheLocked";
    public const string TokenCachePathUnavailable = "BandcampTokenCachePathUnavailable";
    public const string TokenCacheNotWritable = "BandcampTokenCacheNotWritable";
    public const string AccessDenied = "BandcampAccessDenied";
    public const string FileError = "BandcampFileError";
    public const string PathInvalid = "BandcampPathInvalid";
    public const string DateRangeInvalid = "BandcampDateRangeInvalid";
    public const string ApiError = "BandcampApiError";
    public const string Blocked = "BandcampBlocked";
    public const string ServerError = "BandcampServerError";
    public const string BaseUriNotApi = "BandcampBaseUriNotApi";
    public const string TransportFailed = "BandcampTransportFailed";
    public const string SaleDateInvalid = "BandcampSaleDateInvalid";
    public const string SaleInvalid = "BandcampSaleInvalid";
    public const string OperationStopped = "BandcampOperationStopped";
    public const string DatabaseNotFound = "BandcampDatabaseNotFound";
    public const string DatabaseError = "BandcampDatabaseError";
    public const string DatabaseLocked = "BandcampDatabaseLocked";
    public const string DatabaseReadOnly = "BandcampDatabaseReadOnly";
    public const string DatabaseInvalid = "BandcampDatabaseInvalid";
    public const string DatabaseDiskFull = "BandcampDatabaseDiskFull";
    public const string DatabaseCannotOpen = "BandcampDatabaseCannotOpen";
    public const string DatabaseTooNew = "BandcampDatabaseTooNew";
    public const string DatabaseSchemaOutdated = "BandcampDatabaseSchemaOutdated";
    public const string RevenueValueNotStorable = "BandcampRevenueValueNotStorable";
    public const string ReportingCurrencyConflict = "BandcampReportingCurrencyConflict";
    public const string ExchangeRateNotFound = "BandcampExchangeRateNotFound";
    public const string InputTypeInvalid = "BandcampInputTypeInvalid";
    public const string ItemTypeUnknown = "BandcampItemTypeUnknown";
    public const string CurrencyNotInRates = "BandcampCurrencyNotInRates";
    public const string ExchangeRatesMissing = "BandcampExchangeRatesMissing";
    public const string ExchangeRateFileInvalid = "BandcampExchangeRateFileInvalid";
    public const string ExchangeRateDownloadFailed = "BandcampExchangeRateDownloadFailed";
    public const string ExchangeRateUriInvalid = "BandcampExchangeRateUriInvalid";
    public const string ExchangeRatePathUnavailable = "BandcampExchangeRatePathUnavailable";
    public const string DatabasePathUnavailable = "BandcampDatabasePathUnavailable";
    public const string CsvFileNotFound = "BandcampCsvFileNotFound";
    public const string CsvColumnsMissing = "BandcampCsvColumnsMissing";
    public const string CsvRowMalformed = "BandcampCsvRowMalformed";
    public const string CsvValueMissing = "BandcampCsvValueMissing";
    public const string CsvQuantityInvalid = "BandcampCsvQuantityInvalid";
    public const string CsvAmountInvalid = "BandcampCsvAmountInvalid";
    public const string TimeZoneInvalid = "BandcampTimeZoneInvalid";
    public const string SyncNeedsSince = "BandcampSyncNeedsSince";
    public const string SyncLocked = "BandcampSyncLocked";
    public const string ClearScopeUnknown = "BandcampClearScopeUnknown";
    public const string ClearNotConfirmed = "BandcampClearNotConfirmed";
    public const string InvalidArgument = "BandcampInvalidArgument";
    public const string UnexpectedError = "BandcampUnexpectedError";

    // Merch and orders (merchorders API) and the async sales report.
    public const string MerchDataInvalid = "BandcampMerchDataInvalid";
    public const string MerchItemNotFound = "BandcampMerchItemNotFound";
    public const string MerchItemAmbiguous = "BandcampMerchItemAmbiguous";
    public const string MerchUpdateRefused = "BandcampMerchUpdateRefused";
    public const string MerchQuantityConflict = "BandcampMerchQuantityConflict";
    public const string ShipNotConfirmed = "BandcampShipNotConfirmed";
    public const string AsyncReportFailed = "BandcampAsyncReportFailed";
    public const string AsyncReportTimeout = "BandcampAsyncReportTimeout";
}
