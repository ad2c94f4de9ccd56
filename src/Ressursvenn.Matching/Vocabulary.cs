using System.Numerics;

namespace Ressursvenn.Matching;

/// <summary>Interns normalised words (languages, interests) to bit positions, so sets become bit masks.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    public int Count => index.Count;

    public void Add(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            var key = Text.Key(word);
            if (key.Length > 0)
            {
                index.TryAdd(key, index.Count);
            }
        }
    }

    public int IndexOf(string word) => index.TryGetValue(Text.Key(word), out var i) ? i : -1;

    public int Stride => Math.Max(1, (Count + 63) / 64);

    /// <summary>Writes the mask of the known words into <paramref name="mask"/>; returns the number of distinct non-empty words.</summary>
    public int Fill(IEnumerable<string> words, Span<ulong> mask)
    {
        HashSet<string>? unknown = null;
        foreach (var word in words)
        {
            var key = Text.Key(word);
            if (key.Length == 0)
            {
                continue;
            }

            if (index.TryGetValue(key, out var i))
            {
                mask[i >> 6] |= 1UL << (i & 63);
            }
            else
            {
                (unknown ??= new(StringComparer.Ordinal)).Add(key);
            }
        }

        return PopCount(mask) + (unknown?.Count ?? 0);
    }

    public static int PopCount(ReadOnlySpan<ulong> mask)
    {
        var n = 0;
        foreach (var word in mask)
        {
            n += BitOperations.PopCount(word);
        }

        return n;
    }

    public static bool Overlaps(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public static int Shared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var n = 0;
        for (var i = 0; i < a.Length; i++)
        {
            n += BitOperations.PopCount(a[i] & b[i]);
        }

        return n;
    }
}
