#Requires -Version 7.4
<#
    The module as a scheduler runs it: README's settings file, its first interactive sync and its cron line, run as
    written by /bin/sh with nothing but that file in the environment (no profile, no TERM, an empty HOME), against the
    fake Bandcamp API; then pwsh -NonInteractive -NoProfile -Command exit codes and stderr for success, a wrong secret,
    an unreachable host and a bad date. Substituted: the fake's credentials for README's, temp paths for
    /etc/bandcampps, /var/lib/bandcampps and /var/log/bandcampps, BANDCAMP_BASE_URI (the fake instead of bandcamp.com)
    and BANDCAMP_EXCHANGE_RATE_URI (the fake's ECB file instead of the internet), and PSModulePath (the built module
    stands for the installed one).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $script:fixture = New-BandcampFixture -Sales 300
    $script:root = $fixture.Folder
    $script:shim = New-PwshShim (Join-Path $root 'bin')
    $script:moduleFolder = Split-Path (Split-Path (Get-TestModulePath))
    $script:jobHome = New-Item (Join-Path $root 'home') -ItemType Directory
    $script:readme = Get-Content (Join-Path (Get-RepoRoot) 'README.md') -Raw

    # README's settings file, with the fake's values.
    $script:settingsLines = @([regex]::Match($readme, '(?s)# /etc/bandcampps/env\r?\n(.*?)```').Groups[1].Value -split '\r?\n' |
        ForEach-Object Trim | Where-Object { $_ -match '^[A-Z_]+=' })
    $script:cronLine = ([regex]::Match($readme, '(?m)^\s*(15 2 \* \* \* .+)$').Groups[1].Value)
    $script:firstSync = ([regex]::Match($readme, '(?s)exec pwsh -NoProfile.*?```powershell\r?\n\s*(.+?)\r?\n').Groups[1].Value)
    $taskLine = [regex]::Match($readme, '(?m)^\$command = .+$').Value
    $script:taskCommand = [System.Management.Automation.Language.Parser]::ParseInput($taskLine, [ref]$null, [ref]$null).Find({ $args[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true).Value

    function script:New-Settings([hashtable] $override = @{}) {
        # A new job folder is a new server: no grant of an earlier test is live any more (as after Bandcamp's hour).
        Invoke-FakeControl $fixture.Fake 'expire-tokens' | Out-Null
        $folder = Join-Path $root ('job-' + [guid]::NewGuid().ToString('N'))
        New-Item (Join-Path $folder 'log') -ItemType Directory -Force | Out-Null
        $values = [ordered]@{}
        foreach ($line in $settingsLines) {
            $name, $value = $line -split '=', 2
            $values[$name] = $value -replace '^/var/lib/bandcampps', $folder
        }
        $values.BANDCAMP_CLIENT_ID = $fixture.ClientId
        $values.BANDCAMP_CLIENT_SECRET = $fixture.Secret
        $values.BANDCAMP_BASE_URI = $fixture.BaseUri
        $values.BANDCAMP_EXCHANGE_RATE_URI = $fixture.Fake.RatesUri
        $values.PSModulePath = $moduleFolder
        foreach ($entry in $override.GetEnumerator()) { $values[$entry.Key] = $entry.Value }
        $file = Join-Path $folder 'env'
        Set-Content $file -Value ($values.GetEnumerator() | ForEach-Object { "$($_.Key)='$($_.Value)'" })
        [pscustomobject]@{ Folder = $folder; File = $file; Values = $values; Log = Join-Path $folder 'log' 'sync.log' }
    }

    # /bin/sh with only PATH and HOME, as cron starts a job.
    function script:Invoke-Shell([string] $line) {
        $start = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
        $start.ArgumentList.Add('-c'); $start.ArgumentList.Add($line)
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true; $start.RedirectStandardError = $true
        $start.Environment.Clear()
        $start.Environment['PATH'] = $shim + ':/usr/bin:/bin'
        $start.Environment['HOME'] = $jobHome.FullName
        $process = [Diagnostics.Process]::Start($start)
        $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $out.Result + $err.Result }
    }

    function script:Invoke-Cron($settings) {
        $command = $cronLine -replace '^(\S+\s+){5}', '' -replace '/etc/bandcampps/env', $settings.File -replace '/var/log/bandcampps/sync\.log', $settings.Log
        Invoke-Shell $command
    }

    function script:Invoke-Job([string] $command, $settings) {
        $environment = @{ HOME = $jobHome.FullName }
        foreach ($entry in $settings.Values.GetEnumerator()) { $environment[$entry.Key] = $entry.Value }
        Invoke-ChildPwsh -Command $command -Environment $environment -CleanEnvironment
    }

    function script:Get-Stats { Invoke-FakeControl $fixture.Fake 'stats' -Method Get }
}

