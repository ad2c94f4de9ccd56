using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ressursvenn.Web.Data;

/// <summary>
/// A generation number that moves whenever this process saves something the matching engine reads about volunteers
/// (the volunteer, her certificate, training, declaration, the training catalogue, matches). Caches of decrypted
/// matching profiles compare it, together with a stamp read from the database (which also catches other instances).
/// </summary>
public sealed class MatchingDataChanges : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Watched =
    [
        typeof(Domain.Volunteers.Volunteer), typeof(Domain.Volunteers.PoliceCertificateRecord), typeof(Domain.Volunteers.TrainingCompletion),
        typeof(Domain.Volunteers.DeclarationSignature), typeof(Domain.Volunteers.TrainingModule), typeof(Domain.Matching.Match),
    ];

    private readonly ConditionalWeakTable<DbContext, object> pending = [];
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Done(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Done(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Moves the generation before the save too, so a reader racing the save never keeps what it read for long.</summary>
    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Watched.Contains(e.Metadata.ClrType)))
        {
            pending.AddOrUpdate(context, this);
            Interlocked.Increment(ref generation);
        }
    }

    private void Done(DbContext? context)
    {
        if (context is not null && pending.Remove(context))
        {
            Interlocked.Increment(ref generation);
        }
    }
}
