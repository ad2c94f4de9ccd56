using System.Text.RegularExpressions;
using static Ressursvenn.UnitTests.ResourceTextsTests;

namespace Ressursvenn.UnitTests;

/// <summary>
/// No "1 henvisninger" or "Has waited 1 days". A text that puts a number argument before a word is a
/// count and must come in forms (KEY.One and KEY.Other, optionally KEY.Zero, read with PluralTexts.Plural), in both
/// languages — unless it is listed below with why its number never needs a singular.
/// </summary>
public sealed partial class PluralTextsTests
{
    /// <summary>Texts whose number is not a count that can be 1, or whose words do not change with it, and why.</summary>
    private static readonly Dictionary<string, string> NotCounts = new(StringComparer.Ordinal)
    {
        ["AccessGrants.IntroCoordinator"] = "a fixed period of 30 days (AssociationAccessGrants.Days)",
        ["AccessGrants.IntroPrivacyOfficer"] = "a fixed period of 30 days (AssociationAccessGrants.Days)",
        ["AccessGrants.Item"] = "{2} is an association's name, {3} a date",
        ["Apply.BirthDateHint"] = "an age of at least 18 ('år' does not change)",
        ["Apply.NotEligibleAge"] = "an age of at least 18",
        ["Apply.Requirements"] = "an age of at least 18",
        ["Approval.ApprovedBy"] = "{0} is a date",
        ["Approval.RequestedBy"] = "{0} is a name",
        ["Approval.WaitingForSecond"] = "{0} is a name",
        ["BreakGlass.NoticeItem"] = "{0} is a name",
        ["BreakGlass.NoticesIntro"] = "a fixed period of 30 days (BreakGlassNotices.Days)",
        ["BreakGlass.ReasonHint"] = "fixed limits of characters, far above 1",
        ["Compare.CapacityUsed"] = "'{0} av {1} i bruk' reads the same for every number",
        ["Compare.Heading"] = "{0} is a reference, not a number",
        ["Consent.ManageIntro"] = "{0} is a name",
        ["Decline.Intro"] = "{0} is a name",
        ["Email.Invitation.Body"] = "a fixed 72 hours",
        ["Email.Reset.Body"] = "a fixed link lifetime in minutes, far above 1",
        ["Exclusion.BeyondTravelDistance.Detail"] = "km does not change",
        ["Exclusion.NoCapacity.Detail"] = "'{0} av {1}' reads the same for every number",
        ["Exclusion.TooYoung.Detail"] = "an age ('år'; the English 'years' is for ages above 1)",
        ["Gatherings.PastLimited"] = "a fixed page size, far above 1",
        ["Gatherings.PresentCount"] = "'{0} til stede' / '{0} present' read the same for every number",
        ["Identity.PasswordTooShort"] = "a minimum length of characters, far above 1",
        ["Intake.Intro"] = "{0} is a name",
        ["Interview.RecordedBy"] = "{0} is a date",
        ["Matching.BothFreeMore"] = "shown only with at least 2 more times",
        ["Matching.Km"] = "km does not change",
        ["Matching.Wish.OutsideNotMet"] = "{0} is a list of languages",
        ["Matching.WishesFit"] = "an age",
        ["Matching.WishesNotMet"] = "an age",
        ["Matching.WishesPartly"] = "an age",
        ["MyPages.LetterBody"] = "{0} is a name",
        ["MyPages.LetterBodyOneDay"] = "{0} is a name",
        ["MyPages.LetterBodySince"] = "{0} is a name",
        ["MyPages.LetterIssued"] = "{0} is a date",
        ["Plan.Counts"] = "'venter' / 'ressursvenner er med' are read as totals of a whole association's plan",
        ["Participants.ReferredBy"] = "{0} is a crisis centre's name",
        ["Plan.NoneWaiting"] = "{0} is an association's name",
        ["Plan.OfWomen"] = "'{0} av {1}' reads the same for every number",
        ["Plan.PairTitle"] = "{0} and {1} are references",
        ["Suggestions.AgeAndPlace"] = "an age",
        ["Suggestions.Points"] = "a score with decimals",
        ["Suggestions.Score"] = "'{0} av 100 poeng' reads the same for every number",
        ["Validation.DateRange"] = "{0} and {1} are dates",
        ["Volunteer.NetworksChangedByCoordinator"] = "'antall miljøer fra {1} til {2}': the noun comes before the numbers",
        ["Volunteer.NetworksChangedByHer"] = "'antall miljøer fra {1} til {2}': the noun comes before the numbers",
        ["Volunteer.Age"] = "an age of at least 18",
        ["Volunteer.InviteIntro"] = "{0} is an e-mail address",
        ["Volunteer.Km"] = "km does not change",
    };

    [Fact]
    public void EveryTextWithACountBeforeAWord_HasASingularForm()
    {
        var nb = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        var problems = new List<string>();
        foreach (var key in nb.Keys)
        {
            if (IsForm(key) || NotCounts.ContainsKey(key))
            {
                continue;
            }

            if (CountBeforeWord().IsMatch(nb[key]) || CountBeforeWord().IsMatch(en[key]))
            {
                problems.Add($"{key}: '{nb[key]}' / '{en[key]}' has a count without a singular form: make it {key}.One and {key}.Other and use T.Plural");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryPluralText_HasItsOneAndOtherForms_AndEveryPluralCallNamesOne()
    {
        var nb = Load("SharedResource.resx");
        var problems = new List<string>();
        // A plural form has the count {0}; an enum value named Other (e.g. DeclineReason.Other) has none.
        foreach (var other in nb.Keys.Where(k => k.EndsWith(".Other", StringComparison.Ordinal) && nb[k].Contains("{0}", StringComparison.Ordinal)))
        {
            var stem = other[..^".Other".Length];
            if (!nb.ContainsKey(stem + ".One"))
            {
                problems.Add($"{stem}: .Other without .One");
            }
        }

        foreach (var file in Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            foreach (Match use in PluralUse().Matches(File.ReadAllText(file)))
            {
                var stem = use.Groups["key"].Value;
                if (!nb.ContainsKey(stem + ".One") || !nb.ContainsKey(stem + ".Other"))
                {
                    problems.Add($"{Path.GetFileName(file)}: {stem} is used with a count but lacks .One or .Other");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheScan_FindsTheCountsOfIssue12()
    {
        // Texts once reported as wrong, as they were: the scan must flag them.
        Assert.Matches(CountBeforeWord(), "{0} henvisninger er ikke bekreftet innen fristen");
        Assert.Matches(CountBeforeWord(), "Har ventet {0} dager");
        Assert.Matches(CountBeforeWord(), "Has waited {0} days");
        Assert.DoesNotMatch(CountBeforeWord(), "Godkjent {0}.");
    }

    private static bool IsForm(string key) =>
        key.EndsWith(".One", StringComparison.Ordinal) || key.EndsWith(".Other", StringComparison.Ordinal) || key.EndsWith(".Zero", StringComparison.Ordinal);

    /// <summary>A number argument followed by a word: "{0} dager", "{1} ressursvenner", "{0:N0} users".</summary>
    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}\s+\p{L}")]
    private static partial Regex CountBeforeWord();

    [GeneratedRegex(@"(?:\.Plural\(|Counted\(t,\s*)""(?<key>[A-Za-z][A-Za-z.]*[A-Za-z])""")]
    private static partial Regex PluralUse();
}
