using System.Collections.Concurrent;
using TorchSharp;

namespace AutoVision.Policies.Torch;

/// <summary>
/// Scalars for tensor operations that live as long as the process. A number passed where TorchSharp takes a
/// <see cref="Scalar"/> is converted to a temporary native scalar that only the garbage collector's finalizer frees;
/// TorchSharp reads its handle and passes it to native code, after which nothing references the managed object, so a
/// collection triggered by another thread (the batch loader allocates steadily) can finalize it while the native
/// operation is still reading it — seen as libtorch's "Expected false to be true" from <c>Scalar::toDouble</c>, which
/// killed a prediction and rolled back fine-tuning rounds. The scalars here are cached and never finalized, with the
/// same element type the implicit conversion of that .NET type gives. For values that change every call (e.g. a
/// temperature), use <c>using var s = value.ToScalar();</c> instead of caching.
/// </summary>
public static class TorchScalars
{
    private static readonly ConcurrentDictionary<(TypeCode, double), Scalar> Cache = new();

    public static Scalar S(int value) => Cache.GetOrAdd((TypeCode.Int32, value), static k => (Scalar)(int)k.Item2);

    public static Scalar S(long value) => Cache.GetOrAdd((TypeCode.Int64, value), static k => (Scalar)(long)k.Item2);

    public static Scalar S(float value) => Cache.GetOrAdd((TypeCode.Single, value), static k => (Scalar)(float)k.Item2);

    public static Scalar S(double value) => Cache.GetOrAdd((TypeCode.Double, value), static k => (Scalar)k.Item2);
}
