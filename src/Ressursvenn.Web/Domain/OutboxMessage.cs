namespace Ressursvenn.Web.Domain;

/// <summary>
/// An e-mail waiting to be sent (the outbox, ADR 0016). It is written in the same transaction as the change it tells
/// of, so a crash between the save and the send loses nothing, and a refused save sends nothing. The background
/// dispatcher sends it, retries with back-off, and deletes it once sent; one that keeps failing stays, marked
/// <see cref="GaveUpAt"/>, on the coordinators' (or the national admins') list until someone sends it again.
/// The address and the text are encrypted like every other personal field (ADR 0008).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Which e-mail it is (the template's name, e.g. "PasswordReset"): shown on the failure list, never personal.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Whose coordinators see it when it cannot be sent; null: the national admins.</summary>
    public Guid? AssociationId { get; set; }

    [Encrypted]
    public string To { get; set; } = string.Empty;

    [Encrypted]
    public string Subject { get; set; } = string.Empty;

    [Encrypted]
    public string TextBody { get; set; } = string.Empty;

    [Encrypted]
    public string HtmlBody { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    /// <summary>How many times sending was tried and failed.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next try is due.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A dispatcher is sending it until then; after that another may take it (the first one crashed).</summary>
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>The type of the last failure (never its message, which may carry an address).</summary>
    public string? LastError { get; set; }

    /// <summary>When the dispatcher stopped trying; null while it still tries.</summary>
    public DateTime? GaveUpAt { get; set; }
}
