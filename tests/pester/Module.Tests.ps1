#Requires -Version 7.4
<#
    The module's everyday behaviour in a real pwsh against the fake Bandcamp API (a process on a free loopback port):
    connecting, reading, importing, reading back, reconciling, exchange rates. Run by Invoke-PesterSuite.ps1.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $script:fakeApi = Start-FakeBandcamp -Sales 1000
    $script:clientId = $fakeApi.ClientId
    $script:plainSecret = $fakeApi.Secret
    $script:secret = $fakeApi.SecureSecret
    $script:baseUri = $fakeApi.BaseUri
    $script:work = New-TestFolder
    $script:tokenCache = Join-Path $work 'tokens'
    $script:database = Join-Path $work 'revenue.db'
    $script:modulePath = Get-TestModulePath
    Import-Module $modulePath -Force

    function script:Connect-Fake {
        Connect-Bandcamp -ClientId $clientId -ClientSecret $secret -BaseUri $baseUri -TokenCachePath $tokenCache @args
    }
}

AfterAll {
    Disconnect-Bandcamp -ErrorAction SilentlyContinue
    Remove-Module BandcampPS -ErrorAction SilentlyContinue
    Stop-FakeBandcamp $fakeApi
    Remove-TestFolder $work
}

Describe 'The module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile $modulePath
        (Get-Module BandcampPS).ExportedCmdlets.Keys | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with a synopsis and examples for every cmdlet' {
        foreach ($name in (Get-Module BandcampPS).ExportedCmdlets.Keys) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $name
            @($help.examples.example).Count | Should -BeGreaterThan 0 -Because $name
        }
    }
}

Describe 'Connect-Bandcamp' {
    AfterEach { Disconnect-Bandcamp -ErrorAction SilentlyContinue }

    It 'connects and returns a connection that shows no secret' {
        $connection = Connect-Fake -PassThru
        $connection.ClientId | Should -Be $clientId
        $connection.TokenExpiresAt | Should -BeGreaterThan (Get-Date).ToUniversalTime()
        ($connection | Out-String) + $connection.ToString() | Should -Not -Match ([regex]::Escape($plainSecret))
    }

    It 'takes the credentials from the environment when no parameter is given' {
        $env:BANDCAMP_CLIENT_ID = $clientId
        $env:BANDCAMP_CLIENT_SECRET = $plainSecret
        $env:BANDCAMP_BASE_URI = $baseUri
        $env:BANDCAMP_TOKEN_CACHE = $tokenCache
        try { { Connect-Bandcamp -ErrorAction Stop } | Should -Not -Throw }
        finally { Remove-Item env:BANDCAMP_CLIENT_ID, env:BANDCAMP_CLIENT_SECRET, env:BANDCAMP_BASE_URI, env:BANDCAMP_TOKEN_CACHE }
    }

    It 'refuses plain http to a host that is not loopback' {
        { Connect-Bandcamp -ClientId $clientId -ClientSecret $secret -BaseUri 'http://bandcamp.example/' -ErrorAction Stop } | Should -Throw
    }

    It 'never writes the secret to any stream' {
        $everything = & { Connect-Fake -PassThru -Verbose -Debug; Get-BandcampBand -Verbose } *>&1 | Out-String
        $everything | Should -Not -Match ([regex]::Escape($plainSecret))
    }
}

