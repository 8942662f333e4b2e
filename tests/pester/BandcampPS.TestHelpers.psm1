#Requires -Version 7.4
<#
    Shared by every *.Tests.ps1 here: where the built module and the fake API are, starting and stopping the fake
    Bandcamp API as a process on a free loopback port, private temp folders, and child pwsh processes started the
    way a scheduler starts them. Invoke-PesterSuite.ps1 sets BCPS_TEST_MODULE and BCPS_TEST_FAKE_DLL; a file run
    alone (Invoke-Pester ./tests/pester/Export.Tests.ps1) finds the newest build instead.
#>
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path

function Get-RepoRoot { $script:RepoRoot }

function Get-TestModulePath {
    if ($env:BCPS_TEST_MODULE) { return $env:BCPS_TEST_MODULE }
    Join-Path $script:RepoRoot 'out' 'BandcampPS' 'BandcampPS.psd1'
}

function Get-FakeApiDll {
    if ($env:BCPS_TEST_FAKE_DLL) { return $env:BCPS_TEST_FAKE_DLL }
    $dll = Get-ChildItem (Join-Path $script:RepoRoot 'tests' 'BandcampPS.FakeApi' 'bin') -Recurse -Filter 'BandcampPS.FakeApi.dll' -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) { throw 'The fake Bandcamp API is not built: run dotnet build BandcampPS.sln first.' }
    $dll.FullName
}

function Get-DotnetPath {
    # The dotnet host running this pwsh (the local tool runs as "dotnet pwsh.dll"), else the one on PATH.
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return $exe }
    (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
}

<#
.SYNOPSIS
    The command line that starts this same pwsh again: "dotnet <PSHOME>/pwsh.dll" for the dotnet tool, else the
    pwsh executable itself.
#>
function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return , @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    , @($exe)
}

<#
.SYNOPSIS
    A folder holding a "pwsh" command that starts this same pwsh, to put first on PATH: README lines and help
    examples call plain "pwsh", which a machine with only the dotnet tool does not have on PATH.
#>
function New-PwshShim {
    param([Parameter(Mandatory)] [string] $Folder)
    New-Item $Folder -ItemType Directory -Force | Out-Null
    $command = Get-PwshCommand
    if ($IsWindows) {
        Set-Content (Join-Path $Folder 'pwsh.cmd') -Value ('@"' + ($command -join '" "') + '" %*')
    }
    else {
        $shim = Join-Path $Folder 'pwsh'
        Set-Content $shim -Value ("#!/bin/sh`nexec '" + ($command -join "' '") + "' `"`$@`"")
        & chmod 755 $shim
    }
    $Folder
}

function New-TestFolder {
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('bcps-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item $folder -ItemType Directory | Out-Null
    $folder
}

function Remove-TestFolder {
    param([string] $Folder)
    if ($Folder -and (Test-Path $Folder)) { Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue }
}

<#
.SYNOPSIS
    Starts tests/BandcampPS.FakeApi as a process on a free loopback port (--port 0) and reads the base URI it prints.
#>
function Start-FakeBandcamp {
    param(
        [int] $Sales = 300,
        [string] $ClientId = '4242',
        [string[]] $ExtraArguments = @()
    )
    $secret = 'pester-' + [guid]::NewGuid().ToString('N')
    $start = [Diagnostics.ProcessStartInfo]::new((Get-DotnetPath))
    foreach ($argument in @((Get-FakeApiDll), '--port', '0', '--sales', $Sales, '--client-id', $ClientId, '--client-secret', $secret) + $ExtraArguments) {
        $start.ArgumentList.Add([string]$argument)
    }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $baseUri = $null
    $printed = [Text.StringBuilder]::new()
    while (-not $baseUri) {
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or $null -eq $line.Result) {
            if (-not $process.HasExited) { $process.Kill() }
            throw "The fake Bandcamp API did not print its address. It printed: $printed"
        }
        [void]$printed.AppendLine($line.Result)
        if ($line.Result -match 'listening on (\S+)') { $baseUri = $Matches[1] }
    }
    [pscustomobject]@{
        BaseUri      = $baseUri
        ClientId     = $ClientId
        Secret       = $secret
        SecureSecret = ConvertTo-SecureString $secret -AsPlainText -Force
        Credential   = [pscredential]::new($ClientId, (ConvertTo-SecureString $secret -AsPlainText -Force))
        RatesUri     = $baseUri + '_fake/ecb/eurofxref-hist.zip'
        Process      = $process
    }
}

function Stop-FakeBandcamp {
    param($Fake)
    if ($Fake -and -not $Fake.Process.HasExited) {
        $Fake.Process.Kill()
        $Fake.Process.WaitForExit()
    }
}

<#
.SYNOPSIS
    A control call to the fake (POST /_fake/faults/<knob>, /_fake/reset, ...), never faulted or counted by it.
#>
function Invoke-FakeControl {
    param([Parameter(Mandatory)] $Fake, [Parameter(Mandatory)] [string] $Path, [hashtable] $Query = @{}, [string] $Method = 'Post')
    $text = ($Query.GetEnumerator() | ForEach-Object { "$($_.Key)=$([uri]::EscapeDataString([string]$_.Value))" }) -join '&'
    Invoke-RestMethod -Method $Method -Uri ($Fake.BaseUri + '_fake/' + $Path + ($text ? "?$text" : ''))
}

<#
.SYNOPSIS
    Runs pwsh in a new process as a scheduler would: -NonInteractive -NoProfile -Command, with only the given
    environment (and PATH, HOME) when -CleanEnvironment is set, stdout and stderr redirected to files.
