using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// The field-encryption keys, kept outside the database in <c>field-keys.json</c> in the key folder (ADR 0005, 0008):
/// created on first start with owner-only permissions, copied by <c>backup</c>. New values are encrypted with the
/// current key; older keys stay for reading until <c>rotate-keys</c> has re-encrypted everything (they are kept
/// even then, so a restored older database still reads).
/// </summary>
public sealed class FieldKeyRing
{
    public const string FileName = "field-keys.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly string path;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private Snapshot snapshot;

    private FieldKeyRing(string path, TimeProvider clock, Snapshot snapshot)
    {
        this.path = path;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string CurrentKeyId => snapshot.Current;

    /// <summary>Every key id in the file, oldest first.</summary>
    public IReadOnlyList<string> KeyIds => snapshot.Keys.Keys.Order(KeyIdComparer.Instance).ToList();

    /// <summary>Loads the key file of a folder, creating it with one fresh key on first start.</summary>
    public static FieldKeyRing LoadOrCreate(string folder, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            Infrastructure.PrivateFiles.CreateFolder(folder);
            var first = new KeyFile("k1", [NewKey("k1", clock)]);
            var temporary = WriteTemporary(path, first);
            // Two instances starting at once: the first rename wins and both read the same file.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return new FieldKeyRing(path, clock, Read(path));
    }

    /// <summary>The current key and its id, for encrypting.</summary>
    public (string Id, byte[] Key) Current()
    {
        var s = snapshot;
        return (s.Current, s.Keys[s.Current]);
    }

    /// <summary>A key by id, for decrypting. Re-reads the file once when the id is unknown (another instance rotated).</summary>
    public byte[]? Find(string keyId)
    {
        if (snapshot.Keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        lock (gate)
        {
            snapshot = Read(path);
            return snapshot.Keys.GetValueOrDefault(keyId);
        }
    }

    /// <summary>Adds a new key and makes it current; the old keys stay for reading. Returns the new key id.</summary>
    public string AddCurrentKey() => Update(file => AddKey(file, rotating: false)).Current;

    /// <summary>The key a rotation was started to and has not finished (null when none is in progress).</summary>
    public string? RotationInProgress => ReadFile().RotatingTo;

    /// <summary>
    /// Starts a rotation: a new current key, recorded in the file as "rotation in progress to" it. When a rotation is
    /// already in progress (one that was stopped or killed midway), resumes that one with its key instead of adding
    /// another. Returns the key and whether it was resumed.
    /// </summary>
    public (string KeyId, bool Resumed) BeginRotation()
    {
        var resumed = false;
        var file = Update(file =>
        {
            if (file.RotatingTo is { } to && to == file.Current)
            {
                resumed = true;
                return file;
            }

            return AddKey(file, rotating: true);
        });
        return (file.Current, resumed);
    }

    /// <summary>Records that every value is under <paramref name="keyId"/> now: the rotation to it is finished.</summary>
    public void CompleteRotation(string keyId) => Update(file => file.RotatingTo == keyId ? file with { RotatingTo = null } : file);

    private KeyFile AddKey(KeyFile file, bool rotating)
    {
        var next = file.Keys.Select(k => Number(k.Id)).DefaultIfEmpty(0).Max() + 1;
        var id = string.Create(CultureInfo.InvariantCulture, $"k{next}");
        return file with { Current = id, Keys = [.. file.Keys, NewKey(id, clock)], RotatingTo = rotating ? id : null };
    }

    /// <summary>Rewrites the key file through a temporary file and a rename, under the in-process lock; returns what it wrote.</summary>
    private KeyFile Update(Func<KeyFile, KeyFile> change)
    {
        lock (gate)
        {
            var file = ReadFile();
            var updated = change(file);
            if (!ReferenceEquals(updated, file))
            {
                File.Move(WriteTemporary(path, updated), path, overwrite: true);
            }

            snapshot = Read(path);
            return updated;
        }
    }

    private KeyFile ReadFile() => JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path), Json)
        ?? throw new InvalidOperationException($"The key file '{path}' cannot be read.");

    private static int Number(string id) =>
        id.StartsWith('k') && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static StoredKey NewKey(string id, TimeProvider clock) =>
        new(id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow().UtcDateTime);

    private static string WriteTemporary(string path, KeyFile file)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            // Owner-only before any key byte is written.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }

        return temporary;
    }

    private static Snapshot Read(string path)
    {
        KeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new StartupException($"The field-encryption key file '{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (file is null || file.Keys.Count == 0)
        {
            throw new StartupException($"The field-encryption key file '{path}' holds no keys.");
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in file.Keys)
        {
            var bytes = Convert.FromBase64String(key.Key);
            if (bytes.Length != 32 || key.Id.Contains('.', StringComparison.Ordinal) || !keys.TryAdd(key.Id, bytes))
            {
                throw new StartupException($"The field-encryption key file '{path}' has a bad key '{key.Id}' (need a unique id without dots and 32 bytes).");
            }
        }

        return keys.ContainsKey(file.Current)
            ? new Snapshot(file.Current, keys)
            : throw new StartupException($"The field-encryption key file '{path}' names current key '{file.Current}', which it does not hold.");
    }

    private sealed record Snapshot(string Current, IReadOnlyDictionary<string, byte[]> Keys);

    /// <summary>The file's content; <c>rotatingTo</c> names the key of a rotation not finished yet (absent when none).</summary>
    private sealed record KeyFile(string Current, List<StoredKey> Keys, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RotatingTo = null);

    private sealed record StoredKey(string Id, string Key, [property: JsonPropertyName("created")] DateTime Created);

    private sealed class KeyIdComparer : IComparer<string>
    {
        public static readonly KeyIdComparer Instance = new();

        public int Compare(string? x, string? y) => x is null || y is null
            ? string.CompareOrdinal(x, y)
            : Number(x) != Number(y) ? Number(x).CompareTo(Number(y)) : string.CompareOrdinal(x, y);
    }
}
