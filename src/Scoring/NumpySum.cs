namespace AutoVision.Scoring;

/// <summary>
/// Floating-point sums in the exact order numpy 1.24 uses for <c>np.sum</c> of a contiguous float64 array, so
/// that results agree bit for bit: the reduction hands the array to the add loop in buffers of 8,192 elements,
/// each buffer is summed pairwise (<c>pairwise_sum</c>: 8 running partial sums below 128 elements, halving above),
/// and the buffer sums are added one after the other to a total that starts at 0.
/// </summary>
internal static class NumpySum
{
    /// <summary>numpy's default ufunc buffer size, in elements.</summary>
    public const int BufferSize = 8192;

    /// <summary>Above this many elements pairwise_sum splits its range in two.</summary>
    private const int BlockSize = 128;

    /// <summary>The sum numpy gives for <c>np.sum</c> of these values laid out contiguously.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double total = 0.0;
        for (int start = 0; start < values.Length; start += BufferSize)
        {
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }
        return total;
    }

    /// <summary>numpy's <c>pairwise_sum</c> for doubles, operation by operation.</summary>
    public static double Pairwise(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double sum = 0.0;
            for (int i = 0; i < n; i++) sum += a[i];
            return sum;
        }
        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            double result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) result += a[i];
            return result;
        }
        int half = n / 2;
        half -= half % 8;
        return Pairwise(a[..half]) + Pairwise(a[half..]);
    }
}
