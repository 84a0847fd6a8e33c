namespace AutoVision.Runner.Learning;

/// <summary>Tells an allocation failure (managed, or libtorch's CPU or CUDA allocator surfacing through TorchSharp)
/// from other errors, so that the learner can go on with smaller batches instead of failing.</summary>
public static class MemoryShortage
{
    private static readonly string[] Markers =
    {
        "can't allocate memory",      // libtorch DefaultCPUAllocator
        "out of memory",              // CUDA caching allocator, std::bad_alloc texts
        "bad_alloc",
        "Cannot allocate memory",     // ENOMEM
    };

    public static bool Is(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is OutOfMemoryException or InsufficientMemoryException) return true;
            if (Markers.Any(m => e.Message.Contains(m, StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }
}
