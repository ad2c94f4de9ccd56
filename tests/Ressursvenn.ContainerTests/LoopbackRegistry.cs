using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ressursvenn.ContainerTests;

/// <summary>
/// A read-only OCI distribution registry on 127.0.0.1 serving one small base image, so the SDK's container support can
/// build on a machine that reaches neither mcr.microsoft.com nor Docker Hub. It answers exactly the pulls the SDK makes
/// (GET/HEAD /v2/, a manifest, blobs by digest). The base image is one layer with /etc/passwd and /etc/group naming
/// the "app" user 1654 as Microsoft's images do, and /tmp; it has no .NET runtime, so the image it gives is for
/// inspection, not for running (production builds on mcr.microsoft.com/dotnet/aspnet).
/// </summary>
public sealed class LoopbackRegistry : IDisposable
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly byte[] manifest;
    private readonly string manifestDigest;
    private readonly Task loop;

    public LoopbackRegistry()
    {
        var (layer, diffId) = BaseLayer();
        var layerDigest = Add(layer);
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Env = new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" } },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        var configDigest = Add(config);
        manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = ManifestType,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        manifestDigest = Digest(manifest);

        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The image reference to give ContainerBaseImage.</summary>
    public string BaseImage => $"127.0.0.1:{Port}/test/base:1";

    /// <summary>The paths the SDK asked for, to show in a failure message.</summary>
    public List<string> Requests { get; } = [];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync: the loop ends with that exception.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add($"{context.Request.HttpMethod} {path}");
            }

            var (status, body, type, digest) = path switch
            {
                "/v2/" or "/v2" => (200, "{}"u8.ToArray(), "application/json", null),
                _ when path.Contains("/manifests/", StringComparison.Ordinal) => (200, manifest, ManifestType, manifestDigest),
                _ when path.Contains("/blobs/", StringComparison.Ordinal) && blobs.TryGetValue(path[(path.LastIndexOf('/') + 1)..], out var blob)
                    => (200, blob, "application/octet-stream", path[(path.LastIndexOf('/') + 1)..]),
                _ => (404, """{"errors":[{"code":"NOT_FOUND"}]}"""u8.ToArray(), "application/json", (string?)null),
            };
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = body.Length;
            if (digest is not null)
            {
                context.Response.Headers["Docker-Content-Digest"] = digest;
            }

            if (context.Request.HttpMethod != "HEAD")
            {
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }

    private string Add(byte[] blob)
    {
        var digest = Digest(blob);
        blobs[digest] = blob;
        return digest;
    }

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    private static (byte[] Gzipped, string DiffId) BaseLayer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            Directory(writer, "etc/", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Directory(writer, "tmp/", (UnixFileMode)Convert.ToInt32("1777", 8));
            File(writer, "etc/passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n");
            File(writer, "etc/group", "root:x:0:\napp:x:1654:\n");
        }

        var raw = tar.ToArray();
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(raw);
        }

        return (gz.ToArray(), Digest(raw));
    }

    private static void Directory(TarWriter writer, string name, UnixFileMode mode) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode });

    private static void File(TarWriter writer, string name, string text) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
        });

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
