namespace AutoVision.Scoring;

/// <summary>
/// The permutation numpy 1.24 returns for <c>a.argsort()</c> of a float64 array (the default kind, an introsort),
/// reproduced step by step because the scorer's ranks depend on it where values compare neither less nor greater:
/// NaNs sort last but, unlike equal values, each keeps its own rank, so which NaN gets which rank is decided by the
/// sort's swaps. The order is: median-of-three quicksort partitions while a range holds more than 16 elements
/// (the larger part deferred on a stack), insertion sort below that, and heapsort for a range once the partition
/// depth passes 2 * floor(log2 n). "Less" is numpy's float order: <c>a &lt; b</c>, or b is NaN and a is not.
/// </summary>
internal static class NumpyArgSort
{
    /// <summary>Ranges with at most this many elements minus one between their ends are insertion-sorted.</summary>
    private const int SmallQuicksort = 15;

    /// <summary>The indices that sort <paramref name="values"/> ascending, NaNs last, in numpy's order.</summary>
    public static int[] ArgSort(double[] values)
    {
        int n = values.Length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (n > 1) Introsort(values, order);
        return order;
    }

    private static bool Less(double a, double b) => a < b || (double.IsNaN(b) && !double.IsNaN(a));

    private static void Introsort(ReadOnlySpan<double> v, int[] order)
    {
        // A range is [pl, pr], both ends included, as numpy walks it.
        var stack = new Stack<(int Left, int Right, int Depth)>();
        int pl = 0, pr = order.Length - 1;
        int depth = 2 * FloorLog2(order.Length);
        while (true)
        {
            if (depth < 0)
            {
                HeapSort(v, order, pl, pr - pl + 1);
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (Less(v[order[pm]], v[order[pl]])) Swap(order, pm, pl);
                    if (Less(v[order[pr]], v[order[pm]])) Swap(order, pr, pm);
                    if (Less(v[order[pm]], v[order[pl]])) Swap(order, pm, pl);
                    double pivot = v[order[pm]];
                    int pi = pl, pj = pr - 1;
                    Swap(order, pm, pj);
                    while (true)
                    {
                        do pi++; while (Less(v[order[pi]], pivot));
                        do pj--; while (Less(pivot, v[order[pj]]));
                        if (pi >= pj) break;
                        Swap(order, pi, pj);
                    }
                    Swap(order, pi, pr - 1);
                    // The larger part waits on the stack; the loop goes on with the smaller one.
                    depth--;
                    if (pi - pl < pr - pi)
                    {
                        stack.Push((pi + 1, pr, depth));
                        pr = pi - 1;
                    }
                    else
                    {
                        stack.Push((pl, pi - 1, depth));
                        pl = pi + 1;
                    }
                }
                InsertionSort(v, order, pl, pr);
            }
            if (stack.Count == 0) return;
            (pl, pr, depth) = stack.Pop();
        }
    }

    private static void InsertionSort(ReadOnlySpan<double> v, int[] order, int pl, int pr)
    {
        for (int pi = pl + 1; pi <= pr; pi++)
        {
            int vi = order[pi];
            double vp = v[vi];
            int pj = pi;
            while (pj > pl && Less(vp, v[order[pj - 1]]))
            {
                order[pj] = order[pj - 1];
                pj--;
            }
            order[pj] = vi;
        }
    }

    /// <summary>numpy's heapsort of <paramref name="count"/> indices from <paramref name="start"/> (1-based heap).</summary>
    private static void HeapSort(ReadOnlySpan<double> v, int[] order, int start, int count)
    {
        // a(k) is order[start + k - 1]: the heap is indexed from 1.
        int n = count;
        for (int l = n >> 1; l > 0; l--)
        {
            SiftDown(v, order, start, order[start + l - 1], l, n);
        }
        while (n > 1)
        {
            int top = order[start + n - 1];
            order[start + n - 1] = order[start];
            n--;
            SiftDown(v, order, start, top, 1, n);
        }
    }

    private static void SiftDown(ReadOnlySpan<double> v, int[] order, int start, int item, int i, int n)
    {
        int j = i << 1;
        while (j <= n)
        {
            if (j < n && Less(v[order[start + j - 1]], v[order[start + j]])) j++;
            if (!Less(v[item], v[order[start + j - 1]])) break;
            order[start + i - 1] = order[start + j - 1];
            i = j;
            j += j;
        }
        order[start + i - 1] = item;
    }

    private static int FloorLog2(int n)
    {
        int log = 0;
        while ((n >>= 1) != 0) log++;
        return log;
    }

    private static void Swap(int[] order, int a, int b) => (order[a], order[b]) = (order[b], order[a]);
}