Describe 'Reading sales' {
    BeforeAll { Connect-Fake }
    AfterAll { Disconnect-Bandcamp }

    It 'lists the bands the credentials manage' {
        $bands = Get-BandcampBand
        $bands.BandId | Should -Contain 3000000001
        @($bands | Where-Object IsLabel).Count | Should -Be 1
    }

    It 'streams typed sales through Where-Object' {
        $albums = Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 | Where-Object ItemType -eq 'album'
        $albums | Should -Not -BeNullOrEmpty
        $albums.ItemType | Sort-Object -Unique | Should -Be 'album'
        $albums[0].Source | Should -Be 'Api'
        $albums[0].NetAmount | Should -BeOfType [decimal]
        $albums[0].SaleDate.Kind | Should -Be 'Utc'
    }

    It 'counts no sale twice when a label and its member bands are both piped in' {
        $sales = Get-BandcampBand -IncludeMemberBands | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01
        $ids = $sales | Where-Object TransactionItemId | ForEach-Object TransactionItemId
        @($ids | Sort-Object -Unique).Count | Should -Be @($ids).Count
    }

    It 'refuses an end date before the start date' {
        { Get-BandcampSale -BandId 3000000001 -StartDate 2024-02-01 -EndDate 2024-01-01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'BandcampDateRangeInvalid,BandcampPS.Commands.GetBandcampSaleCommand'
    }
}

Describe 'Not connected' {
    It 'tells the user to run Connect-Bandcamp' {
        Disconnect-Bandcamp -ErrorAction SilentlyContinue
        { Get-BandcampBand -ErrorAction Stop } | Should -Throw -ErrorId 'BandcampNotConnected,BandcampPS.Commands.GetBandcampBandCommand'
    }
}

Describe 'Import-BandcampRevenue' {
    BeforeAll { Connect-Fake }
    AfterAll { Disconnect-Bandcamp }

    It 'writes nothing under -WhatIf' {
        $summary = Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 |
            Import-BandcampRevenue -Database $database -WhatIf
        $summary.Inserted | Should -BeGreaterThan 0
        $summary.WhatIf | Should -BeTrue
        $again = Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 |
            Import-BandcampRevenue -Database $database -WhatIf
        $again.Inserted | Should -Be $summary.Inserted
    }

    It 'stores each sale once however often it runs' {
        $first = Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database $database
        $second = Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database $database
        $first.Inserted | Should -BeGreaterThan 0
        $second.Inserted | Should -Be 0
        $second.AlreadyPresent | Should -Be $first.Inserted
    }
}

Describe 'Reading stored revenue' {
    BeforeAll {
        Connect-Fake
        Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database $database | Out-Null
        Disconnect-Bandcamp
    }

    It 'exports the stored rows to CSV, one plain column per property' {
        $csv = Join-Path $work 'revenue.csv'
        $rows = @(Get-BandcampRevenue -Database $database -Source Api)
        $rows.Count | Should -BeGreaterThan 0
        $rows | Export-Csv $csv -NoTypeInformation
        $back = @(Import-Csv $csv)
        $back.Count | Should -Be $rows.Count
        $back[0].SaleKey | Should -Be $rows[0].SaleKey
        $back[0].PSObject.Properties.Name | Should -Contain 'NetAmount'
        # A nested object would be written as its type name.
        @($back | Where-Object { $_.PSObject.Properties.Value -match '^System\.' }).Count | Should -Be 0
    }

    It 'sums in the database what the rows add up to by hand' {
        $byHand = @{}
        $payouts = @{}
        foreach ($row in Get-BandcampRevenue -Database $database -StartDate 2023-01-01 -EndDate 2024-01-01) {
            # Payouts are not revenue: they have their own column. A missing amount adds 0, as in SQL.
            if ($row.ItemType -eq 'payout') { $payouts[$row.Currency] = [decimal]$payouts[$row.Currency] + [decimal]$row.NetAmount; continue }
            $byHand[$row.Currency] = [decimal]$byHand[$row.Currency] + [decimal]$row.NetAmount
        }
        $summary = @(Get-BandcampRevenueSummary -GroupBy Currency -Database $database -StartDate 2023-01-01 -EndDate 2024-01-01)
        $summary.Count | Should -Be $byHand.Count
        foreach ($total in $summary) {
            $total.Net | Should -Be $byHand[$total.Currency]
            $total.PayoutAmount | Should -Be ([decimal]$payouts[$total.Currency])
        }
    }

    It 'reads its own Export-Csv output back as the same sales' {
        Connect-Fake
        $sales = @(Get-BandcampBand | Get-BandcampSale -StartDate 2024-01-01 -EndDate 2024-04-01)
        Disconnect-Bandcamp
        $csv = Join-Path $work 'q1.csv'
        $sales | Export-Csv $csv
        $db = Join-Path $work 'roundtrip.db'
        $sales | Import-BandcampRevenue -Database $db | Out-Null
        $again = Import-Csv $csv | Import-BandcampRevenue -Database $db
        $again.Received | Should -Be $sales.Count
        $again.Inserted | Should -Be 0
        (Import-Csv $csv | Get-BandcampRevenueSummary -GroupBy Month, Currency | ConvertTo-Json -Compress) |
            Should -Be ($sales | Get-BandcampRevenueSummary -GroupBy Month, Currency | ConvertTo-Json -Compress)
    }

    It 'summarizes stored rows piped from Get-BandcampRevenue as the database does' {
        $piped = @(Get-BandcampRevenue -Database $database | Get-BandcampRevenueSummary -GroupBy Year, Currency)
        $stored = @(Get-BandcampRevenueSummary -Database $database -GroupBy Year, Currency)
        ($piped | ConvertTo-Json -Compress) | Should -Be ($stored | ConvertTo-Json -Compress)
    }

    It 'shows summaries as a table' {
        Get-BandcampRevenueSummary -Database $database | Format-Table | Out-String | Should -Match 'Period'
    }

    It 'refuses a database that does not exist rather than creating it' {
        $missing = Join-Path $work 'missing.db'
        { Get-BandcampRevenue -Database $missing -ErrorAction Stop } | Should -Throw -ErrorId 'BandcampDatabaseNotFound,BandcampPS.Commands.GetBandcampRevenueCommand'
        Test-Path $missing | Should -BeFalse
    }
}

Describe 'Reconciling sales' {
    BeforeAll {
        Connect-Fake
        $script:apiSales = @(Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01)
        $script:compareDb = Join-Path $work 'compare.db'
        $apiSales | Import-BandcampRevenue -Database $compareDb | Out-Null
        Disconnect-Bandcamp
    }

    It 'agrees with the rows it stored, to the cent in every currency' {
        $totals = @(Get-BandcampRevenue -Database $compareDb -Source Api | Compare-BandcampRevenue -ReferenceObject $apiSales -SummaryOnly)
        $totals.Count | Should -Be @($apiSales.Currency | Sort-Object -Unique).Count
        $totals.Kind | Sort-Object -Unique | Should -Be 'TotalsAgree'
    }

    It 'exports a missing sale and the totals to CSV as one flat table' {
        $csv = Join-Path $work 'differences.csv'
        $rows = @($apiSales | Select-Object -Skip 1 | Compare-BandcampRevenue -ReferenceObject $apiSales)
        @($rows | Where-Object Kind -eq 'OnlyInReference').Count | Should -Be 1
        ($rows | Where-Object Kind -eq 'OnlyInReference').TransactionItemId | Should -Be $apiSales[0].TransactionItemId
        @($rows | Where-Object Kind -eq 'TotalsDiffer').Currency | Should -Be $apiSales[0].Currency
        $rows | Export-Csv $csv -NoTypeInformation
        $back = @(Import-Csv $csv)
        $back.Count | Should -Be $rows.Count
        $back[0].PSObject.Properties.Name | Should -Contain 'ReferenceValue'
        $back[0].PSObject.Properties.Name | Should -Contain 'ReferenceCount'
        $back[-1].PSObject.Properties.Name | Should -Be $back[0].PSObject.Properties.Name
        @($back | Where-Object { $_.PSObject.Properties.Value -match '^System\.' }).Count | Should -Be 0
    }

    It 'shows differences as a table' {
        $apiSales | Select-Object -Skip 1 | Compare-BandcampRevenue -ReferenceObject $apiSales | Format-Table | Out-String | Should -Match 'OnlyInReference'
    }

    It 'refuses an object that is not a sale, naming its type' {
        { 'not a sale' | Compare-BandcampRevenue -ReferenceObject $apiSales -ErrorAction Stop } |
            Should -Throw -ErrorId 'BandcampInputTypeInvalid,BandcampPS.Commands.CompareBandcampRevenueCommand'
    }
}

Describe 'Update-BandcampExchangeRate' {
    BeforeAll {
        # A small ECB history served by an HttpListener on a loopback port, in a runspace of its own.
        $csv = "Date,USD,JPY,GBP,`n2024-04-02,1.0749,163.01,0.8551,`n2024-03-28,1.0811,163.45,0.8551,`n2024-03-27,1.0824,164.08,0.8570,`n"
        $zipFile = Join-Path $work 'served-eurofxref-hist.zip'
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::Open($zipFile, 'Create')
        $writer = [System.IO.StreamWriter]::new($zip.CreateEntry('eurofxref-hist.csv').Open())
        $writer.Write($csv)
        $writer.Dispose()
        $zip.Dispose()
        $script:served = [System.IO.File]::ReadAllBytes($zipFile)

        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        $ratePort = $probe.LocalEndpoint.Port
        $probe.Stop()
        $script:rateState = [hashtable]::Synchronized(@{ Body = $served })
        $script:rateListener = [System.Net.HttpListener]::new()
        $rateListener.Prefixes.Add("http://127.0.0.1:$ratePort/")
        $rateListener.Start()
        $script:rateServer = [powershell]::Create().AddScript({
            param($listener, $state)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $body = [byte[]]$state.Body
                $context.Response.ContentType = 'application/zip'
                $context.Response.OutputStream.Write($body, 0, $body.Length)
                $context.Response.Close()
            }
        }).AddArgument($rateListener).AddArgument($rateState)
        $script:rateServerRun = $rateServer.BeginInvoke()
        $script:rateUri = "http://127.0.0.1:$ratePort/stats/eurofxref/eurofxref-hist.zip"
        $script:rateCache = Join-Path $work 'rates/eurofxref-hist.zip'
    }

    AfterAll {
        $rateListener.Stop()
        $rateServer.Dispose()
    }

    It 'downloads, checks and caches the rates, and says what it stored' {
        $stored = Update-BandcampExchangeRate -Uri $rateUri -Path $rateCache
        $stored.LatestDate | Should -Be ([DateOnly]::new(2024, 4, 2))
        $stored.CurrencyCount | Should -Be 3
        $stored.Changed | Should -BeTrue
        [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($rateCache)) | Should -Be ([Convert]::ToBase64String($served))
        (Update-BandcampExchangeRate -Uri $rateUri -Path $rateCache).Changed | Should -BeFalse
    }

    It 'leaves the cached rates as they were when the download is not an ECB file' {
        Update-BandcampExchangeRate -Uri $rateUri -Path $rateCache | Out-Null
        $rateState.Body = [System.Text.Encoding]::UTF8.GetBytes('<html>Maintenance</html>')
        try {
            { Update-BandcampExchangeRate -Uri $rateUri -Path $rateCache -ErrorAction Stop } |
                Should -Throw -ErrorId 'BandcampExchangeRateFileInvalid,BandcampPS.Commands.UpdateBandcampExchangeRateCommand'
        }
        finally { $rateState.Body = $served }
        [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($rateCache)) | Should -Be ([Convert]::ToBase64String($served))
    }

    It 'writes nothing under -WhatIf' {
        $elsewhere = Join-Path $work 'rates-whatif/eurofxref-hist.zip'
        Update-BandcampExchangeRate -Uri $rateUri -Path $elsewhere -WhatIf | Should -BeNullOrEmpty
        Test-Path $elsewhere | Should -BeFalse
    }
}

