using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>Registers field encryption (ADR 0008): the key file, the cipher, the two interceptors and re-encryption.</summary>
public static class FieldEncryptionServices
{
    public static void AddFieldEncryption(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var folder = KeyRing.ResolveFolder(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(sp => FieldKeyRing.LoadOrCreate(folder, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<FieldCipher>();
        builder.Services.AddSingleton<FieldEncryptionInterceptor>();
        builder.Services.AddScoped<FieldReencryptor>();
    }

    /// <summary>Adds the encrypt-on-save and decrypt-on-load interceptors to a context's options.</summary>
    public static DbContextOptionsBuilder AddFieldEncryptionInterceptors(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetRequiredService<FieldEncryptionInterceptor>(), FieldDecryptionInterceptor.Instance);
}
