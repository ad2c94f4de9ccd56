using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>The base of every page model: the status message after a save, and giving a kept form back.</summary>
public abstract class AppPageModel : PageModel
{
    public const string StatusKey = "StatusMessage";

    /// <summary>"Lagret." and the like, shown once in the aria-live region after POST-Redirect-GET.</summary>
    [TempData(Key = StatusKey)]
    public string? StatusMessage { get; set; }

    /// <summary>
    /// Binds kept form values onto this page's [BindProperty] and [HandlerInput] properties (see FormDraftRestoreFilter): an input
    /// model field by field, and a plain property (a note's text, a list of ids, a number) as a whole, so every
    /// field the form had comes back.
    /// </summary>
    public async Task RestoreFormAsync(IValueProvider values)
    {
        var plain = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null || p.GetCustomAttribute<HandlerInputAttribute>() is not null))
        {
            var metadata = MetadataProvider.GetMetadataForType(property.PropertyType);
            if (metadata.IsComplexType && !metadata.IsCollectionType && property.GetValue(this) is { } model)
            {
                await TryUpdateModelAsync(model, property.PropertyType, property.Name, values, _ => true);
            }
            else if (property.CanWrite)
            {
                plain.Add(property.Name);
            }
        }

        foreach (var name in plain)
        {
            RestorePlainProperty(GetType().GetProperty(name)!, values);
        }

        ViewData[Security.FormDraftRestoreFilter.RestoredViewDataKey] = true;
    }

    /// <summary>
    /// Puts a kept value back on a plain [BindProperty] (a note's text, a number, a list of choices) and into the model
    /// state, so the form shows what she typed. Not through TryUpdateModelAsync on the page itself: that would validate
    /// the whole page model, request and all, on a GET. A value that no longer converts is left out.
    /// </summary>
    private void RestorePlainProperty(PropertyInfo property, IValueProvider values)
    {
        var kept = values.GetValue(property.Name);
        if (kept == ValueProviderResult.None)
        {
            return;
        }

        try
        {
            var type = property.PropertyType;
            var element = type.IsArray ? type.GetElementType()
                : type != typeof(string) && type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
                : null;
            object? value;
            if (element is null)
            {
                value = Convert(kept.FirstValue, type, kept.Culture);
            }
            else
            {
                var items = Array.CreateInstance(element, kept.Length);
                for (var i = 0; i < kept.Length; i++)
                {
                    items.SetValue(Convert(kept.Values[i], element, kept.Culture), i);
                }

                value = type.IsArray ? items : Activator.CreateInstance(type, items);
            }

            property.SetValue(this, value);
            ModelState.SetModelValue(property.Name, kept);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or MissingMethodException or NotSupportedException)
        {
            // Kept from an older form or no longer valid: she types it again rather than seeing an error page.
        }
    }

    private static object? Convert(string? text, Type type, System.Globalization.CultureInfo culture) =>
        type == typeof(string) ? text : System.ComponentModel.TypeDescriptor.GetConverter(type).ConvertFromString(null, culture, text ?? string.Empty);

    /// <summary>A UI text in the user's language.</summary>
    protected string T(string key, params object[] arguments) =>
        HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[key, arguments];

    /// <summary>
    /// Optimistic concurrency (SR20): the record must still have the version the form was built from. The record
    /// is marked changed even when only its child rows changed, so its version moves on every save.
    /// </summary>
    protected static void ExpectVersion(AppDbContext db, VersionedEntity entity, long version)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entry = db.Entry(entity);
        entry.Property(e => e.Version).OriginalValue = version;
        entry.Property(e => e.UpdatedAt).IsModified = true;
    }

    /// <summary>
    /// Saves through the one save (<see cref="UnitOfWork"/>, the request's unit of work on <paramref name="db"/>): a
    /// lost update or a save the database refused gets a clear message, and what the user typed stays on the page.
    /// </summary>
    protected async Task<bool> TrySaveAsync(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var outcome = await HttpContext.RequestServices.GetRequiredService<UnitOfWork>().SaveAsync(HttpContext.RequestAborted);
        if (outcome != SaveOutcome.Saved)
        {
            ModelState.AddModelError(string.Empty, T(outcome == SaveOutcome.Stale ? "Common.Concurrency" : "Common.SaveRefused"));
        }

        return outcome == SaveOutcome.Saved;
    }

    /// <summary>
    /// Whether a step taken through a capability's service saved; if not, the page says why (the rule's message, or that
    /// someone changed the record meanwhile) and shows what the user typed again.
    /// </summary>
    protected bool Saved(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Saved)
        {
            ModelState.AddModelError(string.Empty, T(result.Outcome == StepOutcome.Refused && result.RefusalKey is { } key ? key : "Common.Concurrency"));
        }

        return result.Saved;
    }

    /// <summary>A denied or missing record: 404, the same answer in both cases (SR5).</summary>
    protected NotFoundResult Denied() => NotFound();
}
