#Requires -Version 7.4
<#
    What a user sees: the default view of every output type at 120 columns (a console, or a log redirected from a
    scheduled job) keeps its key columns whole, wraps no header and leaves no line longer than 120; Format-List *
    shows every property.
#>

BeforeDiscovery {
    # Key columns: the header labels that must be visible whole, and a property whose value must appear in full.
    $script:views = @(
        @{ Type = 'BandcampSale'; Script = { Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 }
           Keys = 'SaleDate (UTC)', 'ItemType', 'ItemTotal', 'NetAmount', 'Cur', 'TransactionItemId'; Whole = 'TransactionItemId' }
        @{ Type = 'BandcampBand'; Script = { Get-BandcampBand -IncludeMemberBands }
           Keys = 'BandId', 'MemberBandId', 'Name', 'IsLabel'; Whole = 'BandId' }
        @{ Type = 'RevenueRow'; Script = { Get-BandcampRevenue -Database $fixture.Database }
           Keys = 'SaleDate (UTC)', 'Source', 'ItemType', 'NetAmount', 'Cur', 'ConvertedNet'; Whole = 'ConvertedNetAmount' }
        @{ Type = 'RevenueSummaryRow'; Script = { Get-BandcampRevenueSummary -Database $fixture.Database -GroupBy Month, Currency }
           Keys = 'Period', 'Cur', 'Sales', 'Gross', 'Net', 'ConvertedNet'; Whole = 'ConvertedNet' }
        @{ Type = 'RevenueSummaryRow by artist'; Script = { Get-BandcampRevenueSummary -Database $fixture.Database -GroupBy Year, Artist }
           Keys = 'Period', 'Net', 'ConvertedNet', 'Group'; Whole = 'ConvertedNet' }
        @{ Type = 'BandcampRevenueDifference'; Script = { $sales = @(Get-BandcampSale -BandId 3000000001 -StartDate 2020-01-01 -EndDate 2025-01-01); $sales | Select-Object -Skip 1 | Compare-BandcampRevenue -ReferenceObject $sales }
           Keys = 'Kind', 'Cur', 'Key', 'Reference', 'Difference'; Whole = 'ReferenceItemTotal' }
        @{ Type = 'ConvertedSale'; Script = { Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $fixture.Rates }
           Keys = 'SaleDate (UTC)', 'ItemTotal', 'Cur', 'Rate', 'RateDate', 'ConvertedTotal', 'ConvertedNet', 'In'; Whole = 'ConvertedNetAmount' }
        @{ Type = 'ExchangeRate'; Script = { Get-BandcampExchangeRate -Path $fixture.Rates }
           Keys = 'Date', 'Currency', 'UnitsPerEuro'; Whole = 'UnitsPerEuro' }
        @{ Type = 'ExchangeRateDownloadResult'; Script = { Update-BandcampExchangeRate -Uri $fixture.Fake.RatesUri -Path (Join-Path $fixture.Folder 'fmt' 'eurofxref-hist.zip') }
           Keys = 'LatestDate', 'Currencies', 'Bytes', 'Changed', 'Path'; Whole = 'Bytes' }
    )
    $script:coreViews = @(
        @{ Type = 'RevenueImportSummary'; Width = 120; Script = { Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database (Join-Path $fixture.Folder 'fmt-import.db') }
           Keys = 'Inserted', 'Present', 'Updated', 'Failed', 'Cleared' }
        @{ Type = 'RevenueSyncResult'; Width = 80; Script = { Sync-BandcampRevenue -Database (Join-Path $fixture.Folder 'fmt-sync.db') -Since 2020-01-01 }
           Keys = 'Band', 'From', 'To', 'Fetched', 'New', 'Updated', 'Failed', 'Gaps' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:fixture = New-BandcampFixture
    Connect-BandcampFixture $fixture
    Import-BandcampFixtureRevenue $fixture -Currency EUR

    # The default table as a 120-column console or log shows it.
    function script:Assert-Table($objects, [string[]] $keys, [int] $width) {
        $lines = @(($objects | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | Where-Object { $_.Length -gt $width } | Should -BeNullOrEmpty -Because "no line is longer than $width"
        $header = $lines[0]
        $underline = $lines[1]
        $underline | Should -Match '^[- ]+$' -Because 'the header takes one line (no label wraps)'
        foreach ($key in $keys) { $header | Should -Match ('(^|\s)' + [regex]::Escape($key) + '(\s|$)') -Because "$key is a visible column" }
        # Each column spans its run of dashes; a key column's values are never cut (…). Text columns such as
        # ItemName may be: a long title must not push the amounts off the line.
        foreach ($run in [regex]::Matches($underline, '-+')) {
            $label = $header.Substring($run.Index, [math]::Min($run.Length, $header.Length - $run.Index)).Trim()
            if ($label -notin $keys) { continue }
            foreach ($line in $lines | Select-Object -Skip 2) {
                $cell = if ($line.Length -gt $run.Index) { $line.Substring($run.Index, [math]::Min($run.Length, $line.Length - $run.Index)) } else { '' }
                $cell | Should -Not -Match '…' -Because "the key column $label is not cut: '$line'"
            }
        }
        , $lines
    }
}

AfterAll {
    Disconnect-Bandcamp -ErrorAction SilentlyContinue
    Remove-Module BandcampPS -ErrorAction SilentlyContinue
    Remove-BandcampFixture $fixture
}

Describe 'Default views at 120 columns' {
    It '<Type> fits 120 columns with its key columns whole' -ForEach $views {
        $objects = @(& $Script | Select-Object -First 40)
        $lines = Assert-Table $objects $Keys 120
        $value = [string]$objects[0].$Whole
        if ($value) { ($lines -join "`n") | Should -Match ([regex]::Escape($value)) -Because "$Whole shows in full" }
    }

    It 'the summary without a text group has no empty Group column taking the room' {
        $lines = @((Get-BandcampRevenueSummary -Database $fixture.Database -GroupBy Year, Currency | Out-String -Width 120) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum | ForEach-Object Maximum | Should -BeLessOrEqual 100
    }

    It '<Type> keeps <Keys> whole at <Width> columns' -ForEach $coreViews {
        Assert-Table @(& $Script) $Keys $Width | Out-Null
    }
}

Describe 'Format-List *' {
    It '<Type> lists every property' -ForEach $views {
        $object = & $Script | Select-Object -First 1
        $text = $object | Format-List * | Out-String -Width 200
        foreach ($name in $object.PSObject.Properties.Name) { $text | Should -Match ('(?m)^' + [regex]::Escape($name) + '\s+:') }
    }
}
