#Requires -Version 7.4
<#
    README's two set-up commands: command 1's pwsh part runs as written against the fake (with BANDCAMP_* pointing
    at it, a temp HOME and database), and fails with one clear line without credentials; command 2 is exactly what
    .ci/run runs. (The commands whole, on a fresh clone with an empty HOME, are checked by hand: see the closing
    note of the branch.)
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $script:repo = Get-RepoRoot
    $readme = Get-Content (Join-Path $repo 'README.md')
    $script:command1 = $readme | Where-Object { $_ -like 'dotnet tool restore && dotnet build *' } | Select-Object -First 1
    $script:command2 = $readme | Where-Object { $_ -like 'dotnet tool restore && dotnet pwsh * -Task Test' } | Select-Object -First 1
    # The -Command text of command 1, as bash passes it to pwsh (single-quoted there).
    $script:job = [regex]::Match($command1, "dotnet pwsh -NoProfile -Command '([^']+)'$").Groups[1].Value
    $script:fixture = New-BandcampFixture -Sales 200
    $script:userHome = New-Item (Join-Path $fixture.Folder 'home') -ItemType Directory
}

AfterAll { Remove-BandcampFixture $fixture }

Describe 'README set-up commands' {
    It 'command 1 builds Release and runs the main job in the pinned pwsh' {
        $command1 | Should -Match '^dotnet tool restore && dotnet build BandcampPS\.sln -c Release && dotnet pwsh '
        $job | Should -Match 'Sync-BandcampRevenue -Since 2024-01-01'
    }

    It "command 1's job stores the sales since 2024 with credentials from the environment" {
        $database = Join-Path $fixture.Folder 'command1.db'
        $run = Invoke-ChildPwsh -Command $job -WorkingDirectory $repo -CleanEnvironment -Environment @{
            HOME = $userHome.FullName; BANDCAMP_CLIENT_ID = $fixture.ClientId; BANDCAMP_CLIENT_SECRET = $fixture.Secret
            BANDCAMP_BASE_URI = $fixture.BaseUri; BANDCAMP_TOKEN_CACHE = $fixture.TokenCache; BANDCAMP_DATABASE = $database
        }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.StdErr | Should -BeNullOrEmpty
        Import-Module (Get-TestModulePath) -Force
        try { @(Get-BandcampRevenue -Database $database).Count | Should -BeGreaterThan 0 }
        finally { Remove-Module BandcampPS }
    }

    It "command 1's job without credentials stops at Connect-Bandcamp with one line that names the variables" {
        $run = Invoke-ChildPwsh -Command $job -WorkingDirectory $repo -CleanEnvironment -Environment @{ HOME = $userHome.FullName; NO_COLOR = '1' }
        $run.ExitCode | Should -Be 1
        $lines = @($run.StdErr -split '\r?\n' | Where-Object { $_.Trim() })
        $lines.Count | Should -Be 1 -Because $run.StdErr
        $lines[0] | Should -Match '^Connect-Bandcamp: .*BANDCAMP_CLIENT_ID'
    }

    It 'command 2 is exactly what .ci/run runs, and build.ps1 -Task Test leaves no Pester skip' {
        $command2 | Should -Be 'dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Test'
        (Get-Content (Join-Path $repo '.ci' 'run') -Raw) | Should -Match ([regex]::Escape($command2) + ' 2>&1 \| tee')
        (Get-Content (Join-Path $repo 'build.ps1') -Raw) | Should -Not -Match 'Pester is not installed'
    }
}

Describe 'build.ps1 test totals' {
    BeforeAll {
        # Get-TrxCount alone, taken from build.ps1 (running the script would build and test).
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $repo 'build.ps1'), [ref]$null, [ref]$null)
        $function = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-TrxCount' }, $true)
        . ([scriptblock]::Create($function.Extent.Text))
    }

    It 'counts every .trx file, also the name[1].trx of two test hosts that started in the same second' {
        $folder = New-Item (Join-Path $fixture.Folder 'trx[1]') -ItemType Directory
        $trx = '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><ResultSummary><Counters total="{0}" executed="{1}" passed="{1}" failed="0" error="0" timeout="0" aborted="0" /></ResultSummary></TestRun>'
        Set-Content -LiteralPath (Join-Path $folder 'run_net10.0.trx') -Value ($trx -f 5, 4)
        Set-Content -LiteralPath (Join-Path $folder 'run_net10.0[1].trx') -Value ($trx -f 3, 3)

        $count = Get-TrxCount $folder.FullName
        "$($count.passed) passed, $($count.failed) failed, $($count.skipped) skipped" | Should -Be '7 passed, 0 failed, 1 skipped'
    }
}
