#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the BandcampPS module.

.DESCRIPTION
    A thin wrapper over the same dotnet commands README.md names, for people who have pwsh.
      Build    dotnet build: the module is assembled in out/BandcampPS/ (Import-Module ./out/BandcampPS/BandcampPS.psd1).
      Test     dotnet test over the whole solution (xUnit, with hosted PowerShell), then the Pester suite
               tests/BandcampPS.Tests.ps1 when Pester 5 is installed.
      Package  a Release build copied to out/package/BandcampPS/<version>/, ready for Publish-Module or a
               PSModulePath folder. out/ is git-ignored.

.EXAMPLE
    ./build.ps1 -Task Build, Test

.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
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

foreach ($step in $Task) {
    switch ($step) {
        'Build' {
            Invoke-Dotnet build $solution -c $Configuration
        }
        'Test' {
            Invoke-Dotnet test $solution -c $Configuration
            $pester = Get-Module Pester -ListAvailable | Where-Object Version -ge '5.0.0' | Select-Object -First 1
            if ($pester) {
                Import-Module $pester
                $result = Invoke-Pester -Path (Join-Path $root 'tests' 'BandcampPS.Tests.ps1') -Output Detailed -PassThru
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
            }
            else {
                Write-Warning 'Pester 5 is not installed: skipped tests/BandcampPS.Tests.ps1 (Install-Module Pester -MinimumVersion 5.0).'
            }
        }
        'Package' {
            Invoke-Dotnet build $solution -c Release
            $manifest = Import-PowerShellDataFile (Join-Path $moduleFolder 'BandcampPS.psd1')
            $target = Join-Path $root 'out' 'package' 'BandcampPS' $manifest.ModuleVersion
            if (Test-Path $target) { Remove-Item $target -Recurse -Force }
            New-Item $target -ItemType Directory -Force | Out-Null
            # Debug symbols stay behind: a published module ships assemblies, manifest, formats and help.
            Copy-Item (Join-Path $moduleFolder '*') $target -Recurse
            Get-ChildItem $target -Recurse -Filter '*.pdb' | Remove-Item
            Test-ModuleManifest (Join-Path $target 'BandcampPS.psd1') | Out-Null
            Write-Host "Packaged BandcampPS $($manifest.ModuleVersion) in $target"
        }
    }
}
