using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Checkpoints;

/// <summary>
/// The checkpoints of a run in one folder (<c>&lt;output&gt;/checkpoints/</c>): <c>last.ckpt</c> (the model as it is
/// now) and <c>best.ckpt</c> (the model whose predictions are handed in). A checkpoint is written to a temporary
/// file in the same folder, flushed to disk and renamed over the old one, so a kill at any instant leaves the
/// previous checkpoint or the new one, never a partial file.
/// </summary>
/// <remarks>
/// File layout (little-endian): magic <c>AVCKPT01</c>; metadata as UTF-8 JSON (length-prefixed); the best
/// prediction (int32 rows, int32 columns, floats; rows = -1 when none); int32 tensor count, then per tensor its
/// state_dict name, int32 scalar type, int32 rank, int64 dimensions, int64 byte count and the raw bytes.
/// </remarks>
public sealed class CheckpointStore
{
    public const string LastName = "last";
    public const string BestName = "best";
    private const string Extension = ".ckpt";
    private static readonly byte[] Magic = "AVCKPT01"u8.ToArray();

    public CheckpointStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = folder;
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name + Extension);

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>Writes checkpoint <paramref name="name"/> atomically; returns its path.</summary>
    public string Save(string name, CheckpointMetadata metadata, float[,]? bestPrediction, ModelSnapshot state)
    {
        Directory.CreateDirectory(Folder);
        string target = PathOf(name);
        string temp = Path.Combine(Folder, $"temp_{name}_{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) Write(writer, metadata, bestPrediction, state);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
            return target;
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Reads the checkpoint file at <paramref name="path"/> (a <c>.ckpt</c> file of any store).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a whole checkpoint; the message names it.</exception>
    public static Checkpoint LoadFile(string path) =>
        new CheckpointStore(Path.GetDirectoryName(Path.GetFullPath(path))!).Load(Path.GetFileNameWithoutExtension(path));

    /// <summary>Reads checkpoint <paramref name="name"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such checkpoint.</exception>
    /// <exception cref="InvalidDataException">The file is not a whole checkpoint; the message names it.</exception>
    public Checkpoint Load(string name)
    {
        string path = PathOf(name);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            return Read(reader);
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is not a whole checkpoint: {ex.Message}", ex);
        }
    }

    private static void Write(BinaryWriter w, CheckpointMetadata metadata, float[,]? prediction, ModelSnapshot state)
    {
        w.Write(Magic);
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata);
        w.Write(json.Length);
        w.Write(json);
        if (prediction is null)
        {
            w.Write(-1);
            w.Write(0);
        }
        else
        {
            w.Write(prediction.GetLength(0));
            w.Write(prediction.GetLength(1));
            var bytes = new byte[prediction.Length * sizeof(float)];
            Buffer.BlockCopy(prediction, 0, bytes, 0, bytes.Length);
            w.Write(bytes);
        }
        w.Write(state.Tensors.Count);
        foreach (var (name, value) in state.Tensors)
        {
            w.Write(name);
            w.Write((int)value.dtype);
            w.Write(value.shape.Length);
            foreach (var d in value.shape) w.Write(d);
            var data = value.bytes;
            w.Write((long)data.Length);
            w.Write(data);
        }
    }

    private static Checkpoint Read(BinaryReader r)
    {
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("the file does not start with the checkpoint magic AVCKPT01");
        var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(r.ReadBytes(Checked(r.ReadInt32())))
            ?? throw new InvalidDataException("the metadata is null");
        int rows = r.ReadInt32(), columns = r.ReadInt32();
        float[,]? prediction = null;
        if (rows >= 0)
        {
            prediction = new float[rows, Checked(columns)];
            var bytes = ReadExactly(r, (long)rows * columns * sizeof(float));
            Buffer.BlockCopy(bytes, 0, prediction, 0, bytes.Length);
        }
        int count = Checked(r.ReadInt32());
        var tensors = new List<(string, Tensor)>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                var type = (ScalarType)r.ReadInt32();
                var shape = new long[Checked(r.ReadInt32())];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var data = ReadExactly(r, r.ReadInt64());
                var t = empty(shape, type, CPU).DetachFromDisposeScope();
                tensors.Add((name, t));
                if (t.NumberOfElements * t.ElementSize != data.Length)
                    throw new InvalidDataException($"tensor '{name}' has {data.Length} bytes, expected {t.NumberOfElements * t.ElementSize}");
                t.bytes = data;
            }
        }
        catch
        {
            foreach (var (_, t) in tensors) t.Dispose();
            throw;
        }
        return new Checkpoint(metadata, prediction, ModelSnapshot.FromTensors(tensors));
    }

    private static int Checked(int n) => n >= 0 ? n : throw new InvalidDataException($"negative length {n}");

    private static byte[] ReadExactly(BinaryReader r, long n)
    {
        if (n < 0 || n > int.MaxValue) throw new InvalidDataException($"bad length {n}");
        var bytes = r.ReadBytes((int)n);
        if (bytes.Length != n) throw new EndOfStreamException($"expected {n} bytes, the file ends after {bytes.Length}");
        return bytes;
    }
}
