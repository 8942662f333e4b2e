@{
    RootModule           = 'BandcampPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5996a36b-5a2c-42ac-bc25-2ce109f050d5'
    Author               = 'BandcampPS contributors'
    CompanyName          = 'BandcampPS'
    Copyright            = '(c) BandcampPS contributors. MIT licence.'
    Description          = 'Bandcamp label sales as PowerShell objects: OAuth with a shared token cache, chunked streaming sales reports, ECB currency conversion, and idempotent imports into SQLite or SQL Server.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    TypesToProcess       = @('BandcampPS.Types.ps1xml')
    FormatsToProcess     = @('BandcampPS.Format.ps1xml')
    CmdletsToExport      = @(
        'Compare-BandcampRevenue'
        'Connect-Bandcamp'
        'ConvertTo-BandcampCurrency'
        'Disconnect-Bandcamp'
        'Get-BandcampBand'
        'Get-BandcampExchangeRate'
        'Get-BandcampMerch'
        'Get-BandcampOrder'
        'Get-BandcampRevenue'
        'Get-BandcampRevenueSummary'
        'Get-BandcampSale'
        'Get-BandcampShippingOrigin'
        'Import-BandcampRevenue'
        'Set-BandcampMerchQuantity'
        'Set-BandcampMerchSku'
        'Set-BandcampOrderShipped'
        'Sync-BandcampRevenue'
        'Update-BandcampExchangeRate'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Bandcamp', 'Sales', 'Revenue', 'Label', 'Music', 'Finance', 'SQLite', 'SqlServer', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/bandcampps/BandcampPS'
            LicenseUri   = 'https://github.com/bandcampps/BandcampPS/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: Connect-Bandcamp (shared token cache), Get-BandcampBand, streaming Get-BandcampSale from the API or the CSV export, Import-BandcampRevenue and Sync-BandcampRevenue into SQLite or SQL Server, Get-BandcampRevenue and Get-BandcampRevenueSummary, Compare-BandcampRevenue, and the ECB rate cmdlets Update-/Get-BandcampExchangeRate and ConvertTo-BandcampCurrency.'
        }
    }
}
