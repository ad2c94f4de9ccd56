using OtpNet;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// Plays the authenticator app on the phone: makes the six-digit code for the key the page showed. The server
/// accepts each time step once only, and the current step ±1, so the next code is the current step's, or the
/// following step's when the current one is used up; only when both are used does it wait for the clock.
/// </summary>
public sealed class Authenticator
{
    private const int StepSeconds = 30;
    private readonly Totp totp;
    private long lastStep;

    public Authenticator(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
        totp = new Totp(Base32Encoding.ToBytes(key));
    }

    public string Key { get; }

    /// <summary>A code the server has not seen yet (waits at most one 30-second step).</summary>
    public async Task<string> NextCodeAsync()
    {
        var current = CurrentStep();
        var step = Math.Max(current, lastStep + 1);
        if (step > current + 1)
        {
            // Both usable steps are spent: wait for the next step to begin (at most 30 s).
            var nextStepStartsAt = DateTimeOffset.FromUnixTimeSeconds((current + 1) * StepSeconds);
            var wait = nextStepStartsAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(250);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            current = CurrentStep();
            step = Math.Max(current, lastStep + 1);
        }

        lastStep = step;
        return totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);
    }

    /// <summary>Six digits that are none of the codes the server would accept now.</summary>
    public string WrongCode()
    {
        var current = CurrentStep();
        var valid = Enumerable.Range(-2, 5)
            .Select(d => totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds((current + d) * StepSeconds).UtcDateTime))
            .ToHashSet(StringComparer.Ordinal);
        var candidate = 0;
        while (valid.Contains(candidate.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)))
        {
            candidate += 111_111;
        }

        return candidate.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long CurrentStep() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
}

/// <summary>Someone who can log in: what she typed when her account was made, and her authenticator.</summary>
public sealed record Account(string Name, string Email, string Password, Authenticator? Authenticator);
