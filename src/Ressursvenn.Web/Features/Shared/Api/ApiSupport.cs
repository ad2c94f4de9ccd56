using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>The antiforgery token an unsafe API call sends back in the RequestVerificationToken header.</summary>
public sealed record AntiforgeryTokenResponse(string Token);

/// <summary>The API's JSON: System.Text.Json web defaults, enums by name.</summary>
public static class ApiJson
{
    /// <summary>Request bodies are read strictly: enum names only, no null for a list, no unknown member.</summary>
    private static readonly JsonSerializerOptions Reader = CreateReader();

    /// <summary>Applied to the minimal-API JSON options (responses, and the OpenAPI schemas).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    }

    /// <summary>
    /// Reads the JSON body. It is read by the handler, after the antiforgery check, rather than bound before it, so
    /// an unsafe request without a valid token is refused before its body is looked at.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http, IStringLocalizer t)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(t);
        if (!http.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, t["Api.JsonRequired"]));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Reader, http.RequestAborted);
            return value is null ? (null, ApiValidation.For(t, "$", t["Validation.Required"])) : (value, null);
        }
        catch (JsonException e)
        {
            // The message may quote the input or name .NET types: the client gets only the field and a neutral text.
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";
            return (null, ApiValidation.For(t, field, t["Validation.Invalid"]));
        }
    }

    private static JsonSerializerOptions CreateReader()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Problem details (RFC 9457) in the user's language.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>Someone else changed the record since the client read it (or in between): 412.</summary>
    public static ProblemHttpResult Stale(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Problem(StatusCodes.Status412PreconditionFailed, t["Api.PreconditionFailed"], t["Api.Stale"]);
    }

    /// <summary>
    /// What a step on a record answers besides its new state: 400 (bad input or If-Match), 404 (not the caller's or
    /// missing), 409 (the rules refuse it) and 412 (stale).
    /// </summary>
    public static RouteHandlerBuilder ProducesStep<TState>(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Produces<TState>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    /// <summary>
    /// The body of an API answer that has none (401 for an anonymous call, 404 for a refused or missing record or
    /// route, 405 ...): always exactly the same for the same status, so a refused record cannot be told from a missing one.
    /// </summary>
    public static Task WriteStatusCodeAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteProblemAsync(context.HttpContext);
    }

    /// <summary>
    /// The problem details for the status the response already has: used for bodiless answers and, by the API's own
    /// exception handler, for an unhandled error (500, never the HTML error page and never a stack trace).
    /// </summary>
    public static async Task WriteProblemAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The localization middleware has returned by now; its choice is still on the request.
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            CultureInfo.CurrentCulture = culture.Culture;
            CultureInfo.CurrentUICulture = culture.UICulture;
        }

        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var status = http.Response.StatusCode;
        var problem = new ProblemDetails
        {
            Status = status,
            Type = status switch
            {
                StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
                StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                StatusCodes.Status405MethodNotAllowed => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
                _ => null,
            },
            Title = status switch
            {
                StatusCodes.Status401Unauthorized => t["Api.Unauthorized"],
                StatusCodes.Status404NotFound => t["Api.NotFound"],
                StatusCodes.Status400BadRequest => t["Status.BadRequest.Title"],
                StatusCodes.Status429TooManyRequests => t["Status.TooMany.Title"],
                _ => t["Status.Other.Title"],
            },
        };
        await http.Response.WriteAsJsonAsync(problem, ProblemJson, "application/problem+json", http.RequestAborted);
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);
}

