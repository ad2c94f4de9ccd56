using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// A group of checkboxes for a list property, in a fieldset with a legend, hint and error; the ticks the user
/// made are kept on a failed post. Usage: &lt;rv-checkboxes for="Input.AssociationIds" items="Model.Associations" /&gt;
/// </summary>
[HtmlTargetElement("rv-checkboxes", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CheckboxesTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public string? Hint { get; set; }

    /// <summary>Radio buttons (one choice) instead of checkboxes.</summary>
    public bool Radio { get; set; }

    /// <summary>
    /// For long lists (e.g. 357 municipalities): the items' groups become closed disclosures (a group with a ticked
    /// item starts open) and a search field, shown by app.js, filters the items as she types. Works without JavaScript.
    /// </summary>
    public string? FilterLabel { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var chosen = state?.RawValue switch
        {
            string[] values => values.ToHashSet(StringComparer.OrdinalIgnoreCase),
            string value => [value],
            _ when For.Model is string or Enum or ValueType => [For.Model is Enum e ? e.ToString() : Convert.ToString(For.Model, CultureInfo.InvariantCulture) ?? string.Empty],
            _ => (For.Model as System.Collections.IEnumerable)?.Cast<object?>().Select(o => o?.ToString() ?? string.Empty)
                .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [],
        };
        var enc = HtmlEncoder.Default;
        var described = new List<string>();
        var html = new StringBuilder();

        output.TagName = "fieldset";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "ds-fieldset rv-fieldset");
        output.Attributes.SetAttribute("id", id);
        html.Append(CultureInfo.InvariantCulture, $"<legend class=\"ds-label\">{enc.Encode(For.Metadata.GetDisplayName())}</legend>");
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

        if (described.Count > 0)
        {
            output.Attributes.SetAttribute("aria-describedby", string.Join(' ', described));
        }

        var index = 0;
        string Choice(SelectListItem item)
        {
            var itemId = $"{id}_{index++}";
            var on = chosen.Contains(item.Value ?? string.Empty) ? " checked" : string.Empty;
            return $"<div class=\"ds-field\" data-filter-item><input class=\"ds-input\" type=\"{(Radio ? "radio" : "checkbox")}\" id=\"{itemId}\" name=\"{enc.Encode(name)}\" value=\"{enc.Encode(item.Value ?? string.Empty)}\"{on}>" +
                $"<label class=\"ds-label\" data-weight=\"regular\" for=\"{itemId}\">{enc.Encode(item.Text)}</label></div>";
        }

        if (string.IsNullOrEmpty(FilterLabel))
        {
            foreach (var item in Items)
            {
                html.Append(Choice(item));
            }
        }
        else
        {
            output.Attributes.SetAttribute("data-filter-list", string.Empty);
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"ds-field rv-filter\" data-filter hidden><label class=\"ds-label\" for=\"{id}-filter\">{enc.Encode(FilterLabel)}</label>" +
                $"<input class=\"ds-input\" type=\"search\" id=\"{id}-filter\" autocomplete=\"off\" data-filter-input></div>");
            foreach (var group in Items.GroupBy(i => i.Group?.Name ?? string.Empty))
            {
                var open = group.Any(i => chosen.Contains(i.Value ?? string.Empty)) ? " open" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<details class=\"rv-choice-group\" data-filter-group{open}><summary>{enc.Encode(group.Key)}</summary><div class=\"rv-choice-group__items\">");
                foreach (var item in group)
                {
                    html.Append(Choice(item));
                }

                html.Append("</div></details>");
            }
        }

        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// One checkbox for a bool property, with its label beside it and an optional hint; unticked posts "false".
/// Usage: &lt;rv-check for="Input.MayLeaveMessage" hint="..." /&gt;
/// </summary>
[HtmlTargetElement("rv-check", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CheckTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string? Hint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var on = state?.RawValue switch
        {
            string[] values => values.Contains("true", StringComparer.OrdinalIgnoreCase),
            string value => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase),
            _ => For.Model is true,
        };
        var enc = HtmlEncoder.Default;
        var described = new List<string>();
        var extra = new StringBuilder();
        if (!string.IsNullOrEmpty(Hint))
        {
            described.Add(id + "-hint");
            extra.Append(CultureInfo.InvariantCulture, $"<p class=\"ds-paragraph rv-hint\" data-field=\"description\" id=\"{id}-hint\">{enc.Encode(Hint)}</p>");
        }

        if (error is not null)
        {
            described.Add(id + "-error");
            extra.Append(CultureInfo.InvariantCulture, $"<span class=\"ds-validation-message rv-field-error\" data-field=\"validation\" id=\"{id}-error\">{enc.Encode(error)}</span>");
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "ds-field rv-check");
        var aria = described.Count > 0 ? $" aria-describedby=\"{string.Join(' ', described)}\"" : string.Empty;
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\"";
        output.Content.SetHtmlContent(
            $"<input class=\"ds-input\" type=\"checkbox\" id=\"{id}\" name=\"{enc.Encode(name)}\" value=\"true\"{(on ? " checked" : string.Empty)}{aria}{invalid}>" +
            $"<label class=\"ds-label\" data-weight=\"regular\" for=\"{id}\">{enc.Encode(For.Metadata.GetDisplayName())}</label>" +
            $"<input type=\"hidden\" name=\"{enc.Encode(name)}\" value=\"false\">" + extra);
    }
}
