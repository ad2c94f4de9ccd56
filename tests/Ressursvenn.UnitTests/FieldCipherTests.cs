using System.Buffers.Text;
using System.Security.Cryptography;
using Ressursvenn.Web.Data.Encryption;

namespace Ressursvenn.UnitTests;

public sealed class FieldCipherTests : IDisposable
{
    private const string Aad = "AppUser.DisplayName:0193a1b2-0000-7000-8000-000000000001";
    private readonly string folder = Directory.CreateTempSubdirectory("rv-keys-").FullName;
    private readonly FieldKeyRing keys;
    private readonly FieldCipher cipher;

    public FieldCipherTests()
    {
        keys = FieldKeyRing.LoadOrCreate(folder, TimeProvider.System);
        cipher = new FieldCipher(keys);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("Plantet Kryptonavn Zqv")]
    [InlineData("")]
    [InlineData("Åse Ødegård-Æsøy ✓")]
    public void RoundTrip_GivesThePlaintextBack(string plaintext)
    {
        var stored = cipher.Encrypt(plaintext, Aad);
        Assert.StartsWith("ev1.k1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext.Length > 0 ? plaintext : "\u0000", stored, StringComparison.Ordinal);
        Assert.Equal(plaintext, cipher.Decrypt(stored, Aad));
    }

    [Fact]
    public void SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        Assert.NotEqual(cipher.Encrypt("Kari", Aad), cipher.Encrypt("Kari", Aad));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(-1)]
    public void TamperedByte_FailsToDecrypt(int position)
    {
        var stored = cipher.Encrypt("Plantet Kryptonavn Zqv", Aad);
        var prefix = "ev1.k1.";
        var data = Base64Url.DecodeFromChars(stored.AsSpan(prefix.Length));
        data[position < 0 ? data.Length - 1 : position] ^= 0x01;
        var tampered = prefix + Base64Url.EncodeToString(data);
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(tampered, Aad));
    }

    [Theory]
    [InlineData("AppUser.DisplayName:0193a1b2-0000-7000-8000-000000000002")]
    [InlineData("AppUser.PhoneNumber:0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("Participant.DisplayName:0193a1b2-0000-7000-8000-000000000001")]
    public void WrongAssociatedData_FailsToDecrypt(string otherRecordOrField)
    {
        var stored = cipher.Encrypt("Plantet Kryptonavn Zqv", Aad);
        var failure = Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(stored, otherRecordOrField));
        Assert.IsAssignableFrom<CryptographicException>(failure);
        Assert.DoesNotContain("Plantet", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeyId_FailsToDecrypt()
    {
        var stored = cipher.Encrypt("Plantet Kryptonavn Zqv", Aad);
        var unknown = "ev1.k9" + stored["ev1.k1".Length..];
        var failure = Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(unknown, Aad));
        Assert.Contains("'k9'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Plantet Kryptonavn Zqv")]
    [InlineData("ev1.k1.!!!not-base64!!!")]
    [InlineData("ev1.k1.AAAA")]
    public void ValueNotInTheEncryptedFormat_FailsToDecrypt(string stored)
    {
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(stored, Aad));
    }

    [Fact]
    public void AfterANewCurrentKey_OldValuesStillDecrypt_AndNewOnesCarryTheNewId()
    {
        var before = cipher.Encrypt("Før rotering", Aad);
        Assert.Equal("k2", keys.AddCurrentKey());
        var after = cipher.Encrypt("Etter rotering", Aad);

        Assert.Equal("k1", FieldCipher.KeyIdOf(before));
        Assert.Equal("k2", FieldCipher.KeyIdOf(after));
        Assert.Equal(["k1", "k2"], keys.KeyIds);

        // A fresh load of the same folder (another instance, or a restart) reads both.
        var reloaded = new FieldCipher(FieldKeyRing.LoadOrCreate(folder, TimeProvider.System));
        Assert.Equal("Før rotering", reloaded.Decrypt(before, Aad));
        Assert.Equal("Etter rotering", reloaded.Decrypt(after, Aad));
    }

    [Fact]
    public void AnotherInstanceRotates_ThisOneReadsTheNewKeyWithoutRestart()
    {
        var other = FieldKeyRing.LoadOrCreate(folder, TimeProvider.System);
        other.AddCurrentKey();
        var written = new FieldCipher(other).Encrypt("Skrevet etter rotering", Aad);
        Assert.Equal("Skrevet etter rotering", cipher.Decrypt(written, Aad));
    }

    [Fact]
    public void KeyFile_IsReadableByTheOwnerOnly()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, FieldKeyRing.FileName)));
            return;
        }

        Assert.Skip("Unix file modes only.");
    }
}