Describe 'Get-BandcampExchangeRate' {
    BeforeAll {
        $script:rateFile = Join-Path $work 'get-eurofxref-hist.csv'
        Set-Content $rateFile -Value "Date,USD,JPY,GBP,`n2024-04-02,1.0749,163.01,0.8551,`n2024-03-28,1.0811,163.45,0.8551,`n2024-03-27,1.0824,164.08,0.8570,"
    }

    It 'gives the rate of the last business day before a weekend, with that day' {
        $rate = Get-BandcampExchangeRate USD -Date 2024-03-30 -Path $rateFile
        $rate.Date | Should -Be ([DateOnly]::new(2024, 3, 28))
        $rate.UnitsPerEuro | Should -Be 1.0811
    }

    It 'gives every currency of the day without -Currency' {
        (Get-BandcampExchangeRate -Date 2024-03-28 -Path $rateFile).Currency | Should -Be @('GBP', 'JPY', 'USD')
    }

    It 'reports an unknown currency as an error naming it, and still gives the others' {
        $rates = Get-BandcampExchangeRate XYZ, USD -Path $rateFile -ErrorVariable problems -ErrorAction SilentlyContinue
        $rates.Currency | Should -Be 'USD'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'BandcampExchangeRateNotFound,*'
        $problems[0].Exception.Message | Should -Match 'XYZ'
    }
}

