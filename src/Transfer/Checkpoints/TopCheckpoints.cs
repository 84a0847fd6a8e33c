using AutoVision.Transfer.Nas;

namespace AutoVision.Transfer.Checkpoints;

/// <summary>One of the <see cref="TopCheckpoints"/>: weights, their validation score, and the architecture they belong to.</summary>
/// <param name="Score">Validation NAUC of the weights when they were taken.</param>
/// <param name="Snapshot">The weights, cloned.</param>
/// <param name="Architecture">The searched architecture of a derived model (null: the plain classifier).</param>
/// <param name="Version">Distinguishes entries: a rank's file is rewritten only when its entry changed.</param>
public sealed record TopEntry(double Score, ModelSnapshot Snapshot, Architecture? Architecture, long Version);

/// <summary>
/// The k best-scoring weights of a run (by validation NAUC), each a <b>clone</b> of the live weights at the moment it
/// was scored — later training never changes them — kept in memory and written as <c>top1.ckpt</c> (best) …
/// <c>top&lt;k&gt;.ckpt</c> next to <c>best</c> and <c>last</c>, each atomically (<see cref="CheckpointStore.Save"/>).
/// A rank's file is written only when its entry changed; files of ranks no longer held are deleted. Ties keep the
/// earlier entry ahead. A resumed run reads them back with <see cref="Load"/>.
/// </summary>
public sealed class TopCheckpoints : IDisposable
{
    /// <summary>File name (without extension) of rank <paramref name="rank"/> (1-based).</summary>
    public static string NameOf(int rank) => $"top{rank}";

    private readonly List<TopEntry> _entries = [];
    private readonly Dictionary<int, long> _saved = [];   // rank → version written
    private long _nextVersion;

    public TopCheckpoints(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>How many are kept (0: none).</summary>
    public int Capacity { get; }

    /// <summary>The entries, best first.</summary>
    public IReadOnlyList<TopEntry> Entries => _entries;

    /// <summary>Whether weights scoring <paramref name="score"/> would be kept.</summary>
    public bool WouldKeep(double score) =>
        Capacity > 0 && double.IsFinite(score) && (_entries.Count < Capacity || score > _entries[^1].Score);

    /// <summary>
    /// Offers weights that scored <paramref name="score"/>; <paramref name="capture"/> is called (to clone them) only
    /// when they enter. Returns their 1-based rank, or 0 when they were not kept.
    /// </summary>
    public int Offer(double score, Func<ModelSnapshot> capture, Architecture? architecture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (!WouldKeep(score)) return 0;
        int index = _entries.FindIndex(e => score > e.Score);
        if (index < 0) index = _entries.Count;
        _entries.Insert(index, new TopEntry(score, capture(), architecture, _nextVersion++));
        if (_entries.Count > Capacity)
        {
            _entries[^1].Snapshot.Dispose();
            _entries.RemoveAt(_entries.Count - 1);
        }
        return index + 1;
    }

    /// <summary>
    /// Brings the <c>top*</c> files in <paramref name="store"/> up to date: an entry already on disk whose rank changed
    /// is renamed to its new rank (a rename, not a rewrite: a new best costs one file write, not k), a new entry is
    /// written (metadata from <paramref name="metadata"/> with the entry's architecture and score), and files of ranks
    /// no longer held are deleted.
    /// </summary>
    public void Save(CheckpointStore store, CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rankOf = _saved.ToDictionary(kv => kv.Value, kv => kv.Key);   // version → rank of its file
        var saved = new Dictionary<int, long>();
        // Entries only move down (to larger ranks) or drop out, so going from the last rank up, the file a move reads
        // from has not been touched yet and the file it replaces belongs to an entry already placed or dropped.
        for (int rank = _entries.Count; rank >= 1; rank--)
        {
            var e = _entries[rank - 1];
            if (rankOf.TryGetValue(e.Version, out int from) && store.Exists(NameOf(from)))
            {
                if (from != rank) File.Move(store.PathOf(NameOf(from)), store.PathOf(NameOf(rank)), overwrite: true);
            }
            else
            {
                store.Save(NameOf(rank), metadata with { Architecture = e.Architecture, ValidationNauc = e.Score }, null, e.Snapshot);
            }
            saved[rank] = e.Version;
        }
        int highest = Math.Max(Capacity, _saved.Count == 0 ? 0 : _saved.Keys.Max());
        for (int rank = _entries.Count + 1; rank <= highest; rank++)
            if (store.Exists(NameOf(rank))) File.Delete(store.PathOf(NameOf(rank)));
        _saved.Clear();
        foreach (var (rank, version) in saved) _saved[rank] = version;
    }

    /// <summary>Replaces the entries with the <c>top*</c> checkpoints in <paramref name="store"/> (at most
    /// <see cref="Capacity"/>, in rank order; a rank without a score is skipped).</summary>
    /// <exception cref="InvalidDataException">A file is damaged; the message names it.</exception>
    public void Load(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Clear();
        for (int rank = 1; rank <= Capacity && store.Exists(NameOf(rank)); rank++)
        {
            var checkpoint = store.Load(NameOf(rank));
            if (checkpoint.Metadata.ValidationNauc is not double score)
            {
                checkpoint.Dispose();
                continue;
            }
            var entry = new TopEntry(score, checkpoint.State, checkpoint.Metadata.Architecture, _nextVersion++);
            _entries.Add(entry);
            _saved[rank] = entry.Version;
        }
    }

    /// <summary>Forgets every entry (disposing its snapshot), e.g. when the network they belong to is replaced; the next
    /// <see cref="Save"/> deletes their files.</summary>
    public void Clear()
    {
        foreach (var e in _entries) e.Snapshot.Dispose();
        _entries.Clear();
        _saved.Clear();
    }

    public void Dispose() => Clear();
}
