using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// One form field the way the best public services do it: label above, hint under the label, the error beside
/// the field saying how to fix it, and what the user typed kept (from ModelState) — passwords excepted.
/// Usage: &lt;rv-field for="Input.Email" type="email" autocomplete="username" hint="..." /&gt;
/// </summary>
[HtmlTargetElement("rv-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : FieldTagHelperBase
{
    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public string? Inputmode { get; set; }

    /// <summary>Renders a textarea with this many rows instead of an input.</summary>
    public int Rows { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (html, common, state) = Begin(output);
        var value = Type == "password" ? string.Empty : state?.AttemptedValue ?? Format(For.Model);
        var maxLength = For.Metadata.ValidatorMetadata.OfType<System.ComponentModel.DataAnnotations.StringLengthAttribute>().FirstOrDefault()?.MaximumLength;
        var enc = HtmlEncoder.Default;
        if (maxLength is > 0)
        {
            common.Append(CultureInfo.InvariantCulture, $" maxlength=\"{maxLength}\"");
        }

        if (!string.IsNullOrEmpty(Autocomplete))
        {
            common.Append(CultureInfo.InvariantCulture, $" autocomplete=\"{enc.Encode(Autocomplete)}\"");
        }

        if (!string.IsNullOrEmpty(Inputmode))
        {
            common.Append(CultureInfo.InvariantCulture, $" inputmode=\"{enc.Encode(Inputmode)}\"");
        }

        html.Append(Rows > 0
            ? $"<textarea class=\"ds-input\"{common} rows=\"{Rows}\">{enc.Encode(value)}</textarea>"
            : $"<input class=\"ds-input\"{common} type=\"{enc.Encode(Type)}\" value=\"{enc.Encode(value)}\">");
        output.Content.SetHtmlContent(html.ToString());
    }

}

/// <summary>What every field shares: the wrapper, label, hint, error message and the ARIA wiring.</summary>
public abstract class FieldTagHelperBase : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string? Hint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Writes the wrapper, label, hint and error; returns the HTML so far and the control's common attributes.</summary>
    protected (System.Text.StringBuilder Html, System.Text.StringBuilder Attributes, ModelStateEntry? State) Begin(TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var enc = HtmlEncoder.Default;
        var described = new List<string>();

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", error is null ? "ds-field rv-field" : "ds-field rv-field rv-field--error");
        var html = new System.Text.StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"ds-label\" for=\"{id}\">{enc.Encode(For.Metadata.GetDisplayName())}</label>");
        if (!string.IsNullOrEmpty(Hint))
        {
            described.Add(id + "-hint");
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"ds-paragraph rv-hint\" data-field=\"description\" id=\"{id}-hint\">{enc.Encode(Hint)}</p>");
        }

        if (error is not null)
        {
            described.Add(id + "-error");
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"ds-validation-message rv-field-error\" data-field=\"validation\" id=\"{id}-error\">{enc.Encode(error)}</span>");
        }

        var common = new System.Text.StringBuilder();
        common.Append(CultureInfo.InvariantCulture, $" id=\"{id}\" name=\"{enc.Encode(name)}\"");
        if (described.Count > 0)
        {
            common.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', described)}\"");
        }

        if (error is not null)
        {
            common.Append(" aria-invalid=\"true\"");
        }

        if (For.Metadata.IsRequired && For.Metadata.ModelType != typeof(bool))
        {
            common.Append(" required");
        }

        return (html, common, state);
    }

    protected static string Format(object? model) => model switch
    {
        null => string.Empty,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
        _ => model.ToString() ?? string.Empty,
    };
}

/// <summary>
/// A select (single or multiple) with the same label, hint and error as rv-field; items may carry groups
/// (optgroup). What the user chose is kept on a failed post.
/// Usage: &lt;rv-select for="Input.CountyCode" items="Model.Counties" placeholder="Velg fylke" /&gt;
/// </summary>
[HtmlTargetElement("rv-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class SelectTagHelper : FieldTagHelperBase
{
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public bool Multiple { get; set; }

    public int Size { get; set; }

    /// <summary>The first, empty option's text (single select only).</summary>
    public string? Placeholder { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (html, common, state) = Begin(output);
        var enc = HtmlEncoder.Default;
        var selected = state?.RawValue switch
        {
            string[] values => values.ToHashSet(StringComparer.Ordinal),
            string value => [value],
            _ => For.Model switch
            {
                string s => [s],
                System.Collections.IEnumerable many => many.Cast<object?>().Select(Format).ToHashSet(StringComparer.Ordinal),
                { } one => [Format(one)],
                _ => new HashSet<string>(StringComparer.Ordinal),
            },
        };

        html.Append(CultureInfo.InvariantCulture, $"<select class=\"ds-input\"{common}{(Multiple ? " multiple" : string.Empty)}{(Size > 0 ? $" size=\"{Size}\"" : string.Empty)}>");
        if (!Multiple && Placeholder is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"\">{enc.Encode(Placeholder)}</option>");
        }

        foreach (var group in Items.GroupBy(i => i.Group?.Name))
        {
            if (group.Key is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<optgroup label=\"{enc.Encode(group.Key)}\">");
            }

            foreach (var item in group)
            {
                var on = selected.Contains(item.Value ?? string.Empty) ? " selected" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{enc.Encode(item.Value ?? string.Empty)}\"{on}>{enc.Encode(item.Text)}</option>");
            }

            if (group.Key is not null)
            {
                html.Append("</optgroup>");
            }
        }

        html.Append("</select>");
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// The error summary at the top of a form: a heading and one link per problem, pointing at the field.
/// Usage: &lt;rv-error-summary /&gt;
/// </summary>
[HtmlTargetElement("rv-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var errors = ViewContext.ViewData.ModelState
            .Where(e => e.Value?.ValidationState == ModelValidationState.Invalid)
            .SelectMany(e => e.Value!.Errors.Select(err => (Key: e.Key, err.ErrorMessage)))
            .Where(e => !string.IsNullOrEmpty(e.ErrorMessage))
            .ToList();
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        var enc = HtmlEncoder.Default;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "rv-error-summary");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("id", "error-summary");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");
        var html = new System.Text.StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"error-summary-title\">{enc.Encode(t["Form.ErrorSummary"])}</h2><ul>");
        foreach (var (key, message) in errors)
        {
            var target = string.IsNullOrEmpty(key) ? "main" : TagBuilder.CreateSanitizedId(key, "_");
            html.Append(CultureInfo.InvariantCulture, $"<li><a class=\"ds-link\" href=\"#{target}\">{enc.Encode(message)}</a></li>");
        }

        html.Append("</ul>");
        output.Content.SetHtmlContent(html.ToString());
    }
}