#>
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $Command,
        [hashtable] $Environment = @{},
        [switch] $CleanEnvironment,
        [string] $WorkingDirectory = (Get-Location).Path
    )
    $pwsh = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NonInteractive', '-NoProfile', '-Command', $Command)) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.WorkingDirectory = $WorkingDirectory
    if ($CleanEnvironment) {
        $keep = @{ PATH = $env:PATH; HOME = $env:HOME }
        $start.Environment.Clear()
        foreach ($entry in $keep.GetEnumerator()) { if ($entry.Value) { $start.Environment[$entry.Key] = $entry.Value } }
    }
    foreach ($entry in $Environment.GetEnumerator()) { $start.Environment[$entry.Key] = [string]$entry.Value }
    $process = [Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    [pscustomobject]@{
        ExitCode = $process.ExitCode
        StdOut   = $stdout.GetAwaiter().GetResult()
        StdErr   = $stderr.GetAwaiter().GetResult()
    }
}

<#
.SYNOPSIS
    An ECB rate file (eurofxref-hist.zip) with a constant rate for every currency of the fake's sales on every
    weekday 2015-2030, downloaded from the fake, so conversions can be worked out by hand (1 USD = 0.80 EUR).
#>
function Save-FakeRates {
    param([Parameter(Mandatory)] $Fake, [Parameter(Mandatory)] [string] $Path)
    New-Item (Split-Path $Path) -ItemType Directory -Force | Out-Null
    Invoke-WebRequest -Uri $Fake.RatesUri -OutFile $Path
    $Path
}

<#
.SYNOPSIS
    The band's sales as the CSV a label downloads from bandcamp.com (UTF-16), from the fake.
#>
function Save-FakeCsvExport {
    param([Parameter(Mandatory)] $Fake, [Parameter(Mandatory)] [string] $Path, [long] $BandId = 3000000001)
    New-Item (Split-Path $Path) -ItemType Directory -Force | Out-Null
    Invoke-WebRequest -Uri ($Fake.BaseUri + "_fake/csv-export?band_id=$BandId") -OutFile $Path
    $Path
}

<#
.SYNOPSIS
    What most files need: the fake API, a private folder, the ECB file and a CSV export of band 3000000010 in it,
    and the path of a SQLite database there that does not exist yet. It neither connects nor imports anything:
    Connect-BandcampFixture and Import-BandcampFixtureRevenue do, once the file has imported the module.
    Returns an object with BaseUri, ClientId, Secret, Folder, TokenCache, Database, Rates, CsvExport, Fake.
#>
function New-BandcampFixture {
    param([int] $Sales = 400)
    $fake = Start-FakeBandcamp -Sales $Sales
    $folder = New-TestFolder
    $fixture = [pscustomobject]@{
        Fake       = $fake
        BaseUri    = $fake.BaseUri
        ClientId   = $fake.ClientId
        Secret     = $fake.Secret
        Folder     = $folder
        TokenCache = Join-Path $folder 'tokens'
        Database   = Join-Path $folder 'revenue.db'
        Rates      = Save-FakeRates $fake (Join-Path $folder 'rates' 'eurofxref-hist.zip')
        CsvExport  = Save-FakeCsvExport $fake (Join-Path $folder 'sales-export.csv') -BandId 3000000010
    }
    $fixture
}

<#
.SYNOPSIS
    Connects the module (imported by the caller) to the fixture's fake with the fixture's token cache; -PassThru
    returns the connection. An advanced function, so -Verbose (or $PSDefaultParameterValues['*-Bandcamp*:Verbose'])
    reaches Connect-Bandcamp.
#>
function Connect-BandcampFixture {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Fixture, [switch] $PassThru)
    Connect-Bandcamp -ClientId $Fixture.ClientId -ClientSecret $Fixture.Fake.SecureSecret -BaseUri $Fixture.BaseUri -TokenCachePath $Fixture.TokenCache -PassThru:$PassThru
}

<#
.SYNOPSIS
    Stores every sale of the connected account's bands from 2020 to 2025 in the fixture's database; with -Currency,
    converted with the fixture's ECB file.
#>
function Import-BandcampFixtureRevenue {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Fixture, [string] $Currency)
    $conversion = if ($Currency) { @{ Currency = $Currency; ExchangeRatePath = $Fixture.Rates } } else { @{} }
    Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 |
        Import-BandcampRevenue -Database $Fixture.Database @conversion | Out-Null
}

function Remove-BandcampFixture {
    param($Fixture)
    if (-not $Fixture) { return }
    Stop-FakeBandcamp $Fixture.Fake
    Remove-TestFolder $Fixture.Folder
}

<#
.SYNOPSIS
    The environment a scheduled job of the fixture's account has: credentials, base URI, token cache, database
    and rate file (what README's cron line puts in /etc/bandcampps/env).
#>
function Get-FixtureEnvironment {
    param([Parameter(Mandatory)] $Fixture)
    [ordered]@{
        BANDCAMP_CLIENT_ID          = $Fixture.ClientId
        BANDCAMP_CLIENT_SECRET      = $Fixture.Secret
        BANDCAMP_BASE_URI           = $Fixture.BaseUri
        BANDCAMP_TOKEN_CACHE        = $Fixture.TokenCache
        BANDCAMP_DATABASE           = $Fixture.Database
        BANDCAMP_EXCHANGE_RATE_PATH = $Fixture.Rates
        BANDCAMP_EXCHANGE_RATE_URI  = $Fixture.Fake.RatesUri
    }
}

Export-ModuleMember -Function *-*
