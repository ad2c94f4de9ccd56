using System.Security.Cryptography;
using Ressursvenn.Web.Data.Encryption;

namespace Ressursvenn.UnitTests;

/// <summary>ADR 0008: the e-mail blind index that replaces Identity's upper-cased NormalizedEmail/NormalizedUserName.</summary>
public sealed class BlindIndexTests : IDisposable
{
    private const string Address = "Plantet.Blindindeks@Test.Invalid";
    private readonly string folder = Directory.CreateTempSubdirectory("rv-keys-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("plantet.blindindeks@test.invalid")]
    [InlineData("PLANTET.BLINDINDEKS@TEST.INVALID")]
    [InlineData("  Plantet.Blindindeks@Test.Invalid \t")]
    public void CaseAndSurroundingSpaces_GiveTheSameIndex(string variant)
    {
        var normalizer = BlindIndexLookupNormalizer.LoadOrCreate(folder);
        Assert.Equal(normalizer.NormalizeEmail(Address), normalizer.NormalizeEmail(variant));
        Assert.Equal(normalizer.NormalizeName(Address), normalizer.NormalizeName(variant));
    }

    [Fact]
    public void Index_IsPrefixedKeyedAndRevealsNothingOfTheAddress()
    {
        var normalizer = BlindIndexLookupNormalizer.LoadOrCreate(folder);
        var index = normalizer.NormalizeEmail(Address)!;

        Assert.StartsWith(BlindIndexLookupNormalizer.Prefix, index, StringComparison.Ordinal);
        Assert.True(BlindIndexLookupNormalizer.IsIndex(index));
        Assert.False(BlindIndexLookupNormalizer.IsIndex(Address.ToUpperInvariant()));
        Assert.False(BlindIndexLookupNormalizer.IsIndex("BI1.SOMEONE@TEST.INVALID"));
        Assert.Equal(BlindIndexLookupNormalizer.Prefix.Length + 43, index.Length);
        foreach (var part in new[] { "PLANTET", "plantet", "BLINDINDEKS", "blindindeks", "INVALID", "invalid", "@" })
        {
            Assert.DoesNotContain(part, index, StringComparison.Ordinal);
        }

        Assert.NotEqual(index, normalizer.NormalizeEmail("plantet.blindindeks@test.invalid2"));
        Assert.Null(normalizer.NormalizeEmail(null));
        Assert.Null(normalizer.NormalizeName(null));

        // Keyed: the same file gives the same index (another instance, a restart), another key another index.
        Assert.Equal(index, BlindIndexLookupNormalizer.LoadOrCreate(folder).NormalizeEmail(Address));
        Assert.NotEqual(index, new BlindIndexLookupNormalizer(RandomNumberGenerator.GetBytes(32)).NormalizeEmail(Address));
    }

    [Fact]
    public void KeyFile_IsCreatedOnceInTheKeyFolder_OwnerOnly()
    {
        BlindIndexLookupNormalizer.LoadOrCreate(folder);
        var path = Path.Combine(folder, BlindIndexLookupNormalizer.KeyFile);
        Assert.True(File.Exists(path));
        var content = File.ReadAllText(path);
        BlindIndexLookupNormalizer.LoadOrCreate(folder);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Equal(32, Convert.FromBase64String(content.Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
