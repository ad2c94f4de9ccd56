namespace Ressursvenn.Web.Data.Encryption;

/// <summary>The <c>rotate-keys</c> command: a new current key, then every encrypted value rewritten with it.</summary>
public static class FieldKeyRotation
{
    public sealed record Result(string NewKeyId, int Rewritten);

    public static async Task<Result> RotateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var newKeyId = services.GetRequiredService<FieldKeyRing>().AddCurrentKey();
        await using var scope = services.CreateSystemScope();
        var rewritten = await scope.ServiceProvider.GetRequiredService<FieldReencryptor>().ReencryptAllAsync(encryptPlaintext: false, ct);
        // The sealed authenticator keys and recovery-code hashes in Identity's token table (SR17a).
        rewritten += await scope.ServiceProvider.GetRequiredService<Security.UserTokenSealing>().ReencryptAsync(ct);
        return new Result(newKeyId, rewritten);
    }
}
