// The module keeps one current connection per process, as pwsh does: tests that connect must take turns.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
