#Requires -Version 7.4
<#
    Every PowerShell example in README.md (```powershell blocks, and inline `Verb-Bandcamp ...` commands) and in every
    cmdlet's help (module/help/*.xml) runs as written against the fake Bandcamp API, in a fresh runspace of this pwsh,
    and writes no error. What is substituted, so that a user's text runs on a test machine:
      - Connect-Bandcamp without parameters reads BANDCAMP_CLIENT_ID / _SECRET / _BASE_URI / _TOKEN_CACHE, set to the
        fake's; "-ClientId <n>" becomes the fake's id and http://127.0.0.1:5099/ (README's fake) its address;
      - Read-Host and Get-Credential answer with the fake's secret (they would prompt); $secret, $secureString, $cred,
        $credentialA and $credentialB hold it;
      - BANDCAMP_DATABASE, BANDCAMP_EXCHANGE_RATE_PATH point into a temp folder holding a database of every fake sale,
        the ECB file and the files examples name (./sales-2024.csv, ./exports/, ./rates/, ./approved/, ./finance/);
        BANDCAMP_EXCHANGE_RATE_URI points Update-BandcampExchangeRate at the fake's ECB file (never the internet);
        D:\finance\bandcamp.db, /srv/finance/rates/ and https://mirror.example/... become paths and URLs in it;
      - "pwsh" and "Import-Module BandcampPS" find this pwsh and the built module (PATH and PSModulePath).
    An example that cannot run here is listed as skipped with the reason (SQL Server, Task Scheduler, a vault).
#>

BeforeDiscovery {
    $repo = Split-Path (Split-Path $PSScriptRoot)
    $skipReasons = [ordered]@{
        '-ConnectionString|\$finance\b|\$cs\b' = 'needs a SQL Server; the tests have none (the same command on SQLite runs)'
        'Register-ScheduledTask|New-ScheduledTask' = 'registers a Windows scheduled task; its command line runs in Scheduled.Tests.ps1'
        'Get-Secret\b' = 'needs Microsoft.PowerShell.SecretManagement and a registered vault'
        'Register-PSResourceRepository|Install-PSResource' = "changes the user's repositories and modules; Package.Tests.ps1 runs it in a temp HOME"
    }
    function Get-SkipReason([string] $code) {
        foreach ($entry in $skipReasons.GetEnumerator()) { if ($code -match $entry.Key) { return $entry.Value } }
        $null
    }

    $script:examples = [System.Collections.Generic.List[hashtable]]::new()
    # README: each ```powershell block runs as one example, less the statements that cannot run here, which are
    # listed one by one as skipped.
    $readme = Get-Content (Join-Path $repo 'README.md')
    for ($i = 0; $i -lt $readme.Count; $i++) {
        if ($readme[$i].Trim() -ne '```powershell') { continue }
        $start = $i + 1
        $indent = $readme[$i].IndexOf('```')
        $body = [System.Collections.Generic.List[string]]::new()
        for ($i++; $readme[$i].Trim() -ne '```'; $i++) { $body.Add($readme[$i].Substring([math]::Min($indent, $readme[$i].Length - $readme[$i].TrimStart().Length))) }
        $ast = [System.Management.Automation.Language.Parser]::ParseInput(($body -join "`n"), [ref]$null, [ref]$null)
        $run = [System.Collections.Generic.List[string]]::new()
        foreach ($statement in $ast.EndBlock.Statements) {
            $reason = Get-SkipReason $statement.Extent.Text
            $line = $start + $statement.Extent.StartLineNumber - 1
            if ($reason) { $examples.Add(@{ Name = "README.md:$line $($statement.Extent.Text.Split("`n")[0])"; Code = $statement.Extent.Text; Skip = $reason }) }
            else { $run.Add($statement.Extent.Text) }
        }
        if ($run.Count) { $examples.Add(@{ Name = "README.md:$start block"; Code = $run -join "`n"; Skip = $null }) }
    }
    # README: inline commands in the prose that a reader may copy (a cmdlet with parameters or a pipeline).
    for ($i = 0; $i -lt $readme.Count; $i++) {
        foreach ($match in [regex]::Matches($readme[$i], '`((?:Connect|Disconnect|Get|Import|Sync|Update|ConvertTo|Compare)-Bandcamp\w*\s[^`]+)`')) {
            $code = $match.Groups[1].Value
            if ($code -match '\.\.\.|\\\|') { continue }   # a sketch with "..." or an escaped table pipe, not a command
            # A cmdlet and parameter names alone ("`Get-BandcampSale -Path` reads ...") name a parameter in the prose;
            # a command a reader copies has a value or a pipeline.
            if ($code -match '^[\w-]+(\s+-\w+)+$') { continue }
            $examples.Add(@{ Name = "README.md:$($i + 1) ``$code``"; Code = $code; Skip = (Get-SkipReason $code) })
        }
    }
    # Help: every example of every cmdlet, whole.
    foreach ($file in Get-ChildItem (Join-Path $repo 'module' 'help') -Filter '*.xml') {
        $xml = [xml](Get-Content $file.FullName -Raw)
        $number = 0
        foreach ($example in $xml.SelectNodes("//*[local-name()='example']")) {
            $number++
            $code = $example.SelectSingleNode("*[local-name()='code']").InnerText
            $examples.Add(@{ Name = "$($file.BaseName) example $number"; Code = $code; Skip = (Get-SkipReason $code) })
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $script:fixture = New-BandcampFixture -Sales 300
    $script:secure = ConvertTo-SecureString $fixture.Secret -AsPlainText -Force
    $script:credential = [pscredential]::new($fixture.ClientId, $secure)

    # The working folder the examples run in, with every file they name.
    $script:work = Join-Path $fixture.Folder 'work'
    $label = Save-FakeCsvExport $fixture.Fake (Join-Path $work 'sales-2024.csv') -BandId 3000000001
    New-Item (Join-Path $work 'exports') -ItemType Directory | Out-Null
    Copy-Item $label (Join-Path $work 'exports' 'sales-2024.csv')
    foreach ($rates in 'eurofxref-hist.zip', 'rates/eurofxref-hist.zip', 'approved/eurofxref-hist.zip') {
        New-Item (Split-Path (Join-Path $work $rates)) -ItemType Directory -Force | Out-Null
        Copy-Item $fixture.Rates (Join-Path $work $rates)
    }
    $script:environment = Get-FixtureEnvironment $fixture
    $saved = @{}
    foreach ($name in @($environment.Keys) + 'PATH', 'PSModulePath') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $script:savedEnvironment = $saved
    foreach ($entry in $environment.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    $shim = New-PwshShim (Join-Path $fixture.Folder 'bin')
    $env:PATH = $shim + [IO.Path]::PathSeparator + $env:PATH
    $env:PSModulePath = (Split-Path (Split-Path $modulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath

    # The stored rows the reading examples read: every sale, converted to EUR, in the default and the ./finance database.
    Connect-Bandcamp
    Get-BandcampBand | Get-BandcampSale -StartDate 2015-01-01 | Import-BandcampRevenue -Currency EUR | Out-Null
    # The merch jobs' files, from the fake's orders and stock: a carrier's CSV, a warehouse CSV, a SKU list; and an
    # export as Excel saves it again (Windows-1252).
    Get-BandcampOrder -BandId 3000000001 -Unshipped | Select-Object -First 3 |
        ForEach-Object { [pscustomobject]@{ SaleItemId = $_.SaleItemId; TrackingCode = "JD$($_.SaleItemId)" } } |
        Export-Csv (Join-Path $work 'dhl.csv') -NoTypeInformation
    # (not EXL012-LP: the README's SKU example renames it before the stock example runs)
    Get-BandcampMerch -BandId 3000000001 | Where-Object { $_.Sku -and $_.Sku -ne 'EXL012-LP' } | Select-Object -First 2 |
        ForEach-Object { [pscustomobject]@{ Sku = $_.Sku; OriginId = $_.OriginId; QuantityAvailable = 10 } } | Sort-Object Sku, OriginId -Unique |
        Export-Csv (Join-Path $work 'stock.csv') -NoTypeInformation
    Get-BandcampMerch -BandId 3000000001 | Where-Object Sku | Select-Object -First 2 |
        ForEach-Object { [pscustomobject]@{ PackageId = $_.PackageId; OptionId = $_.OptionId; Sku = "$($_.Sku)-NEW" } } |
        Export-Csv (Join-Path $work 'skus.csv') -NoTypeInformation
    [IO.File]::WriteAllText((Join-Path $work 'sales-from-excel.csv'), [IO.File]::ReadAllText($label), [Text.Encoding]::GetEncoding(1252))
    New-Item (Join-Path $work 'finance') -ItemType Directory | Out-Null
    Get-BandcampBand | Get-BandcampSale -StartDate 2015-01-01 | Import-BandcampRevenue -Database (Join-Path $work 'finance' 'bandcamp.db') -Currency EUR | Out-Null
    Disconnect-Bandcamp

    $script:substitutions = [ordered]@{
        '-ClientId \d+'                                    = "-ClientId $($fixture.ClientId)"
        'http://127\.0\.0\.1:5099/'                        = $fixture.BaseUri
        'D:\\finance\\bandcamp\.db'                        = './finance/bandcamp.db'
        '/srv/finance/rates/'                              = (Join-Path $work 'srv-rates') + [IO.Path]::DirectorySeparatorChar
        'https://mirror\.example/ecb/eurofxref-hist\.zip'  = $fixture.Fake.RatesUri
    }

    function script:Invoke-Example([string] $code) {
        foreach ($entry in $substitutions.GetEnumerator()) { $code = $code -replace $entry.Key, $entry.Value }
        $shell = [powershell]::Create()
        try {
            # What a user's session has: the answers to prompts, the variables the examples assume, the module
            # imported and connected (unless the example connects itself), and the examples' folder.
            $setup = {
                param($work, $secure, $credential, $modulePath, $connect)
                Set-Location $work
                $global:secret = $global:secureString = $secure
                $global:cred = $global:credentialA = $global:credentialB = $credential
                function global:Read-Host { param([switch] $AsSecureString, $Prompt) $global:secureString }
                function global:Get-Credential { param($Message) $global:cred }
                Import-Module $modulePath
                if ($connect) { Connect-Bandcamp -ErrorAction Stop }
            }
            $shell.AddScript($setup).AddArgument($work).AddArgument($secure).AddArgument($credential).AddArgument($modulePath).AddArgument($code -notmatch '\bConnect-Bandcamp\b') | Out-Null
            $shell.Invoke() | Out-Null
            $shell.Streams.Error | Should -BeNullOrEmpty -Because 'the setup connects'
            $shell.Commands.Clear()
            # Out-String formats the output as the console would, so a broken view fails the example too.
            $shell.AddScript($code).AddCommand('Out-String') | Out-Null
            $text = $shell.Invoke()
            [pscustomobject]@{
                Errors   = @($shell.Streams.Error)
                ExitCode = $shell.Runspace.SessionStateProxy.GetVariable('LASTEXITCODE')
                Text     = $text -join ''
            }
        }
        finally {
            $shell.Dispose()
            Disconnect-Bandcamp -ErrorAction SilentlyContinue
            # An example that cleared the token cache (Disconnect-Bandcamp -ClearTokenCache) leaves the fake's grant
            # live, as Bandcamp would for up to an hour; end it so the next example can connect.
            if (-not (Get-ChildItem $fixture.TokenCache -Filter 'token-*' -ErrorAction SilentlyContinue)) { Invoke-FakeControl $fixture.Fake 'expire-tokens' | Out-Null }
        }
    }
}

AfterAll {
    Disconnect-Bandcamp -ErrorAction SilentlyContinue
    Remove-Module BandcampPS -ErrorAction SilentlyContinue
    foreach ($entry in $savedEnvironment.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    Remove-BandcampFixture $fixture
}

Describe 'Examples run as written' {
    It '<Name>' -ForEach $examples {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $result = Invoke-Example $Code
        $result.Errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty
        $result.ExitCode | Should -BeIn @($null, 0) -Because 'a pwsh it starts exits 0'
        if ($env:BCPS_SHOW_EXAMPLES) { Write-Host "---- $Name`n$($result.Text)" }
    }
}
