using Microsoft.Extensions.Options;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>
/// Links in e-mails (invitations, password resets) must never come from a request's Host header, which anyone can
/// forge. Outside Development the app therefore refuses to start without Email:PublicBaseUrl, and it must be an
/// absolute http(s) address without a query or fragment. Checked at start (ValidateOnStart) and whenever a command
/// reads the e-mail settings.
/// </summary>
public sealed class PublicBaseUrlValidator(IHostEnvironment environment) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(value))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Email:PublicBaseUrl is not set. Outside Development the links in e-mails must come from the configured public address, "
                    + $"e.g. Email__PublicBaseUrl=https://ressursvenn.example.no (environment: {environment.EnvironmentName}).");
        }

        return TryParse(value, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Email:PublicBaseUrl '{value}' is not an absolute http or https address without a query, e.g. https://ressursvenn.example.no.");
    }

    /// <summary>Parses a public base address: absolute, http or https, a host, no query, fragment or user info.</summary>
    public static bool TryParse(string? value, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host) || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
