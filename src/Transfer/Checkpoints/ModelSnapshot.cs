using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Checkpoints;

/// <summary>
/// A module's full state (every parameter and buffer of its state_dict) as CPU tensors <b>cloned</b> from the live
/// weights: later training steps never change a snapshot. The tensors are detached from every dispose scope on
/// purpose (they live as long as the snapshot). A snapshot can have several owners (<see cref="Share"/>: the best
/// weights and a top-k entry taken at the same moment hold one copy); each owner calls <see cref="Dispose"/> once, and
/// the last one frees the tensors.
/// </summary>
public sealed class ModelSnapshot : IDisposable
{
    private readonly List<(string Name, Tensor Value)> _tensors;
    private int _owners = 1;

    private ModelSnapshot(List<(string Name, Tensor Value)> tensors) => _tensors = tensors;

    /// <summary>The tensors by state_dict name, in state_dict order.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> Tensors => _tensors;

    /// <summary>Bytes of tensor data held.</summary>
    public long Bytes => _tensors.Sum(t => t.Value.NumberOfElements * t.Value.ElementSize);

    /// <summary>Clones the state of <paramref name="module"/> to the CPU.</summary>
    public static ModelSnapshot Capture(nn.Module module)
    {
        using var _ = no_grad();
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, live) in module.state_dict())
        {
            using var scope = NewDisposeScope();
            var copy = live.detach().to(CPU).clone().contiguous();
            tensors.Add((name, copy.DetachFromDisposeScope()));
        }
        return new ModelSnapshot(tensors);
    }

    /// <summary>Wraps tensors read from a checkpoint file (the snapshot takes ownership).</summary>
    internal static ModelSnapshot FromTensors(List<(string Name, Tensor Value)> tensors) => new(tensors);

    /// <summary>Copies the snapshot into <paramref name="module"/>'s live weights (on whatever device they are).</summary>
    /// <exception cref="InvalidDataException">The module's state has other names or shapes than the snapshot.</exception>
    public void RestoreInto(nn.Module module)
    {
        int live = module.state_dict().Count;
        if (live != _tensors.Count)
            throw new InvalidDataException($"The checkpoint holds {_tensors.Count} tensors; the model has {live}.");
        RestoreMatching(module, _ => true);
    }

    /// <summary>
    /// Copies the tensors whose names <paramref name="include"/> accepts into <paramref name="module"/> (a warm start
    /// that keeps the trunk and leaves a new head alone); returns how many were copied.
    /// </summary>
    /// <exception cref="InvalidDataException">An accepted tensor is missing from the module or has another shape.</exception>
    public int RestoreMatching(nn.Module module, Func<string, bool> include)
    {
        using var _ = no_grad();
        var live = module.state_dict();
        var chosen = _tensors.Where(t => include(t.Name)).ToArray();
        foreach (var (name, value) in chosen)
        {
            if (!live.TryGetValue(name, out var target))
                throw new InvalidDataException($"The checkpoint holds tensor '{name}', which the model does not have.");
            if (!target.shape.SequenceEqual(value.shape) || target.dtype != value.dtype)
                throw new InvalidDataException(
                    $"Tensor '{name}': the checkpoint holds {value.dtype} [{string.Join(", ", value.shape)}], the model {target.dtype} [{string.Join(", ", target.shape)}].");
        }
        foreach (var (name, value) in chosen) live[name].copy_(value);
        return chosen.Length;
    }

    /// <summary>Whether the tensors are still held (some owner has not disposed of its share yet).</summary>
    public bool IsAlive => Volatile.Read(ref _owners) > 0;

    /// <summary>Adds an owner: returns this snapshot, which then needs one more <see cref="Dispose"/> before its
    /// tensors are freed. No copy is made.</summary>
    /// <exception cref="ObjectDisposedException">Every owner has disposed of it already.</exception>
    public ModelSnapshot Share()
    {
        int owners;
        do
        {
            owners = Volatile.Read(ref _owners);
            ObjectDisposedException.ThrowIf(owners <= 0, this);
        }
        while (Interlocked.CompareExchange(ref _owners, owners + 1, owners) != owners);
        return this;
    }

    /// <summary>Gives up one owner's share; the last one frees the tensors.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _owners) != 0) return;
        foreach (var (_, value) in _tensors) value.Dispose();
        _tensors.Clear();
    }
}
