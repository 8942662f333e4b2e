#Requires -Version 7.4
<#
    Export-Csv | Import-Csv and ConvertTo-Json of every output type, as a user pipes them: one plain column per
    property (no System.Object[], no type names), every date also as ISO 8601 text (<Name>Iso) that reads the same
    under any culture (one case under de-DE), decimals exact. README "Exporting" documents the shape.
#>

BeforeDiscovery {
    # One producer per output type; a cmdlet with an output type missing here fails 'covers every output type'.
    $script:cases = @(
        @{ Type = 'BandcampSale'; Script = { Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 } }
        @{ Type = 'BandcampBand'; Script = { Get-BandcampBand -IncludeMemberBands } }
        @{ Type = 'BandcampConnection'; Script = { Connect-BandcampFixture $fixture -PassThru } }
        @{ Type = 'RevenueRow'; Script = { Get-BandcampRevenue -Database $fixture.Database } }
        @{ Type = 'RevenueSummaryRow'; Script = { Get-BandcampRevenueSummary -Database $fixture.Database -GroupBy Month, Artist, Currency } }
        @{ Type = 'BandcampRevenueDifference'; Script = { $sales = @(Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01); $sales | Select-Object -Skip 1 | Compare-BandcampRevenue -ReferenceObject $sales } }
        @{ Type = 'ConvertedSale'; Script = { Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $fixture.Rates } }
        @{ Type = 'ExchangeRate'; Script = { Get-BandcampExchangeRate -StartDate 2024-01-01 -EndDate 2024-02-01 -Path $fixture.Rates } }
        @{ Type = 'ExchangeRateDownloadResult'; Script = { Update-BandcampExchangeRate -Uri $fixture.Fake.RatesUri -Path (Join-Path $fixture.Folder 'downloaded' 'eurofxref-hist.zip') } }
        @{ Type = 'BandcampMerchItem'; Script = { Get-BandcampMerch -BandId 3000000001 } }
        @{ Type = 'BandcampShippingOrigin'; Script = { Get-BandcampShippingOrigin } }
        @{ Type = 'BandcampOrder'; Script = { Get-BandcampOrder -BandId 3000000001 } }
        @{ Type = 'BandcampOrderShipment'; Script = { Get-BandcampOrder -BandId 3000000001 -Unshipped | Select-Object -First 2 | Set-BandcampOrderShipped -Carrier DHL -TrackingCode JD0001 } }
        @{ Type = 'BandcampMerchQuantityChange'; Script = { Get-BandcampMerch -BandId 3000000001 | Where-Object { $null -ne $_.QuantityAvailable } | Select-Object -First 2 | Set-BandcampMerchQuantity -QuantityAvailable 7 } }
        @{ Type = 'BandcampMerchSkuChange'; Script = { Get-BandcampMerch -BandId 3000000001 | Where-Object Sku | Select-Object -First 1 | Set-BandcampMerchSku -Sku 'EXPORT-TEST-SKU' } }
    )
    # The import and sync summaries: their Breakdown is a method, their dates have ISO twins too
    # (StartUtcIso, EndUtcIso, CompleteThroughUtcIso).
    $script:coreCases = @(
        @{ Type = 'RevenueImportSummary'; Script = { Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database (Join-Path $fixture.Folder 'summary.db') -Currency EUR -ExchangeRatePath $fixture.Rates } }
        @{ Type = 'RevenueSyncResult'; Script = { Sync-BandcampRevenue -Database (Join-Path $fixture.Folder 'sync.db') -Since 2020-01-01 } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:fixture = New-BandcampFixture
    Connect-BandcampFixture $fixture
    Import-BandcampFixtureRevenue $fixture -Currency EUR

    $script:isoTime = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
    $script:isoDate = '^\d{4}-\d\d-\d\d$'

    # The .NET type of each property of an output object, nullable unwrapped.
    function script:Get-PropertyType($object, $name) {
        $property = $object.PSObject.BaseObject.GetType().GetProperty($name)
        if (-not $property) { return $null }
        $type = $property.PropertyType
        if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
        $type
    }

    function script:Assert-ExportShape($objects, [string] $file) {
        $objects = @($objects)
        $objects.Count | Should -BeGreaterThan 0
        $objects | Export-Csv $file -NoTypeInformation
        $back = @(Import-Csv $file)
        $back.Count | Should -Be $objects.Count
        $names = @($objects[0].PSObject.Properties.Name)
        $back[0].PSObject.Properties.Name | Should -Be $names
        # Every row is written and read; the first rows are checked cell by cell (Should per cell is slow).
        for ($i = 0; $i -lt [math]::Min($objects.Count, 25); $i++) {
            foreach ($name in $names) {
                $cell = $back[$i].$name
                $cell | Should -Not -Match '^(System|BandcampPS)\.|\[\]$|^@\{' -Because "$name must export as a plain value, not a type name"
                $value = $objects[$i].$name
                $type = Get-PropertyType $objects[$i] $name
                if ($null -eq $value) { $cell | Should -BeNullOrEmpty -Because $name; continue }
                switch ($type) {
                    ([datetime]) {
                        $back[$i]."${name}Iso" | Should -Match $isoTime -Because "$name has an ISO 8601 UTC twin"
                        [datetime]::Parse($back[$i]."${name}Iso", [cultureinfo]::InvariantCulture, 'AdjustToUniversal, AssumeUniversal') |
                            Should -Be ([datetime]::SpecifyKind($value, 'Utc').AddTicks(-($value.Ticks % [timespan]::TicksPerSecond)))
                    }
                    ([datetimeoffset]) { $back[$i]."${name}Iso" | Should -Match $isoTime -Because "$name has an ISO 8601 UTC twin" }
                    ([DateOnly]) {
                        $back[$i]."${name}Iso" | Should -Match $isoDate -Because "$name has an ISO 8601 twin"
                        $back[$i]."${name}Iso" | Should -Be $value.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
                    }
                    ([decimal]) { [decimal]::Parse($cell, [cultureinfo]::CurrentCulture) | Should -Be $value -Because "$name is exact" }
                    ([long]) { [long]$cell | Should -Be $value }
                    ([bool]) { $cell | Should -Be $value.ToString() }
                    default {
                        if ($type -and $type.IsEnum) { $cell | Should -Be $value.ToString() -Because "$name exports its name" }
                    }
                }
            }
        }
        , $back
    }
}

AfterAll {
    Disconnect-Bandcamp -ErrorAction SilentlyContinue
    Remove-Module BandcampPS -ErrorAction SilentlyContinue
    Remove-BandcampFixture $fixture
}

Describe 'Export-Csv of every output type' {
    It 'covers every output type of every cmdlet' {
        $declared = (Get-Command -Module BandcampPS).OutputType.Type | Where-Object { $_ -ne [void] } | ForEach-Object Name | Sort-Object -Unique
        $declared | Where-Object { $_ -notin ($cases + $coreCases).Type } | Should -BeNullOrEmpty
    }

    It '<Type> exports one plain column per property and reads back the same' -ForEach $cases {
        $objects = @(& $Script)
        $objects[0].PSObject.TypeNames[0] | Should -BeLike "*.$Type"
        Assert-ExportShape $objects (Join-Path $fixture.Folder "$Type.csv") | Out-Null
    }

    It '<Type> exports one plain column per property and reads back the same' -ForEach $coreCases {
        $objects = @(& $Script)
        Assert-ExportShape $objects (Join-Path $fixture.Folder "$Type.csv") | Out-Null
    }

    It 'writes ISO 8601 UTC dates under de-DE, where the typed SaleDate reads 01.01.2024 23:32:02' {
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $rows = @(Get-BandcampRevenue -Database $fixture.Database | Where-Object { $null -ne $_.ExchangeRateDate })
            $back = Assert-ExportShape $rows (Join-Path $fixture.Folder 'de-DE.csv')
            $back[0].SaleDate | Should -Match '^\d\d\.\d\d\.\d{4} ' -Because 'the typed column is written in the session culture'
            $back[0].SaleDateIso | Should -Be $rows[0].SaleDate.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
            $back[0].ExchangeRateDateIso | Should -Match $isoDate
        }
        finally { [cultureinfo]::CurrentCulture = $culture }
    }
}

Describe 'ConvertTo-Json of every output type' {
    It '<Type> converts with enums as names and every date as ISO 8601 text' -ForEach $cases {
        $objects = @(& $Script | Select-Object -First 5)
        $json = $objects | ConvertTo-Json -Depth 3 -EnumsAsStrings
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be $objects.Count
        foreach ($name in $objects[0].PSObject.Properties.Name) {
            $type = Get-PropertyType $objects[0] $name
            if ($type -and $type.IsEnum -and $null -ne $objects[0].$name) { $back[0].$name | Should -Be $objects[0].$name.ToString() }
            if ($type -in [datetime], [DateOnly], [datetimeoffset] -and $null -ne $objects[0].$name) {
                # ConvertFrom-Json would turn the text back into a DateTime: look at the JSON text itself.
                $json | Should -Match ('"{0}Iso":\s*"{1}"' -f $name, [regex]::Escape($objects[0]."${name}Iso")) -Because "$name has an ISO 8601 twin in JSON too"
            }
        }
        $json | Should -Not -Match '"(System|BandcampPS)\.'
    }
}
