using System.Diagnostics.CodeAnalysis;

// The folder and namespace of the plumbing every capability uses are named after the Razor convention (Features/Shared
// holds the layout); "Shared" is a Visual Basic keyword, which does not matter for an application nobody references.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Ressursvenn.Web.Features.Shared",
    Justification = "Application code, not a library; the folder name follows the Razor convention.")]
