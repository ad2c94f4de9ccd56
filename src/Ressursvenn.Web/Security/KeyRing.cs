using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Key material kept outside the database, in the key folder (Keys:Folder, backed up by the backup command).
/// The Data Protection keys themselves live in the database so every instance shares them (ADR 0005), but
/// they are encrypted with this certificate: a copy of the database alone cannot forge a login cookie or read a
/// kept form. Several instances must share the key folder (README: topology).
/// </summary>
public static class KeyRing
{
    public const string DataProtectionCertificateFile = "dataprotection.pfx";

    public static string ResolveFolder(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataFolder = Path.GetFullPath(configuration["Database:DataFolder"] is { Length: > 0 } d ? d : "data", contentRoot);
        return Path.GetFullPath(configuration["Keys:Folder"] is { Length: > 0 } k ? k : "keys", dataFolder);
    }

    /// <summary>Loads the certificate, creating it (RSA 3072, readable by the owner only) on first start.</summary>
    public static X509Certificate2 LoadOrCreateDataProtectionCertificate(string folder)
    {
        var path = Path.Combine(folder, DataProtectionCertificateFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=Ressursvenn data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            // Validity dates do not matter to Data Protection; a fixed, long span avoids any expiry surprise.
            var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var created = request.CreateSelfSigned(from, from.AddYears(100));
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, created.Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            // Two instances starting at once: the first rename wins and both load the same file.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