/// <summary>Field errors of a request body, as a 400 validation problem with camelCase field names and localized messages.</summary>
public sealed class ApiValidation(IStringLocalizer t)
{
    /// <summary>What a validation attribute may ask for while the API validates a body: the request's localizer.</summary>
    private sealed class LocalizerServices(IStringLocalizer t) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IStringLocalizer) || serviceType == typeof(IStringLocalizer<SharedResource>) ? t : null;
    }

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public static ValidationProblem For(IStringLocalizer t, string field, string message)
    {
        var validation = new ApiValidation(t);
        validation.Add(field, message);
        return validation.ToProblem();
    }

    /// <summary>A message on a field, named by its .NET path ("Consents.Registration") or already in JSON form.</summary>
    public void Add(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = FieldName(field);
        if (!errors.TryGetValue(name, out var list))
        {
            errors[name] = list = [];
        }

        if (!list.Contains(message, StringComparer.Ordinal))
        {
            list.Add(message);
        }
    }

    /// <summary>The data annotations of the model (its messages are resource keys, as on the pages).</summary>
    public void AddAnnotations(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Invisible-only text counts as empty, as on the pages (BlankTextModelBinder).
        Domain.Input.TextRules.ClearBlankTexts(model);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model, new LocalizerServices(t), items: null), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.DefaultIfEmpty("$");
            foreach (var member in members)
            {
                var display = model.GetType().GetProperty(member)?.GetCustomAttribute<DisplayAttribute>()?.Name;
                Add(member, t[result.ErrorMessage ?? "Validation.Invalid", display is null ? member : t[display]]);
            }
        }
    }

    /// <summary>Bad input is never stored (SR22): a text with control characters (other than tab and line breaks) is refused.</summary>
    public void AddControlCharacters(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            IEnumerable<string?> texts = property.GetValue(model) switch
            {
                string text => [text],
                IEnumerable<string?> list => list,
                _ => [],
            };
            if (texts.Any(text => text is not null && ControlCharacterFilter.HasControlCharacter(text)))
            {
                Add(property.Name, t["Validation.ControlCharacters"]);
            }
        }
    }

    /// <summary>The messages the shared form rules put in a model state (keys without a prefix).</summary>
    public void Add(ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (key, entry) in state)
        {
            foreach (var error in entry.Errors)
            {
                Add(key.Length == 0 ? "$" : key, error.ErrorMessage);
            }
        }
    }

    /// <summary>
    /// Puts the messages gathered so far into a model state, so a service that checks the rest of the request and saves
    /// only a valid one (it reads <see cref="ModelStateDictionary.IsValid"/>) sees them too.
    /// </summary>
    public void CopyTo(ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                state.AddModelError(field, message);
            }
        }
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), title: t["Api.ValidationFailed"]);

    /// <summary>"Consents.Registration" → "consents.registration"; "$" stays (the body as a whole).</summary>
    private static string FieldName(string field) =>
        field == "$" ? field : string.Join('.', field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}

/// <summary>
/// Unsafe API requests (anything but GET, HEAD, OPTIONS and TRACE) must carry the antiforgery token in the
/// RequestVerificationToken header, exactly as the pages' scripts send it (SR14): 400 otherwise. It is a filter on the
/// whole API group, so an endpoint added later is guarded without anyone remembering to.
/// </summary>
public sealed class AntiforgeryFilter(IAntiforgery antiforgery, IStringLocalizer<SharedResource> t) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var method = context.HttpContext.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        if (!safe && !await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, t["Status.BadRequest.Title"], t["Api.AntiforgeryInvalid"]);
        }

        return await next(context);
    }
}

/// <summary>Optimistic concurrency over HTTP: the version goes out as a strong ETag and may come back in If-Match.</summary>
public static class ApiVersions
{
    public enum Precondition
    {
        None,
        Met,
        Failed,
        Invalid,
    }

    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The refusal of a request whose If-Match is malformed (400) or names another version than the record's as just
    /// loaded (412); null when it may go on (no If-Match, or the current version).
    /// </summary>
    public static ProblemHttpResult? Refusal(HttpRequest request, long version, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Check(request, version) switch
        {
            Precondition.Invalid => ApiProblems.Problem(StatusCodes.Status400BadRequest, t["Status.BadRequest.Title"], t["Api.IfMatchInvalid"]),
            Precondition.Failed => ApiProblems.Stale(t),
            _ => null,
        };
    }

    /// <summary>Checks an If-Match header against the version of the record as just loaded.</summary>
    public static Precondition Check(HttpRequest request, long version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return Precondition.None;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0)
        {
            return Precondition.Invalid;
        }

        // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag == ETag(version)))
            ? Precondition.Met
            : Precondition.Failed;
    }
}
