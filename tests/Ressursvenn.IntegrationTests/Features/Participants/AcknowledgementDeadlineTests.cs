using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Features.Participants;

/// <summary>
/// Acknowledgement deadlines on a fake clock (docs/domain.md §4.2): an unacknowledged referral is flagged on the coordinators'
/// home page the working day after the limit, and past the second limit counted — without identity — for the
/// national admin. Weekends and Norwegian public holidays (here Easter 2027) do not count.
/// </summary>
public sealed class AcknowledgementDeadlineTests
{
    private const string Name = "Testdeltaker Frist-4m";

    [Theory]
    // Received Wednesday 25 November 2026 → due Wednesday 2 December (across a weekend); escalated after 9 December.
    [InlineData("2026-11-25", "2026-12-02", "2026-12-09")]
    // Received Wednesday 24 March 2027 → Easter (25, 26, 29 March) does not count: due 5 April, escalated after 12 April.
    [InlineData("2027-03-24", "2027-04-05", "2027-04-12")]
    public async Task AnUnacknowledgedReferral_IsFlaggedForCoordinators_ThenCountedForTheAdmin(string received, string due, string escalates)
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Frist");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var coordinatorUser = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var staffUser = await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre);
        AdvanceTo(app, Date(received), 10);
        using (var staff = await app.LoggedInClientAsync(staffUser))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ParticipantFlowTests.ReferAsync(staff, association, Name)).StatusCode);
        }

        // On the deadline day (late evening in Oslo) it is due, not flagged.
        AdvanceTo(app, Date(due), 21);
        Assert.False(await FlaggedAsync(app, coordinatorUser));
        Assert.Equal(0, await EscalatedCountAsync(app, admin));

        // The next day it is overdue on the coordinators' home page, not yet counted for the admin.
        AdvanceTo(app, Date(due).AddDays(1), 8);
        Assert.True(await FlaggedAsync(app, coordinatorUser));
        Assert.Equal(0, await EscalatedCountAsync(app, admin));

        // Past the second limit the admin sees a count, and no name.
        AdvanceTo(app, Date(escalates).AddDays(1), 8);
        Assert.Equal(1, await EscalatedCountAsync(app, admin));

        // Acknowledged: neither flag remains.
        using var coordinator = await app.LoggedInClientAsync(coordinatorUser);
        var id = await ParticipantFlowTests.ParticipantIdAsync(app);
        var record = await coordinator.GetDocumentAsync($"/deltaker/{id}");
        var version = record.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        await coordinator.PostFormAsync($"/deltaker/{id}", [new("Version", version)], $"/deltaker/{id}?handler=Acknowledge");
        Assert.False(await FlaggedAsync(app, coordinatorUser));
        Assert.Equal(0, await EscalatedCountAsync(app, admin));
    }

    private static DateOnly Date(string value) => DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Moves the fake clock forward to that Oslo date and hour (UTC+1 in winter, +2 in summer).</summary>
    private static void AdvanceTo(TestApp app, DateOnly date, int osloHour)
    {
        var local = date.ToDateTime(new TimeOnly(osloHour, 0));
        var target = new DateTimeOffset(local, Ressursvenn.Web.Domain.Calendar.WorkingDays.Oslo.GetUtcOffset(local));
        var step = target - app.Clock.GetUtcNow();
        Assert.True(step >= TimeSpan.Zero, "The clock only moves forward");
        app.Clock.Advance(step);
    }

    /// <summary>A fresh login each time: sessions time out while the fake clock moves days ahead.</summary>
    private static async Task<bool> FlaggedAsync(TestApp app, TestUser coordinator)
    {
        using var client = await app.LoggedInClientAsync(coordinator);
        var home = await client.GetDocumentAsync("/");
        var alert = home.QuerySelector(".ds-alert[data-color=danger]");
        return alert is not null && alert.TextContent.Contains(Name, StringComparison.Ordinal);
    }

    private static async Task<int> EscalatedCountAsync(TestApp app, TestUser admin)
    {
        using var client = await app.LoggedInClientAsync(admin);
        var home = await client.GetDocumentAsync("/");
        Assert.DoesNotContain(Name, home.DocumentElement.TextContent, StringComparison.Ordinal);
        var alert = home.QuerySelector(".ds-alert[data-color=warning]");
        return alert is null ? 0 : int.Parse(alert.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