Describe 'ConvertTo-BandcampCurrency' {
    BeforeAll {
        # Constant rates on every weekday the fake API's sales can fall on: USD 1.25 per euro, so 1 USD is 0.80 EUR.
        $script:flatRates = Join-Path $work 'flat-eurofxref-hist.csv'
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Date,USD,JPY,GBP,CAD,')
        for ($day = [datetime]'2031-01-01'; $day -ge [datetime]'2015-01-01'; $day = $day.AddDays(-1)) {
            if ($day.DayOfWeek -notin 'Saturday', 'Sunday') { $lines.Add($day.ToString('yyyy-MM-dd') + ',1.25,160,0.80,1.50,') }
        }
        Set-Content $flatRates -Value $lines
        Connect-Fake
        $script:sales = @(Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01)
        Disconnect-Bandcamp
    }

    It 'converts each sale once, rounded to cents half away from zero, and reports the ones without a rate' {
        $converted = @($sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $flatRates -ErrorVariable problems -ErrorAction SilentlyContinue)
        $aud = @($sales | Where-Object Currency -eq 'AUD').Count
        $converted.Count | Should -Be ($sales.Count - $aud)
        $problems.Count | Should -Be $aud
        foreach ($sale in $converted | Where-Object { $_.Currency -eq 'USD' -and $null -ne $_.ItemTotal }) {
            $sale.ConvertedItemTotal | Should -Be ([decimal]::Round([decimal]$sale.ItemTotal * [decimal]'0.8', 2, [MidpointRounding]::AwayFromZero))
            $sale.ReportingCurrency | Should -Be 'EUR'
        }
    }

    It 'exports to CSV with one plain column per property' {
        $csvFile = Join-Path $work 'converted.csv'
        $sales | Where-Object Currency -ne 'AUD' | ConvertTo-BandcampCurrency GBP -ExchangeRatePath $flatRates | Export-Csv $csvFile -NoTypeInformation
        $back = @(Import-Csv $csvFile)
        $back[0].PSObject.Properties.Name | Should -Contain 'ConvertedNetAmount'
        $back[0].PSObject.Properties.Name | Should -Contain 'ExchangeRateDate'
        @($back | Where-Object { $_.PSObject.Properties.Value -match '^System\.|^BandcampPS\.' }).Count | Should -Be 0
    }

    It 'pipes into Import-BandcampRevenue, which stores the conversion' {
        $converted = Join-Path $work 'converted.db'
        $summary = $sales | Where-Object Currency -ne 'AUD' | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $flatRates | Import-BandcampRevenue -Database $converted
        $summary.Failed | Should -Be 0
        @(Get-BandcampRevenue -Database $converted | Where-Object ReportingCurrency -ne 'EUR').Count | Should -Be 0
    }
}
