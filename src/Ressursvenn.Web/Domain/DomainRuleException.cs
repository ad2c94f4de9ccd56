namespace Ressursvenn.Web.Domain;

/// <summary>A domain rule refused an action; <see cref="Exception.Message"/> is a resource key for the user's message.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string messageKey) : base(messageKey) { }

    public DomainRuleException(string messageKey, Exception inner) : base(messageKey, inner) { }

    public DomainRuleException() { }
}
