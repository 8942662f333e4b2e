using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace BandcampPS;

/// <summary>
/// Loads the engine and its dependencies (SQLite, SqlClient, Polly...) from the module's deps/ folder
/// into a load context of their own, so other modules' versions of the same assemblies (dbatools and SqlServer ship
/// SqlClient too) neither break this module nor get broken by it. AssemblyDependencyResolver reads the engine's
/// deps.json and picks the right runtimes/&lt;rid&gt;/ assets, native SQLite included.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    public const string EngineAssemblyName = "BandcampPS.Engine";

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _dependencyFolder;

    private ModuleLoadContext(string dependencyFolder) : base("BandcampPS", isCollectible: false)
    {
        _dependencyFolder = dependencyFolder;
        _resolver = new AssemblyDependencyResolver(Path.Combine(dependencyFolder, EngineAssemblyName + ".dll"));
    }

    public static ModuleLoadContext Instance { get; } =
        new(Path.Combine(Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location)!, "deps"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // PowerShell's own assemblies must be shared with the default context, never loaded twice.
        if (assemblyName.Name is "System.Management.Automation" or "BandcampPS") return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The default context asks here for the engine (the only assembly the cmdlets reference directly).</summary>
    internal static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssemblyName ? Instance.LoadFromAssemblyName(name) : null;

    public override string ToString() => $"BandcampPS dependencies in {_dependencyFolder}";
}

/// <summary>Hooks the engine resolver in when the module is imported and out when it is removed.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => AssemblyLoadContext.Default.Resolving += ModuleLoadContext.ResolveEngine;

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ModuleLoadContext.ResolveEngine;
}
