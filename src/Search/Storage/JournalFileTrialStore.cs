using System.Text;
using System.Text.Json;

namespace AutoVision.Search;

/// <summary>
/// Keeps trials in an append-only journal of JSON lines, so that a study resumes after a crash and several processes
/// on one machine can share it. The first line names the format; every later line is one write —
/// <c>{"op":"create","trial":{…}}</c> or <c>{"op":"save","trial":{…}}</c> with the whole trial as written — and
/// replaying the lines in order gives the trials.
/// <para>
/// Writes: each takes an exclusive lock on a lock file beside the journal (<c>&lt;path&gt;.lock</c>, opened with
/// <see cref="FileShare.None"/>, which .NET maps to <c>flock</c> on Unix — so it holds between processes and between
/// two stores on one path in one process), reads what other writers appended since (so numbers and claims of waiting
/// trials are decided on the latest state), appends one line and fsyncs it before releasing the lock.
/// Reads (<see cref="GetTrials"/>) take no lock: they replay only complete lines, so a line being written is never
/// half-read.
/// </para>
/// <para>
/// A kill in the middle of a write leaves a last line without its newline. Whoever next holds the lock (a store
/// opening the journal, or the next writer) drops that torn line, with a warning, before going on: the write it held
/// is lost, nothing before it. A complete line that cannot be read is an error that names the file and line.
/// </para>
/// </summary>
public sealed class JournalFileTrialStore : ITrialStore
{
    public const string Format = "autovision.search.journal";
    public const int Version = 1;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes($"{{\"format\":\"{Format}\",\"version\":{Version}}}\n");

    private readonly object _gate = new();
    private readonly Action<string> _warn;
    private readonly TimeSpan _lockTimeout;
    private TrialLedger _ledger = TrialLedger.Empty;
    private long _offset;   // bytes of the journal replayed so far; always at a line start
    private int _lines;     // lines replayed so far, the header included

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and replays it.</summary>
    /// <param name="path">The journal file; its folder is created if missing.</param>
    /// <param name="warn">Where warnings go (a torn last line dropped); default: standard error.</param>
    /// <param name="lockTimeout">How long a write waits for the lock before giving up; default 2 minutes.</param>
    /// <exception cref="InvalidDataException">A complete line of the journal cannot be read; the message names the
    /// file, the line and what is wrong.</exception>
    public JournalFileTrialStore(string path, Action<string>? warn = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        LockPath = Path + ".lock";
        _warn = warn ?? (message => Console.Error.WriteLine(message));
        _lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(2);
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        lock (_gate)
        {
            using var _ = AcquireFileLock();
            CatchUp(underLock: true);
        }
    }

    public string Path { get; }
    public string LockPath { get; }

    public FrozenTrial CreateTrial(FrozenTrial template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Write(ledger =>
        {
            var (next, created) = ledger.Create(template);
            return (next, created, "create");
        })!;
    }

    public void SaveTrial(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        Write(ledger => (ledger.Save(trial), trial, "save"));
    }

    public FrozenTrial? ClaimWaitingTrial(DateTimeOffset startTime) =>
        Write(ledger =>
        {
            var (next, claimed) = ledger.ClaimWaiting(startTime);
            return (next, claimed, "save");
        });

    public IReadOnlyList<FrozenTrial> GetTrials()
    {
        lock (_gate)
        {
            CatchUp(underLock: false);
            return _ledger.Trials;
        }
    }

    /// <summary>Under the lock: catch up with the journal, compute the change, append it, fsync.</summary>
    private FrozenTrial? Write(Func<TrialLedger, (TrialLedger Next, FrozenTrial? Written, string Op)> change)
    {
        lock (_gate)
        {
            using var _ = AcquireFileLock();
            CatchUp(underLock: true);
            var (next, written, op) = change(_ledger);
            if (written is null) return null;
            byte[] line = Line(op, written);
            using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.Seek(_offset, SeekOrigin.Begin);
                stream.Write(line);
                stream.Flush(flushToDisk: true);
            }
            _offset += line.Length;
            _lines++;
            _ledger = next;
            return written;
        }
    }

    private static byte[] Line(string op, FrozenTrial trial)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("op", op);
            w.WritePropertyName("trial");
            TrialJson.WriteTrial(w, trial);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// Replays the complete lines appended since the last call. Under the lock, bytes after the last newline are a
    /// torn write (no one else is writing): they are dropped with a warning, and an empty journal gets its header.
    /// Without the lock they may be a write in progress and are left alone.
    /// </summary>
    private void CatchUp(bool underLock)
    {
        byte[] tail;
        using (var stream = new FileStream(Path, underLock ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (stream.Length < _offset)
                throw new InvalidDataException($"Journal '{Path}' is shorter ({stream.Length} bytes) than the {_offset} bytes already read from it: it was truncated or replaced by something other than a journal store.");
            if (stream.Length == _offset && !(underLock && _offset == 0)) return;
            stream.Seek(_offset, SeekOrigin.Begin);
            tail = new byte[stream.Length - _offset];
            stream.ReadExactly(tail);
        }

        int consumed = 0;
        while (true)
        {
            int newline = Array.IndexOf(tail, (byte)'\n', consumed);
            if (newline < 0) break;
            Apply(tail.AsSpan(consumed, newline - consumed), _lines + 1);
            _lines++;
            consumed = newline + 1;
        }
        _offset += consumed;

        if (!underLock) return;
        if (consumed < tail.Length)
        {
            _warn($"Journal '{Path}': line {_lines + 1} is incomplete ({tail.Length - consumed} bytes without a newline, a write cut short); it is dropped.");
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.SetLength(_offset);
            stream.Flush(flushToDisk: true);
        }
        if (_offset == 0)
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.Write(Header);
            stream.Flush(flushToDisk: true);
            _offset = Header.Length;
            _lines = 1;
        }
    }

    private void Apply(ReadOnlySpan<byte> line, int lineNumber)
    {
        string where = $"Journal '{Path}', line {lineNumber}";
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (lineNumber == 1)
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
                    throw new FormatException($"the first line is not a journal header {{\"format\":\"{Format}\",…}}.");
                int version = TrialJson.Required(root, "version", "$").GetInt32();
                if (version != Version) throw new FormatException($"$.version is {version}; this reader knows version {Version}.");
                return;
            }
            string op = TrialJson.Required(root, "op", "$").GetString() ?? "";
            var trial = TrialJson.ReadTrial(TrialJson.Required(root, "trial", "$"), "$.trial");
            switch (op)
            {
                case "create":
                    if (trial.Number != _ledger.Trials.Count)
                        throw new FormatException($"$.trial.number is {trial.Number}; the next trial is number {_ledger.Trials.Count}.");
                    _ledger = _ledger.Create(trial).Next;
                    break;
                case "save":
                    _ledger = _ledger.Save(trial);
                    break;
                default:
                    throw new FormatException($"$.op \"{op}\" is not create or save.");
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new InvalidDataException($"{where} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The exclusive lock on <see cref="LockPath"/>, waited for with a short back-off.</summary>
    private FileStream AcquireFileLock()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int pause = 1;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (waited.Elapsed > _lockTimeout)
                    throw new IOException($"Journal lock '{LockPath}' is still held by another writer after {_lockTimeout.TotalSeconds:F0} s.", ex);
                Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 20);
            }
        }
    }
}
