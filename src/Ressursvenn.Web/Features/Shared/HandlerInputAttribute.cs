namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// Marks the input of one handler's form on a page that hosts several: the handler binds it as its own parameter (so no
/// other form's post is validated against it) and puts it on this property to show it again. A form kept over a
/// session timeout is restored into it like a [BindProperty] input.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class HandlerInputAttribute : Attribute;
