#Requires -Version 7.4
<#
    What a user reads and types: Get-Help <cmdlet> -Full complete for every cmdlet, about_BandcampPS, and Tab
    completion through TabExpansion2 (what the console and editors call) for parameters and their values.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Get-TestModulePath)
    $script:cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'BandcampPS.TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    function script:Complete([string] $line) {
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll { Remove-Module BandcampPS -ErrorAction SilentlyContinue }

Describe 'Get-Help <Name> -Full' -ForEach $cmdlets {
    BeforeAll { $script:help = Get-Help $Name -Full }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match ('^' + [regex]::Escape($Name)) -Because 'a synopsis is a sentence, not the syntax PowerShell makes up when help is missing'
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $parameters) {
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter is in the help"
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter is described"
        }
    }

    It 'has at least two examples, each with code and a remark' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'about_BandcampPS' {
    It 'is found by Get-Help and names every cmdlet' {
        $about = Get-Help about_BandcampPS | Out-String
        $about | Should -Match 'BandcampPS'
        foreach ($name in (Get-Module BandcampPS).ExportedCmdlets.Keys) { $about | Should -Match ([regex]::Escape($name)) }
    }
}

Describe 'Tab completion (TabExpansion2)' {
    It 'completes parameter names' {
        Complete 'Get-BandcampSale -Sta' | Should -Contain '-StartDate'
        Complete 'Import-BandcampRevenue -Exch' | Should -Contain '-ExchangeRatePath'
    }

    It 'completes currency codes on every currency parameter' {
        Complete 'ConvertTo-BandcampCurrency -Currency E' | Should -Contain 'EUR'
        Complete 'Import-BandcampRevenue -Currency US' | Should -Contain 'USD'
        Complete 'Sync-BandcampRevenue -Currency GB' | Should -Contain 'GBP'
        Complete 'Get-BandcampExchangeRate -Currency JP' | Should -Contain 'JPY'
        Complete 'Get-BandcampRevenueSummary -Currency E' | Should -Contain 'EUR'
        Complete 'Get-BandcampRevenueSummary -ReportingCurrency E' | Should -Contain 'EUR'   # its former name, an alias now
    }

    It 'completes item types' {
        $types = Complete 'Get-BandcampSale -ItemType '
        $types | Should -Contain 'album'
        $types | Should -Contain 'package'
        Complete 'Get-BandcampRevenue -ItemType tr' | Should -Contain 'track'
    }

    It 'completes -GroupBy values, also after a comma' {
        $groups = Complete 'Get-BandcampRevenueSummary -GroupBy '
        foreach ($group in 'Month', 'Day', 'Year', 'Artist', 'Release', 'CatalogNumber', 'ItemType', 'Country', 'Currency', 'Source', 'Band') { $groups | Should -Contain $group }
        Complete 'Get-BandcampRevenueSummary -GroupBy Month, Cur' | Should -Contain 'Currency'
    }

    It 'completes -Source values' {
        Complete 'Get-BandcampRevenue -Source ' | Should -Contain 'Api'
    }
}
