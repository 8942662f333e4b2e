#Requires -Version 7.4
<#
    Installable as a module: build.ps1 -Task Package makes a .nupkg that Register-PSResourceRepository + Install-PSResource
    install into a fresh module folder (a temp HOME), after which Import-Module BandcampPS works by name; the package
    carries the LICENSE the manifest points at and the native runtimes README lists, no others.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $script:folder = New-TestFolder
    $script:packages = Join-Path $folder 'packages'
    $pwsh = Get-PwshCommand
    # What out/BandcampPS holds now (the suite runs after the build), packed without building again.
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path (Get-RepoRoot) 'build.ps1') -Task Package -NoBuild -PackagePath $packages | Out-Null
    $script:packExit = $LASTEXITCODE
    $script:nupkg = Get-ChildItem $packages -Filter 'BandcampPS.*.nupkg' -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:userHome = New-Item (Join-Path $folder 'home') -ItemType Directory
}

AfterAll { Remove-TestFolder $folder }

Describe 'build.ps1 -Task Package' {
    It 'writes a .nupkg and the module folder' {
        $packExit | Should -Be 0
        $nupkg | Should -Not -BeNullOrEmpty
        $manifest = Import-PowerShellDataFile (Get-TestModulePath)
        $nupkg.Name | Should -Be "BandcampPS.$($manifest.ModuleVersion).nupkg"
        Test-Path (Join-Path $packages 'BandcampPS' $manifest.ModuleVersion 'BandcampPS.psd1') | Should -BeTrue
    }

    It 'ships the LICENSE, no symbols, and native code for the runtimes README names only' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        $entries | Should -Contain 'LICENSE'
        $entries | Where-Object { $_ -like '*.pdb' } | Should -BeNullOrEmpty
        $runtimes = $entries | Where-Object { $_ -match '^deps/runtimes/([^/]+)/' } | ForEach-Object { ($_ -split '/')[2] } | Sort-Object -Unique
        $runtimes | Should -Be @('linux-arm64', 'linux-musl-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'unix', 'win', 'win-arm64', 'win-x64')
        $entries | Where-Object { $_ -match '^deps/runtimes/linux-x64/native/libe_sqlite3\.so$' } | Should -Not -BeNullOrEmpty
    }

    It 'the manifest points at a LICENSE that exists in the repository' {
        $manifest = Import-PowerShellDataFile (Get-TestModulePath)
        $manifest.PrivateData.PSData.LicenseUri | Should -Match '/LICENSE$'
        Test-Path (Join-Path (Get-RepoRoot) 'LICENSE') | Should -BeTrue
    }
}

Describe 'Install-PSResource from a folder repository' {
    It 'installs into a fresh module folder, and Import-Module BandcampPS finds it by name' {
        $environment = @{ HOME = $userHome.FullName; PSModulePath = '' }
        $install = Invoke-ChildPwsh -CleanEnvironment -Environment $environment -Command (
            "Register-PSResourceRepository -Name local -Uri '$packages' -Trusted; " +
            "Install-PSResource BandcampPS -Repository local -Scope CurrentUser -TrustRepository -ErrorAction Stop")
        $install.ExitCode | Should -Be 0 -Because $install.StdErr

        $use = Invoke-ChildPwsh -CleanEnvironment -Environment $environment -Command (
            '$ErrorActionPreference = "Stop"; Import-Module BandcampPS; $m = Get-Module BandcampPS; $m.ModuleBase; (Get-Command -Module BandcampPS).Count; (Get-Help Connect-Bandcamp).Synopsis')
        $use.ExitCode | Should -Be 0 -Because $use.StdErr
        $lines = @($use.StdOut -split '\r?\n' | Where-Object { $_ })
        $lines[0] | Should -BeLike "$($userHome.FullName)*" -Because 'it loads the installed copy, not the build'
        [int]$lines[1] | Should -Be (Import-PowerShellDataFile (Get-TestModulePath)).CmdletsToExport.Count
        $lines[2] | Should -Not -BeNullOrEmpty -Because 'help is installed too'
    }
}
