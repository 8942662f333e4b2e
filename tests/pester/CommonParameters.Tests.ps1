#Requires -Version 7.4
<#
    The common parameters behave as PowerShell users expect, on every cmdlet that takes them:
      -WhatIf changes nothing (and still reports), -Confirm:$false does the work without a prompt (this pwsh is
      -NonInteractive: a prompt would fail), -Verbose says what happens and nothing shows without it,
      -ErrorVariable collects a proper ErrorRecord (ErrorId, category, target) while -ErrorAction SilentlyContinue
      keeps it off the error stream.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $cmdlets = (Import-PowerShellDataFile (Get-TestModulePath)).CmdletsToExport

    # Per state-changing cmdlet: Act runs it with the switch given; Changed says whether the state changed.
    $script:shouldProcess = @(
        @{ Name = 'Import-BandcampRevenue'
           Act = { param($switch) Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database $target @switch }
           Changed = { (Test-Path $target) -and @(Get-BandcampRevenue -Database $target).Count -gt 0 } }
        # A sale Bandcamp has withdrawn (the fake's hide-sale knob) is what -ClearExisting removes; the stored row must be
        # older than the run to be replaced (a row written in the run's own first second is never deleted).
        @{ Name = 'Import-BandcampRevenue -ClearExisting'
           Act = { param($switch)
                   Invoke-FakeControl $fixture.Fake 'faults/hide-sale' @{ value = $script:withdrawn.TransactionItemId } | Out-Null
                   while ([datetime]::UtcNow -lt $script:withdrawn.ImportedAt.AddSeconds(1)) { Start-Sleep -Milliseconds 50 }
                   Get-BandcampSale -BandId 3000000010 -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database $fixture.Database -ClearExisting @switch }
           Changed = { @(Get-BandcampRevenue -Database $fixture.Database -BandId 3000000010).Count -ne $script:soloRows } }
        @{ Name = 'Sync-BandcampRevenue'
           Act = { param($switch) New-Item (Split-Path $target) -ItemType Directory -Force | Out-Null; Sync-BandcampRevenue -Database $target -Since 2020-01-01 @switch }
           Changed = { (Test-Path $target) -and @(Get-BandcampRevenue -Database $target).Count -gt 0 } }
        @{ Name = 'Update-BandcampExchangeRate'
           Act = { param($switch) Update-BandcampExchangeRate -Uri $fixture.Fake.RatesUri -Path $target @switch }
           Changed = { Test-Path $target } }
        @{ Name = 'Disconnect-Bandcamp'
           Act = { param($switch) Disconnect-Bandcamp @switch }
           Changed = { -not (Test-Connected) } }
        @{ Name = 'Disconnect-Bandcamp -ClearTokenCache'
           Act = { param($switch) Disconnect-Bandcamp -ClearTokenCache @switch }
           Changed = { -not (Get-ChildItem $fixture.TokenCache -Filter 'token-*') } }
    )
    $script:whatIfCmdlets = @($cmdlets | ForEach-Object { @{ Name = $_ } })

    # A successful call of every cmdlet, for -Verbose.
    $script:calls = @(
        @{ Name = 'Connect-Bandcamp'; Call = { Connect-BandcampFixture $fixture } }
        @{ Name = 'Disconnect-Bandcamp'; Call = { Disconnect-Bandcamp } }
        @{ Name = 'Get-BandcampBand'; Call = { Get-BandcampBand } }
        @{ Name = 'Get-BandcampSale'; Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01 } }
        @{ Name = 'Get-BandcampRevenue'; Call = { Get-BandcampRevenue -Database $fixture.Database -StartDate 2024-01-01 } }
        @{ Name = 'Get-BandcampRevenueSummary'; Call = { Get-BandcampRevenueSummary -Database $fixture.Database } }
        @{ Name = 'Import-BandcampRevenue'; Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01 | Import-BandcampRevenue -Database $fixture.Database } }
        @{ Name = 'Sync-BandcampRevenue'; Call = { Sync-BandcampRevenue -Database $fixture.Database } }
        @{ Name = 'Update-BandcampExchangeRate'; Call = { Update-BandcampExchangeRate -Uri $fixture.Fake.RatesUri -Path $fixture.Rates } }
        @{ Name = 'Get-BandcampExchangeRate'; Call = { Get-BandcampExchangeRate USD -Path $fixture.Rates } }
        @{ Name = 'ConvertTo-BandcampCurrency'; Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01 | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $fixture.Rates } }
        @{ Name = 'Compare-BandcampRevenue'; Call = { $s = @(Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01); $s | Compare-BandcampRevenue -ReferenceObject $s } }
    )

    # A mistake per cmdlet: the error it must report, naming the bad value.
    $script:mistakes = @(
        @{ Name = 'Connect-Bandcamp'; ErrorId = 'BandcampInvalidClient'; Names = $null
           Call = { Connect-Bandcamp -ClientId $fixture.ClientId -ClientSecret (ConvertTo-SecureString 'wrong' -AsPlainText -Force) -BaseUri $fixture.BaseUri -TokenCachePath (Join-Path $fixture.Folder 'wrong-tokens') -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Disconnect-Bandcamp'; ErrorId = 'BandcampNotConnected'; Names = $null; Disconnected = $true
           Call = { Disconnect-Bandcamp -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-BandcampBand'; ErrorId = 'BandcampNotConnected'; Names = $null; Disconnected = $true
           Call = { Get-BandcampBand -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-BandcampSale'; ErrorId = 'BandcampDateRangeInvalid'; Names = '2024-01-01'
           Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-02-01 -EndDate 2024-01-01 -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-BandcampRevenue'; ErrorId = 'BandcampDatabaseNotFound'; Names = 'missing.db'
           Call = { Get-BandcampRevenue -Database (Join-Path $fixture.Folder 'missing.db') -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-BandcampRevenueSummary'; ErrorId = 'BandcampDatabaseNotFound'; Names = 'missing.db'
           Call = { Get-BandcampRevenueSummary -Database (Join-Path $fixture.Folder 'missing.db') -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Import-BandcampRevenue'; ErrorId = 'BandcampCurrencyNotInRates'; Names = 'XYZ'
           Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01 | Import-BandcampRevenue -Database (Join-Path $fixture.Folder 'xyz.db') -Currency XYZ -ExchangeRatePath $fixture.Rates -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Sync-BandcampRevenue'; ErrorId = 'BandcampSyncNeedsSince'; Names = '-Since'
           Call = { Sync-BandcampRevenue -Database (Join-Path $fixture.Folder 'empty.db') -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Update-BandcampExchangeRate'; ErrorId = 'BandcampExchangeRateUriInvalid'; Names = 'ftp://mirror/rates.zip'
           Call = { Update-BandcampExchangeRate -Uri 'ftp://mirror/rates.zip' -Path (Join-Path $fixture.Folder 'x.zip') -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-BandcampExchangeRate'; ErrorId = 'BandcampExchangeRateNotFound'; Names = 'XYZ'
           Call = { Get-BandcampExchangeRate XYZ, USD -Path $fixture.Rates -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'ConvertTo-BandcampCurrency'; ErrorId = 'BandcampCurrencyNotInRates'; Names = 'XYZ'
           Call = { Get-BandcampSale -BandId 3000000010 -StartDate 2024-01-01 -EndDate 2024-03-01 | ConvertTo-BandcampCurrency XYZ -ExchangeRatePath $fixture.Rates -ErrorVariable problems -ErrorAction SilentlyContinue } }
        @{ Name = 'Compare-BandcampRevenue'; ErrorId = 'BandcampInputTypeInvalid'; Names = 'String'
           Call = { 'not a sale' | Compare-BandcampRevenue -ReferenceObject @() -ErrorVariable problems -ErrorAction SilentlyContinue } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:fixture = New-BandcampFixture -Sales 300
    # Not connected is a terminating error (nothing can go on), which -ErrorAction SilentlyContinue does not hide.
    function script:Test-Connected { try { $null = Get-BandcampBand -ErrorAction Stop; $true } catch { $false } }
    Connect-BandcampFixture $fixture
    Import-BandcampFixtureRevenue $fixture
    $script:soloRows = @(Get-BandcampRevenue -Database $fixture.Database -BandId 3000000010).Count
    $script:withdrawn = Get-BandcampRevenue -Database $fixture.Database -BandId 3000000010 | Select-Object -First 1
}

AfterAll {
    Disconnect-Bandcamp -ErrorAction SilentlyContinue
    Remove-Module BandcampPS -ErrorAction SilentlyContinue
    Remove-BandcampFixture $fixture
}

Describe '-WhatIf and -Confirm:$false' {
    BeforeEach {
        if (-not (Test-Connected)) {
            Invoke-FakeControl $fixture.Fake 'expire-tokens' | Out-Null   # a cleared cache leaves the grant live, as Bandcamp would
            Connect-BandcampFixture $fixture
        }
        $script:target = Join-Path $fixture.Folder ('target-' + [guid]::NewGuid().ToString('N')) 'file.db'
    }

    It 'every cmdlet that changes state takes -WhatIf and -Confirm, and only those' -ForEach $whatIfCmdlets {
        $command = Get-Command $Name
        $changesState = $Name -match '^(Import|Sync|Update|Disconnect|Set)-'
        $command.Parameters.ContainsKey('WhatIf') | Should -Be $changesState
        $command.Parameters.ContainsKey('Confirm') | Should -Be $changesState
    }

    It '<Name> -WhatIf changes nothing' -ForEach $shouldProcess {
        & $Act @{ WhatIf = $true } | Out-Null
        & $Changed | Should -BeFalse
    }

    It '<Name> -Confirm:$false does the work without asking' -ForEach $shouldProcess {
        & $Act @{ Confirm = $false } | Out-Null
        & $Changed | Should -BeTrue
    }
}

Describe 'Sync-BandcampRevenue into a folder that does not exist yet' {
    BeforeAll { if (-not (Test-Connected)) { Invoke-FakeControl $fixture.Fake 'expire-tokens' | Out-Null; Connect-BandcampFixture $fixture } }

    It 'creates the folder as Import-BandcampRevenue does (it failed with a bare DirectoryNotFoundException on the lock file)' {
        $database = Join-Path $fixture.Folder 'new-folder' 'revenue.db'
        Sync-BandcampRevenue -Database $database -Since 2020-01-01 -ErrorAction Stop | Out-Null
        Test-Path $database | Should -BeTrue
    }
}

Describe '-Verbose' {
    BeforeAll {
        if (-not (Test-Connected)) { Invoke-FakeControl $fixture.Fake 'expire-tokens' | Out-Null; Connect-BandcampFixture $fixture }
    }
    AfterEach { if (-not (Test-Connected)) { Connect-BandcampFixture $fixture } }

    It '<Name> -Verbose says what it does, and is quiet without it' -ForEach $calls {
        $quiet = @(& $Call 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        if ($Name -eq 'Disconnect-Bandcamp') { Connect-BandcampFixture $fixture }
        $PSDefaultParameterValues['*-Bandcamp*:Verbose'] = $true
        try { $told = @(& $Call 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) }
        finally { $PSDefaultParameterValues.Remove('*-Bandcamp*:Verbose') }
        $quiet | Should -BeNullOrEmpty
        $told | Should -Not -BeNullOrEmpty
        ($told -join "`n") | Should -Not -Match ([regex]::Escape($fixture.Secret))
    }
}

Describe '-ErrorVariable' {
    BeforeEach {
        if ($Disconnected) { Disconnect-Bandcamp -ErrorAction SilentlyContinue }
        elseif (-not (Test-Connected)) { Connect-BandcampFixture $fixture }
    }

    It '<Name> puts a <ErrorId> ErrorRecord in -ErrorVariable and nothing on the error stream' -ForEach $mistakes {
        $problems = $null
        $stream = @(try { . $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } } catch { 'terminating: ' + $_ })
        $stream | Where-Object { $_ -isnot [string] } | Should -BeNullOrEmpty -Because '-ErrorAction SilentlyContinue keeps non-terminating errors off the stream'
        @($problems).Count | Should -BeGreaterThan 0
        # A terminating error reaches -ErrorVariable as the exception that carries its record.
        $problem = @($problems)[0]
        if ($problem -is [System.Management.Automation.IContainsErrorRecord]) { $problem = $problem.ErrorRecord }
        $problem | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $problem.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $problem.CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        if ($Names) { $problem.Exception.Message | Should -Match ([regex]::Escape($Names)) -Because 'the message names the bad value' }
        $problem.Exception.Message | Should -Not -Match ([regex]::Escape($fixture.Secret))
    }
}
