#Requires -Version 7.4
<#
    The benchmark's end-to-end phase in the real pwsh (the dotnet tool the repo pins), as a user types it: run by
    bench/BandcampPS.Benchmarks (PwshPhase.cs) with "dotnet pwsh -NoProfile -NonInteractive -File". Credentials and
    paths come from the environment (BANDCAMP_* and BCPS_BENCH_*), so no secret is on a command line. Prints
    "RESULT key=value" lines.
#>
$ErrorActionPreference = 'Stop'
$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module $env:BCPS_BENCH_MODULE
"RESULT pwsh_import_module_ms=$($clock.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture))"
Connect-Bandcamp

$self = [Diagnostics.Process]::GetCurrentProcess()
$cpu = $self.TotalProcessorTime
$clock.Restart()
$summary = Get-BandcampBand | Get-BandcampSale -StartDate $env:BCPS_BENCH_START -EndDate $env:BCPS_BENCH_END |
    Import-BandcampRevenue -Database $env:BCPS_BENCH_DATABASE
$seconds = $clock.Elapsed.TotalSeconds
$self.Refresh()
$invariant = [cultureinfo]::InvariantCulture
"RESULT pwsh_e2e_seconds=$($seconds.ToString($invariant))"
"RESULT pwsh_e2e_cpu_seconds=$(($self.TotalProcessorTime - $cpu).TotalSeconds.ToString($invariant))"
"RESULT pwsh_e2e_received=$(($summary | Measure-Object Received -Sum).Sum)"
"RESULT pwsh_e2e_inserted=$(($summary | Measure-Object Inserted -Sum).Sum)"
"RESULT pwsh_e2e_peak_mb=$(($self.PeakWorkingSet64 / 1MB).ToString($invariant))"