AfterAll { Remove-BandcampFixture $fixture }

Describe "README's scheduled job" -Skip:($IsWindows) {
    It 'finds the settings file, the first sync, the cron line and the Task Scheduler command in README.md' {
        $settingsLines | Should -Contain 'NO_COLOR=1'
        ($settingsLines -match '^BANDCAMP_TOKEN_CACHE=').Count | Should -Be 1
        ($settingsLines -match '^BANDCAMP_EXCHANGE_RATE_PATH=').Count | Should -Be 1
        $cronLine | Should -Match '\$ErrorActionPreference = "Stop"; Connect-Bandcamp; Sync-BandcampRevenue'
        $cronLine | Should -Match 'Update-BandcampExchangeRate'
        $firstSync | Should -Match 'Sync-BandcampRevenue -Since'
        $taskCommand | Should -Match 'Sync-BandcampRevenue'
    }

    It 'works the first night after the interactive first sync, sharing its one token cache' {
        $settings = New-Settings
        $before = Get-Stats
        $interactive = Invoke-Job $firstSync $settings
        $interactive.ExitCode | Should -Be 0 -Because $interactive.StdErr

        $night = Invoke-Cron $settings
        $night.ExitCode | Should -Be 0 -Because (Get-Content $settings.Log -Raw)
        $night.Output | Should -BeNullOrEmpty -Because 'everything goes to the log'
        $log = Get-Content $settings.Log -Raw
        $log | Should -Match '3000000001' -Because 'the log shows the result of each band'
        $log | Should -Not -Match "`e" -Because 'no colour codes or progress bars in a redirected log'
        $after = Get-Stats
        ($after.clientCredentialsGrants - $before.clientCredentialsGrants) | Should -Be 1 -Because 'the session and the job shared one grant'
        ($after.duplicateGrantErrors - $before.duplicateGrantErrors) | Should -Be 0

        Import-Module (Get-TestModulePath) -Force
        try {
            $rows = @(Get-BandcampRevenue -Database $settings.Values.BANDCAMP_DATABASE)
            $rows.Count | Should -BeGreaterThan 0
            @($rows | Where-Object { $_.ReportingCurrency -ne 'EUR' }).Count | Should -Be 0 -Because 'every row is converted with the downloaded rates'
            Test-Path $settings.Values.BANDCAMP_EXCHANGE_RATE_PATH | Should -BeTrue
        }
        finally { Remove-Module BandcampPS }

        $second = Invoke-Cron $settings
        $second.ExitCode | Should -Be 0 -Because 'the next night runs on from the newest stored sale'
    }

    It 'stops with exit code 1 and one error line when the secret is refused, and does not sync' {
        $settings = New-Settings @{ BANDCAMP_CLIENT_SECRET = 'wrong-secret' }
        $night = Invoke-Cron $settings
        $night.ExitCode | Should -Not -Be 0
        $log = @(Get-Content $settings.Log | Where-Object { $_.Trim() })
        @($log -match '^Connect-Bandcamp: ').Count | Should -Be 1
        $log -match '^Sync-BandcampRevenue: ' | Should -BeNullOrEmpty -Because 'the sync does not run after a failed connect'
        ($log -join "`n") | Should -Not -Match 'wrong-secret'
    }

    It "runs the Task Scheduler job's command as well" {
        $settings = New-Settings
        (Invoke-Job $firstSync $settings).ExitCode | Should -Be 0
        $job = Invoke-Job $taskCommand $settings
        $job.ExitCode | Should -Be 0 -Because $job.StdErr
        $job.StdErr | Should -BeNullOrEmpty
    }
}

