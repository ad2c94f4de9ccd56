namespace Ressursvenn.Web.Data;

/// <summary>The "Audit" configuration section (ADR 0013).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>docs/domain.md §8: audit entries are kept five years. The database refuses to delete younger entries.</summary>
    public const int MinimumRetentionMonths = 60;

    /// <summary>
    /// How long audit entries are kept before the daily retention job purges them (at least
    /// <see cref="MinimumRetentionMonths"/>; a longer period keeps them longer).
    /// </summary>
    public int RetentionMonths { get; set; } = MinimumRetentionMonths;

    /// <summary>Also write every checkpoint (a sequence number and a hash, no personal data) to the log at Information.</summary>
    public bool LogCheckpoints { get; set; }
}
