namespace Ressursvenn.Web.Domain.Audit;

/// <summary>
/// One stored audit-trail entry (SR17): who, when, which record, which action — never the content. Entries are
/// only ever added (the database refuses updates and deletes by trigger), in the same transaction as the change
/// they describe, and are hash-chained (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    public DateTime At { get; set; }

    public Guid? UserId { get; set; }

    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public Guid? EntityId { get; set; }

    /// <summary>A short code or reason (e.g. a break-glass reason category); never personal data or case content.</summary>
    public string? Detail { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public AuditLink ToLink() => new(Sequence, At, UserId, Action, EntityType, EntityId, Detail, PreviousHash, Hash);
}

/// <summary>The actions written to the trail. Stored as their names; new ones are added at the end.</summary>
public static class AuditActions
{
    public const string LoggedIn = "LoggedIn";
    public const string LoginFailed = "LoginFailed";
    public const string LoggedOut = "LoggedOut";
    public const string PasswordChanged = "PasswordChanged";
    public const string PasswordReset = "PasswordReset";
    public const string AuthenticatorChanged = "AuthenticatorChanged";
    public const string AccountSetUp = "AccountSetUp";
    public const string UserInvited = "UserInvited";
    public const string InvitationResent = "InvitationResent";
    public const string MessageResent = "MessageResent";
    public const string UserChanged = "UserChanged";
    public const string UserDisabled = "UserDisabled";
    public const string UserEnabled = "UserEnabled";
    public const string AssociationCreated = "AssociationCreated";
    public const string AssociationChanged = "AssociationChanged";
    public const string CrisisCentreCreated = "CrisisCentreCreated";
    public const string CrisisCentreChanged = "CrisisCentreChanged";
    public const string AuditViewed = "AuditViewed";
    public const string AuditExported = "AuditExported";
    public const string ReferralCreated = "ReferralCreated";
    public const string ParticipantCreated = "ParticipantCreated";
    public const string ParticipantListViewed = "ParticipantListViewed";
    public const string ParticipantViewed = "ParticipantViewed";
    public const string ParticipantChanged = "ParticipantChanged";
    public const string ReferralAcknowledged = "ReferralAcknowledged";
    public const string IntakeRecorded = "IntakeRecorded";
    public const string ParticipantWaiting = "ParticipantWaiting";
    public const string ParticipantDeclined = "ParticipantDeclined";
    public const string ParticipantLinked = "ParticipantLinked";
    public const string NoteAdded = "NoteAdded";
    public const string ConsentWithdrawn = "ConsentWithdrawn";
    public const string ParticipantErased = "ParticipantErased";
    public const string ParticipantExported = "ParticipantExported";
    public const string BreakGlassOpened = "BreakGlassOpened";
    public const string BreakGlassViewed = "BreakGlassViewed";
    public const string SettingsChanged = "SettingsChanged";
    public const string RetentionRun = "RetentionRun";
    public const string VolunteerApplied = "VolunteerApplied";
    public const string VolunteerProfileChanged = "VolunteerProfileChanged";
    public const string VolunteerCapacityChanged = "VolunteerCapacityChanged";
    public const string VolunteerAddressChanged = "VolunteerAddressChanged";
    public const string VolunteerNetworksChanged = "VolunteerNetworksChanged";
    public const string DeclarationSigned = "DeclarationSigned";
    public const string VolunteerPaused = "VolunteerPaused";
    public const string VolunteerResumed = "VolunteerResumed";
    public const string VolunteerLeft = "VolunteerLeft";
    public const string ServiceLetterIssued = "ServiceLetterIssued";
    public const string VolunteerErased = "VolunteerErased";
    public const string VolunteerListViewed = "VolunteerListViewed";
    public const string VolunteerViewed = "VolunteerViewed";
    public const string VolunteerMovedOn = "VolunteerMovedOn";
    public const string VolunteerInterviewRecorded = "VolunteerInterviewRecorded";
    public const string PoliceCertificateRecorded = "PoliceCertificateRecorded";
    public const string VolunteerTrainingRecorded = "VolunteerTrainingRecorded";
    public const string VolunteerApprovalRequested = "VolunteerApprovalRequested";
    public const string VolunteerApproved = "VolunteerApproved";
    public const string VolunteerRejected = "VolunteerRejected";
    public const string VolunteerWithdrawn = "VolunteerWithdrawn";
    public const string VolunteerInvited = "VolunteerInvited";
    public const string TrainingModuleChanged = "TrainingModuleChanged";
    public const string GatheringChanged = "GatheringChanged";
    public const string AttendanceRecorded = "AttendanceRecorded";
    public const string RenewalReminderSent = "RenewalReminderSent";
    public const string VolunteerExported = "VolunteerExported";
    public const string AuthenticatorRemoved = "AuthenticatorRemoved";
    public const string AuthenticatorAdded = "AuthenticatorAdded";
    public const string SuggestionsViewed = "SuggestionsViewed";
    public const string BatchPlanViewed = "BatchPlanViewed";
    public const string MatchProposed = "MatchProposed";
    public const string MatchVolunteerAnswered = "MatchVolunteerAnswered";
    public const string MatchParticipantAnswered = "MatchParticipantAnswered";
    public const string MatchStarted = "MatchStarted";
    public const string MatchDeclined = "MatchDeclined";
    public const string MatchClosed = "MatchClosed";
    public const string MatchVolunteerLeft = "MatchVolunteerLeft";
    public const string MatchViewed = "MatchViewed";
    public const string MatchRequirementsFlagged = "MatchRequirementsFlagged";
    public const string MatchRequirementsDecided = "MatchRequirementsDecided";
    public const string PairBlocked = "PairBlocked";
    public const string WideningRequested = "WideningRequested";
    public const string WideningAnswered = "WideningAnswered";
    public const string MatchRequirementsCleared = "MatchRequirementsCleared";
    public const string AssociationAccessGranted = "AssociationAccessGranted";
}
