using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Registers field encryption (ADR 0008): the key file, the cipher, the two interceptors, re-encryption, and the blind
/// index that replaces Identity's lookup normalizer (so e-mail addresses can be encrypted and still be looked up).
/// </summary>
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
        builder.Services.AddSingleton(_ => BlindIndexLookupNormalizer.LoadOrCreate(folder));
        // Replace, not TryAdd: whichever of AddData and AddSecurity runs first, Identity gets the blind index.
        builder.Services.Replace(ServiceDescriptor.Singleton<ILookupNormalizer>(sp => sp.GetRequiredService<BlindIndexLookupNormalizer>()));
        builder.Services.AddScoped<BlindIndexBackfill>();
    }

    /// <summary>Adds the encrypt-on-save and decrypt-on-load interceptors to a context's options.</summary>
    public static DbContextOptionsBuilder AddFieldEncryptionInterceptors(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetRequiredService<FieldEncryptionInterceptor>(), FieldDecryptionInterceptor.Instance);
}