Describe 'pwsh -NonInteractive -NoProfile -Command for a scheduler' {
    BeforeAll { $script:settings = New-Settings }

    It "shows why -ErrorAction Stop on Connect-Bandcamp is not enough: the script goes on after its terminating error" {
        $job = Invoke-Job 'Import-Module BandcampPS; Connect-Bandcamp -RetryBaseDelay 00:00:00.01 -ErrorAction Stop; "went on"' (New-Settings @{ BANDCAMP_BASE_URI = 'http://127.0.0.1:9/'; BANDCAMP_TOKEN_CACHE = (Join-Path $root 'unused-tokens') })
        $job.StdOut | Should -Match 'went on' -Because 'README and help therefore use $ErrorActionPreference = "Stop"'
    }

    It 'exits 0 with nothing on stderr when the sync succeeds' {
        $job = Invoke-Job '$ErrorActionPreference = "Stop"; Import-Module BandcampPS; Connect-Bandcamp; Sync-BandcampRevenue -Since 2024-01-01' $settings
        $job.ExitCode | Should -Be 0 -Because $job.StdErr
        $job.StdErr | Should -BeNullOrEmpty
        $job.StdOut | Should -Not -Match "`e"
    }

    It 'exits 1 with one readable error line on stderr when <Case>, and the next command does not run' -ForEach @(
        @{ Case = 'the secret is wrong'; Expected = 'Connect-Bandcamp: .*invalid_client|Connect-Bandcamp: .*refused'
           Command = '$ErrorActionPreference = "Stop"; Import-Module BandcampPS; Connect-Bandcamp; Sync-BandcampRevenue'; Override = @{ BANDCAMP_CLIENT_SECRET = 'wrong'; BANDCAMP_TOKEN_CACHE = 'fresh' } }
        @{ Case = 'the host is unreachable'; Expected = 'Connect-Bandcamp: .*127\.0\.0\.1:9'
           Command = '$ErrorActionPreference = "Stop"; Import-Module BandcampPS; Connect-Bandcamp -RetryBaseDelay 00:00:00.01; Sync-BandcampRevenue'; Override = @{ BANDCAMP_BASE_URI = 'http://127.0.0.1:9/'; BANDCAMP_TOKEN_CACHE = 'fresh' } }
        @{ Case = 'the date is not a date'; Expected = 'Sync-BandcampRevenue: .*2024-13-45'
           Command = '$ErrorActionPreference = "Stop"; Import-Module BandcampPS; Connect-Bandcamp; Sync-BandcampRevenue -Since 2024-13-45'; Override = @{} }
    ) {
        $values = @{}
        foreach ($entry in $Override.GetEnumerator()) { $values[$entry.Key] = $entry.Value -eq 'fresh' ? (Join-Path $root ('fresh-' + [guid]::NewGuid().ToString('N'))) : $entry.Value }
        $job = Invoke-Job $Command (New-Settings $values)
        $job.ExitCode | Should -Be 1
        $lines = @($job.StdErr -split '\r?\n' | Where-Object { $_.Trim() })
        $lines.Count | Should -Be 1 -Because "one error line, not a second from the next command: $($job.StdErr)"
        $lines[0] | Should -Match $Expected
        $lines[0] | Should -Not -Match "`e"
        $job.StdOut | Should -Not -Match "`e"
    }
}
