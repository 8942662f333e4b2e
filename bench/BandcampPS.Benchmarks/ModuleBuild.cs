using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BandcampPS.Benchmarks;

/// <summary>
/// The configuration (Debug/Release) the module in out/BandcampPS was built in. Debug and Release builds share that
/// folder, so a test run can leave a Debug module behind; figures measured on it would mislead. Read from the
/// assembly's metadata, without loading it (the child process must be the first to load it).
/// </summary>
internal static class ModuleBuild
{
    public static string ConfigurationOf(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var type = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (type.Kind != HandleKind.TypeReference || !metadata.StringComparer.Equals(metadata.GetTypeReference((TypeReferenceHandle)type).Name, "AssemblyConfigurationAttribute")) continue;
            var value = metadata.GetBlobReader(attribute.Value);
            value.ReadUInt16(); // the prolog, 0x0001
            return value.ReadSerializedString() ?? "unknown";
        }
        return "unknown";
    }
}
