using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Data;

/// <summary>Checks the stored audit trail end to end (the verify-audit command, and the tests).</summary>
public sealed class AuditVerifier(AppDbContext db, AuditKey key)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var verifier = new AuditChain.Verifier(key.Bytes);
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (verifier.Add(entry.ToLink()) is { } broken)
            {
                return broken;
            }
        }

        return verifier.Result;
    }
}
