using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Ressursvenn.ContainerTests;

/// <summary>
/// Builds the container image exactly as the README tells an operator (dotnet publish /t:PublishContainer into a tar
/// archive, no Dockerfile) and reads the archive's OCI index, manifest and image config: the image runs as the
/// non-root user 1654, exposes 8080/tcp, starts the app's dll with dotnet, listens on every interface in Production,
/// and carries the published app. The base image comes from <see cref="LoopbackRegistry"/> because this machine
/// reaches no public container registry; the csproj's default stays mcr.microsoft.com/dotnet/aspnet.
/// </summary>
public sealed class ContainerImageTests
{
    [Fact]
    public async Task PublishContainer_ToAnArchive_GivesANonRootImageOnPort8080StartingTheApp()
    {
        using var registry = new LoopbackRegistry();
        var work = Directory.CreateTempSubdirectory("rv-container-").FullName;
        try
        {
            var source = CopySources(work);
            var archive = Path.Combine(work, "ressursvenn.tar.gz");
            var (exit, output) = await RunAsync("dotnet",
                ["publish", Path.Combine(source, "src", "Ressursvenn.Web"), "-c", "Release", "-r", "linux-x64", "/t:PublishContainer",
                    $"-p:ContainerBaseImage={registry.BaseImage}", $"-p:ContainerArchiveOutputPath={archive}", "-p:ContainerImageTag=test"],
                new Dictionary<string, string> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = $"127.0.0.1:{registry.Port}" });
            Assert.True(exit == 0, $"dotnet publish exit {exit}; registry saw: {string.Join(", ", registry.Requests)}\n{Tail(output)}");

            var files = ReadTar(archive);
            using var index = JsonDocument.Parse(files["index.json"]);
            var manifestRef = index.RootElement.GetProperty("manifests")[0];
            Assert.Equal("test", manifestRef.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
            using var manifest = JsonDocument.Parse(Blob(files, manifestRef.GetProperty("digest").GetString()!));
            using var config = JsonDocument.Parse(Blob(files, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!));
            var image = config.RootElement.GetProperty("config");

            Assert.Equal("1654", image.GetProperty("User").GetString());
            Assert.Equal(["8080/tcp"], image.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(["dotnet", "/app/Ressursvenn.Web.dll"], image.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.Equal("/app/", image.GetProperty("WorkingDir").GetString());
            var environment = image.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains("Urls=http://+:8080", environment);
            Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", environment);
            Assert.Contains("Database__DataFolder=/var/lib/ressursvenn", environment);
            Assert.DoesNotContain(environment, e => e.Contains("Development", StringComparison.OrdinalIgnoreCase));

            // The last layer is the app: its dll and the reference data it loads at start, owned by nobody special.
            var appLayer = manifest.RootElement.GetProperty("layers").EnumerateArray().Last().GetProperty("digest").GetString()!;
            var appFiles = LayerEntries(Blob(files, appLayer));
            Assert.Contains(appFiles, f => f.EndsWith("app/Ressursvenn.Web.dll", StringComparison.Ordinal));
            Assert.Contains(appFiles, f => f.Contains("app/ReferenceData/", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A copy of what a publish needs (src/ without bin/obj/data, the repository's build files), so the
    /// test's RID-specific restore and build never touch the working tree's obj folders.</summary>
    private static string CopySources(string work)
    {
        var root = RepositoryRoot();
        var target = Path.Combine(work, "repo");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", "nuget.config", "NuGet.config", ".editorconfig" })
        {
            if (File.Exists(Path.Combine(root, file)))
            {
                Directory.CreateDirectory(target);
                File.Copy(Path.Combine(root, file), Path.Combine(target, file));
            }
        }

        var src = Path.Combine(root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "data" or "node_modules"))
            {
                continue;
            }

            var destination = Path.Combine(target, "src", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ressursvenn.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ressursvenn.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // Only a guard against a hung build on a busy machine; a normal publish takes a few minutes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static Dictionary<string, byte[]> ReadTar(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        // The SDK writes a plain tar whatever the name says; accept a gzipped one too.
        var magic = new byte[2];
        stream.ReadExactly(magic);
        stream.Position = 0;
        using var tarStream = magic is [0x1f, 0x8b] ? (Stream)new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new TarReader(tarStream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }

            using var copy = new MemoryStream();
            entry.DataStream.CopyTo(copy);
            files[entry.Name.TrimStart('.', '/')] = copy.ToArray();
        }

        return files;
    }

    private static byte[] Blob(Dictionary<string, byte[]> files, string digest) => files["blobs/" + digest.Replace(':', '/')];

    private static List<string> LayerEntries(byte[] gzippedLayer)
    {
        var names = new List<string>();
        using var reader = new TarReader(new GZipStream(new MemoryStream(gzippedLayer), CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
