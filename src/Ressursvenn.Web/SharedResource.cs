using System.Resources;

[assembly: NeutralResourcesLanguage("nb")]

namespace Ressursvenn.Web;

/// <summary>
/// Marker for the one shared resource file of UI texts: Resources/SharedResource.resx (Norwegian bokmål,
/// the neutral culture) and Resources/SharedResource.en.resx. Add texts with tools/texts.py.
/// </summary>
#pragma warning disable CA1052 // A marker type for IStringLocalizer<T>; it must be instantiable as a type argument.
public sealed class SharedResource
#pragma warning restore CA1052
{
}
