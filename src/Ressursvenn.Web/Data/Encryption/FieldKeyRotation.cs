namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// The <c>rotate-keys</c> command: a new current key, then every encrypted value rewritten with it. The key file
/// records the rotation as in progress until every value is rewritten, so a rotation stopped or killed midway is
/// resumed with the same key by the next <c>rotate-keys</c> rather than adding another.
/// </summary>
public static class FieldKeyRotation
{
    public sealed record Result(string NewKeyId, int Rewritten, bool Resumed = false);

    public static Task<Result> RotateAsync(IServiceProvider services, CancellationToken ct = default) => RotateAsync(services, configure: null, ct);

    /// <param name="services">The app's services.</param>
    /// <param name="configure">Lets a test reach the re-encryptor (e.g. its <see cref="FieldReencryptor.BeforeWrite"/> hook).</param>
    /// <param name="ct">Stops the rotation between rows; the next run resumes it.</param>
    public static async Task<Result> RotateAsync(IServiceProvider services, Action<FieldReencryptor>? configure, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var keys = services.GetRequiredService<FieldKeyRing>();
        var (keyId, resumed) = keys.BeginRotation();
        await using var scope = services.CreateSystemScope();
        var reencryptor = scope.ServiceProvider.GetRequiredService<FieldReencryptor>();
        configure?.Invoke(reencryptor);
        var rewritten = await reencryptor.ReencryptAllAsync(encryptPlaintext: false, ct);
        // The sealed authenticator keys and recovery-code hashes in Identity's token table (SR17a).
        rewritten += await scope.ServiceProvider.GetRequiredService<Security.UserTokenSealing>().ReencryptAsync(ct);
        keys.CompleteRotation(keyId);
        return new Result(keyId, rewritten, resumed);
    }
}
