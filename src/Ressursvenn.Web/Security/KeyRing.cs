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

    public const string AuditKeyFile = "audit.key";

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
            Infrastructure.PrivateFiles.CreateFolder(folder);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=Ressursvenn data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            // Validity dates do not matter to Data Protection; a fixed, long span avoids any expiry surprise.
            var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var created = request.CreateSelfSigned(from, from.AddYears(100));
            WriteOnce(path, created.Export(X509ContentType.Pkcs12));
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>
    /// A 256-bit secret in the key folder (created on first start, owner-only), e.g. the audit trail's HMAC key:
    /// someone who can write to the database but not read this folder cannot re-chain a changed trail.
    /// </summary>
    public static byte[] LoadOrCreateSecret(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        try
        {
            if (!File.Exists(path))
            {
                Infrastructure.PrivateFiles.CreateFolder(folder);
                WriteOnce(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            }

            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A data or key folder that is a file, not writable or gone: one plain message and exit code 2, no stack trace.
            throw new Data.StartupException($"the key folder '{folder}' cannot be used ({ex.GetType().Name}: {ex.Message}). Check Database:DataFolder and Keys:Folder.", ex);
        }
    }

    /// <summary>
    /// Writes a new key file readable by the owner only. Two instances starting at once: the first rename wins and
    /// both go on to read the same file.
    /// </summary>
    private static void WriteOnce(string path, byte[] content)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
