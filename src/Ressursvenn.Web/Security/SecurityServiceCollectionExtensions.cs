using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Security.Resources;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    public const string AuthCookieName = "__Host-rv";
    public const string AuthRateLimit = "auth";
    public const string PublicFormRateLimit = "public-form";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SessionSettings>(builder.Configuration.GetSection(SessionSettings.Section));
        services.AddScoped<SessionService>();
        services.AddScoped<AccountClosure>();
        services.AddScoped<OneTimeTokenService>();
        services.AddScoped<FormDraftService>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<SecondFactorRule>();

        // Keys for cookies, antiforgery and kept forms live in the shared database, so every app instance
        // can read what another wrote (ADR 0005).
        var keyFolder = KeyRing.ResolveFolder(builder.Configuration, builder.Environment.ContentRootPath);
        var certificate = KeyRing.LoadOrCreateDataProtectionCertificate(keyFolder);
        services.AddDataProtection()
            .SetApplicationName("Ressursvenn")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Security:LockoutAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Security:LockoutMinutes", 15));
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.AuthenticatorTokenProvider = SingleUseAuthenticatorTokenProvider.ProviderName;
                // No Stores.MaxLengthForKeys here: Identity applies it to the model only at run time, so the
                // migrations (made without it) would no longer match and PostgreSQL would refuse to migrate.
            })
            .AddSignInManager()
            .AddUserManager<ClockAwareUserManager>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(SingleUseAuthenticatorTokenProvider.ProviderName);

        // Authenticator keys and recovery codes sealed in the token table (SR17a): Identity's store, replaced.
        services.AddSingleton(sp => AccountSecrets.LoadOrCreate(keyFolder, sp.GetRequiredService<Data.Encryption.FieldCipher>()));
        services.AddScoped<UserTokenSealing>();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, SealedUserStore>());

        // PBKDF2-HMAC-SHA512 with at least 210,000 iterations (SR10, OWASP 2023).
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = Math.Max(210_000, builder.Configuration.GetValue("Security:PasswordIterations", 210_000)));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The validator rebuilds the principal from the database after each check; it must keep the server-side
            // session id and the second-factor claim, or every user is logged out a minute after logging in.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                {
                    foreach (var claim in current.FindAll(c => c.Type is SessionService.SessionClaim or Policies.MfaClaimType))
                    {
                        identity.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value));
                    }
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = AuthCookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            o.Cookie.IsEssential = true;
            // The server-side session decides idle and absolute expiry; the cookie never outlives 12 hours.
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = false;
            o.LoginPath = "/logg-inn";
            o.LogoutPath = "/logg-ut";
            o.AccessDeniedPath = "/ikke-funnet";
            o.ReturnUrlParameter = "ReturnUrl";
            o.EventsType = typeof(SessionCookieEvents);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "__Host-rv-2fa";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o =>
        {
            o.Cookie.Name = "__Host-rv-2fa-remember";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.Path = "/";
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o =>
        {
            o.Cookie.Name = "__Host-rv-ext";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.Path = "/";
        });

        services.AddAuthorization(Policies.Add);
        services.AddResourceAuthorization();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-rv-af";
            // Antiforgery refuses "Always" on a plain-HTTP request (dotnet run on http://localhost); the cookie
            // policy below marks every cookie Secure anyway, which browsers accept from localhost.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.HeaderName = "RequestVerificationToken";
        });

        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "__Host-rv-tmp";
            o.Cookie.Path = "/";
        });

        // Every cookie the app sets is Secure, HttpOnly and at least SameSite=Lax (SR13), whoever sets it.
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = CookieSecurePolicy.Always;
            o.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        AddRateLimits(builder);
        return builder;
    }

    private static void AddRateLimits(WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetValue("RateLimits:AuthPermitPerMinute", 10);
        var publicForms = builder.Configuration.GetValue("RateLimits:PublicFormPermitPerMinute", 5);
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(AuthRateLimit, ctx => PostsPerClient(ctx, AuthRateLimit, auth));
            o.AddPolicy(PublicFormRateLimit, ctx => PostsPerClient(ctx, PublicFormRateLimit, publicForms));
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var response = ctx.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                var t = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await response.WriteAsync(t["RateLimit.TooMany"], ct);
            };
        });
    }

    /// <summary>Only POSTs count: reading the login page or an application form is never limited.</summary>
    private static RateLimitPartition<string> PostsPerClient(HttpContext ctx, string name, int permitPerMinute)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(name + ":" + client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
