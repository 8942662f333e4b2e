#Requires -Version 7.4
<#
.SYNOPSIS
    Runs every *.Tests.ps1 in this folder with Pester from NuGet against the built module and the fake Bandcamp API.

.DESCRIPTION
    Pester comes from the NuGet package the solution restores (tests/BandcampPS.Pester copies it to out/Pester/), so
    nothing is installed from the PowerShell Gallery. The tests start the fake API (a process on a free loopback
    port) and child pwsh processes themselves. Prints one line "pester: N passed, N failed, N skipped" and exits 1 if
    anything failed. build.ps1 -Task Test (README's test command) runs it in a fresh pwsh after the xUnit suites.

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/pester/Invoke-PesterSuite.ps1 -Configuration Debug -Output Detailed

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/pester/Invoke-PesterSuite.ps1 -Path tests/pester/Export.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string[]] $Path = @($PSScriptRoot),

    [string[]] $ExcludeTag = @(),

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal',

    # Where to write the counts as JSON, for build.ps1 to add to the xUnit counts.
    [string] $ResultFile
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$pester = Join-Path $root 'out' 'Pester' 'Pester.psd1'
if (-not (Test-Path $pester)) { throw "Pester is not restored at ${pester}: run dotnet build BandcampPS.sln (the project tests/BandcampPS.Pester brings it from NuGet)." }

$env:BCPS_TEST_MODULE = Join-Path $root 'out' 'BandcampPS' 'BandcampPS.psd1'
$env:BCPS_TEST_FAKE_DLL = Join-Path $root 'tests' 'BandcampPS.FakeApi' 'bin' $Configuration 'net10.0' 'BandcampPS.FakeApi.dll'
foreach ($built in $env:BCPS_TEST_MODULE, $env:BCPS_TEST_FAKE_DLL) {
    if (-not (Test-Path $built)) { throw "${built} is not built: run dotnet build BandcampPS.sln -c $Configuration." }
}

Import-Module $pester -Force
$settings = New-PesterConfiguration
$settings.Run.Path = $Path
$settings.Run.PassThru = $true
$settings.Filter.ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })   # pwsh -File passes "a,b" as one word
$settings.Output.Verbosity = $Output
$settings.Output.RenderMode = 'Plaintext'   # a CI log, not a terminal: no ANSI colour codes
$result = $null
try { $result = Invoke-Pester -Configuration $settings }
catch { Write-Error -ErrorRecord $_ -ErrorAction Continue }

if ($null -eq $result) {
    # Pester itself failed (a bad -Path, a broken file): that is a failure, never a silent pass.
    $counts = [ordered]@{ passed = 0; failed = 1; skipped = 0 }
}
else {
    # A failed BeforeAll or discovery fails its block or file without failing a single It: count those too.
    $counts = [ordered]@{
        passed  = $result.PassedCount
        failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        skipped = $result.SkippedCount + $result.NotRunCount
    }
}
$failed = $counts.failed
if ($ResultFile) { $counts | ConvertTo-Json | Set-Content $ResultFile }
"pester: $($counts.passed) passed, $($counts.failed) failed, $($counts.skipped) skipped"
exit ([int]($failed -gt 0))
