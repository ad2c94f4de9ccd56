namespace Ressursvenn.Matching;

/// <summary>A binary min-heap of (key, node), ordered by key then node, so that pops are deterministic.</summary>
internal sealed class MinHeap
{
    private long[] keys = new long[64];
    private int[] nodes = new int[64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public long PeekKey() => keys[0];

    public void Push(long key, int node)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref nodes, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(key, node, keys[parent], nodes[parent]))
            {
                break;
            }

            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            i = parent;
        }

        keys[i] = key;
        nodes[i] = node;
    }

    public (long Key, int Node) Pop()
    {
        var top = (keys[0], nodes[0]);
        var key = keys[--Count];
        var node = nodes[Count];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Less(keys[child + 1], nodes[child + 1], keys[child], nodes[child]))
            {
                child++;
            }

            if (!Less(keys[child], nodes[child], key, node))
            {
                break;
            }

            keys[i] = keys[child];
            nodes[i] = nodes[child];
            i = child;
        }

        keys[i] = key;
        nodes[i] = node;
        return top;
    }

    private static bool Less(long k1, int n1, long k2, int n2) => k1 < k2 || (k1 == k2 && n1 < n2);
}
