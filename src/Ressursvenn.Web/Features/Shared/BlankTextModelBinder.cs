using Microsoft.AspNetCore.Mvc.ModelBinding;
using Ressursvenn.Web.Domain.Input;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// A posted text with nothing visible in it (only spaces and zero-width or direction characters) binds as empty (null),
/// so "required" refuses it with its usual message instead of storing an invisible note.
/// </summary>
public sealed class BlankTextModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue;
        bindingContext.Result = ModelBindingResult.Success(TextRules.IsBlank(text) ? null : text);
        return Task.CompletedTask;
    }
}

public sealed class BlankTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.ModelType == typeof(string) && context.BindingInfo.BindingSource?.CanAcceptDataFrom(BindingSource.Body) != true
            ? new BlankTextModelBinder()
            : null;
    }
}
