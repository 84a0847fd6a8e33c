using System.Runtime.InteropServices;
using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Tests;

public class MemoryShortageTests
{
    [Theory]
    [InlineData("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate memory: you tried to allocate 34359738368 bytes. Error code 12 (Cannot allocate memory)")]
    [InlineData("CUDA out of memory. Tried to allocate 2.00 GiB")]
    [InlineData("std::bad_alloc")]
    public void Is_AllocatorMessages_AreMemoryShortages(string message)
    {
        Assert.True(MemoryShortage.Is(new ExternalException(message)));
        Assert.True(MemoryShortage.Is(new InvalidOperationException("step failed", new ExternalException(message))));
    }

    [Fact]
    public void Is_ManagedOutOfMemory_IsAMemoryShortage()
    {
        Assert.True(MemoryShortage.Is(new OutOfMemoryException()));
    }

    [Fact]
    public void Is_OtherErrors_AreNot()
    {
        Assert.False(MemoryShortage.Is(new ExternalException("shape '[32, 3, 64, 64]' is invalid for input of size 10")));
        Assert.False(MemoryShortage.Is(new IOException("disk full")));
        Assert.False(MemoryShortage.Is(null));
    }
}
