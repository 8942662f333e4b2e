namespace BandcampPS.Module.Tests;

/// <summary>
/// A test run leaves nothing in the temp folder: no child scripts (they were bcps-child-*.ps1 files, left behind by
/// every run), no token folders. The temp folder is shared with other runs, so these check the helpers, not the folder.
/// </summary>
public sealed class TempFolderHygieneTests
{
    [Fact]
    public void A_child_powershell_gets_its_script_in_its_environment_not_in_a_file()
    {
        var start = ChildPowerShell.StartInfo("'ran'", new Dictionary<string, string>());

        Assert.Equal("'ran'", start.Environment[ChildPowerShell.ScriptVariable]);
        Assert.DoesNotContain(start.ArgumentList, argument => argument.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase));

        using var child = System.Diagnostics.Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Assert.Equal(0, child.ExitCode);
        Assert.Contains("ran", output);
    }

    [Fact]
    public async Task A_session_removes_its_token_cache_and_the_siblings_tests_make_beside_it()
    {
        var session = await FakeApiSession.StartAsync();
        try
        {
            Assert.Empty(session.Run(FakeApiSession.Connect).Errors);
            Directory.CreateDirectory(session.TokenCache + "-other"); // as ConnectBandcampTests does for a second cache
            Assert.True(Directory.Exists(session.TokenCache));
        }
        finally
        {
            await session.DisposeAsync();
        }

        Assert.False(Directory.Exists(session.Folder));
    }
}
