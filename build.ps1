#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the BandcampPS module.

.DESCRIPTION
    README's commands in one script, run in the pwsh the repo pins (dotnet tool restore; dotnet pwsh ./build.ps1):
      Build    dotnet build: the module is assembled in out/BandcampPS/ (Import-Module ./out/BandcampPS/BandcampPS.psd1).
      Test     dotnet test over the whole solution (the xUnit suites), then every tests/pester/*.Tests.ps1 in a fresh
               pwsh with Pester from NuGet; ends with one line "tests: N passed, N failed, N skipped" counting both,
               and fails if either failed.
      Package  a Release build laid out in out/package/BandcampPS/<version>/ (no symbols, native SQLite for the
               runtimes users run) and packed into out/package/BandcampPS.<version>.nupkg, which Install-PSResource
               installs from a folder repository.
    Test and Package build the same configuration, Release by default, so they never replace the module README's
    first command built with a Debug one.

.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Build, Test

.EXAMPLE
    dotnet pwsh -NoProfile -File ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tags to leave out (none by default).
    [string[]] $PesterExcludeTag = @(),

    # Package what out/BandcampPS holds now instead of building Release first (the Pester package test uses it).
    [switch] $NoBuild,

    # Where Package writes the module folder and the .nupkg.
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out' 'package')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$solution = Join-Path $root 'BandcampPS.sln'
$moduleFolder = Join-Path $root 'out' 'BandcampPS'

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# This same pwsh in a new process: "dotnet <PSHOME>/pwsh.dll" when it is the dotnet tool, else the pwsh executable.
function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return , @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    , @($exe)
}

# Adds up the counters of every .trx file dotnet test wrote (one per test project). Two test hosts that start in the
# same second write name.trx and name[1].trx: read literally, since [1] is a wildcard to Get-Content's -Path.
function Get-TrxCount {
    param([string] $Folder)
    $count = [ordered]@{ passed = 0; failed = 0; skipped = 0 }
    foreach ($file in Get-ChildItem -LiteralPath $Folder -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $count.passed += [int]$counters.passed
        $count.failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $count.skipped += [int]$counters.total - [int]$counters.executed   # a skipped test is counted but not executed
    }
    $count
}

function Invoke-Test {
    $results = Join-Path $root 'out' 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item $results -ItemType Directory | Out-Null

    # The whole solution first: dotnet test builds only the test projects and what they reference, not
    # tests/BandcampPS.Pester, which brings Pester for the second half.
    Invoke-Dotnet build $solution -c $Configuration
    & dotnet test $solution -c $Configuration --no-build --logger trx --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxCount $results
    if ($xunitExit -ne 0 -and $xunit.failed -eq 0) { $xunit.failed = 1 }   # a build error or a crashed test host: no trx says so

    $pesterFile = Join-Path $results 'pester.json'
    $pwsh = Get-PwshCommand
    $runner = Join-Path $root 'tests' 'pester' 'Invoke-PesterSuite.ps1'
    # -File passes words, not arrays: an empty list would leave -ExcludeTag without its argument.
    $exclude = if ($PesterExcludeTag) { @('-ExcludeTag', ($PesterExcludeTag -join ',')) } else { @() }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner -Configuration $Configuration -ResultFile $pesterFile @exclude
    $pester = if (Test-Path $pesterFile) { Get-Content $pesterFile -Raw | ConvertFrom-Json } else { [pscustomobject]@{ passed = 0; failed = 1; skipped = 0 } }

    Write-Host "xunit: $($xunit.passed) passed, $($xunit.failed) failed, $($xunit.skipped) skipped"
    Write-Host "pester: $($pester.passed) passed, $($pester.failed) failed, $($pester.skipped) skipped"
    $failed = $xunit.failed + $pester.failed
    Write-Host "tests: $($xunit.passed + $pester.passed) passed, $failed failed, $($xunit.skipped + $pester.skipped) skipped"
    if ($failed -gt 0) { throw "$failed test(s) failed." }
}

# Native SQLite (and SqlClient's SNI) for the platforms PowerShell 7.4+ users run; "unix" and "win" hold managed
# platform-specific assemblies and always stay. Every other runtimes/<rid> folder (browser-wasm, linux-mips64, ...)
# is left out of the package: 43 MB down to about a third.
$PackagedRuntimes = @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64', 'unix', 'win')

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Dotnet build $solution -c Release }
    $manifest = Import-PowerShellDataFile (Join-Path $moduleFolder 'BandcampPS.psd1')
    $version = $manifest.ModuleVersion
    # <PackagePath>/BandcampPS/<version>/ is the layout of a PSModulePath folder: copy BandcampPS/ into one as it is.
    $target = Join-Path $PackagePath 'BandcampPS' $version
    if (Test-Path (Join-Path $PackagePath 'BandcampPS')) { Remove-Item (Join-Path $PackagePath 'BandcampPS') -Recurse -Force }
    New-Item $target -ItemType Directory -Force | Out-Null
    Copy-Item (Join-Path $moduleFolder '*') $target -Recurse
    Copy-Item (Join-Path $root 'LICENSE') $target
    # Debug symbols stay behind: a published module ships assemblies, manifest, formats and help.
    Get-ChildItem $target -Recurse -Filter '*.pdb' | Remove-Item
    Get-ChildItem (Join-Path $target 'deps' 'runtimes') -Directory | Where-Object Name -NotIn $PackagedRuntimes | Remove-Item -Recurse -Force
    Test-ModuleManifest (Join-Path $target 'BandcampPS.psd1') | Out-Null

    $nupkg = Join-Path $PackagePath "BandcampPS.$version.nupkg"
    if (Test-Path $nupkg) { Remove-Item $nupkg }
    Compress-PSResource -Path $target -DestinationPath $PackagePath
    if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg." }
    $size = (Get-Item $nupkg).Length / 1MB
    Write-Host ("Packaged BandcampPS {0}: {1} ({2:N1} MB; native runtimes: {3})" -f $version, $nupkg, $size, (($PackagedRuntimes | Where-Object { $_ -like '*-*' }) -join ', '))
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Dotnet build $solution -c $Configuration }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
    }
}
