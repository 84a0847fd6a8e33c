using System.Diagnostics;
using System.Globalization;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Loading;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

// Data benchmark. Commands (bench/data/run.sh runs them all, each in its own process):
//   prepare <work> <fashion.tfrecord> <sign-language-dir>   makes the benchmark datasets under <work>
//   cache <work> <dataset> <size> [capMiB]                  decode+cache throughput and peak RSS (VmHWM)
//   loader <work> <dataset> <size> <batches>                loader throughput (batches of 32, nothing else running)
//   train <size> <steps>                                    ResNet18 fine-tuning steps of 32 at size x size
//   feed <work> <dataset> <size> <steps>                    training fed by the loader: how often it waited
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
return args.FirstOrDefault() switch
{
    "prepare" => Bench.Prepare(args[1], args[2], args[3]),
    "cache" => Bench.Cache(args[1], args[2], int.Parse(args[3]), args.Length > 4 ? long.Parse(args[4]) : null),
    "loader" => Bench.Loader(args[1], args[2], int.Parse(args[3]), int.Parse(args[4])),
    "train" => Bench.Train(int.Parse(args[1]), int.Parse(args[2])),
    "feed" => Bench.Feed(args[1], args[2], int.Parse(args[3]), int.Parse(args[4])),
    _ => Bench.Usage(),
};

internal static class Bench
{
    private const int Batch = 32;

    public static int Usage()
    {
        Console.Error.WriteLine("usage: DataBench prepare|cache|loader|train|feed ... (see bench/data/run.sh)");
        return 2;
    }

    /// <summary>png28: 5000 Fashion-MNIST 28x28 grey PNG records (the sample's 2000, cycled); jpeg32: 5000 32x32 RGB
    /// JPEGs (sign-language photos reduced, cycled); large: 120 JPEGs of 1000-3024 px a side (sign-language photos
    /// enlarged to random sizes, seed 0).</summary>
    public static int Prepare(string work, string fashionRecords, string signLanguage)
    {
        byte[][] fashion = TFRecordReader.ReadRecords(fashionRecords).ToArray();
        Write(work, "png28", Enumerable.Range(0, 5000).Select(i => fashion[i % fashion.Length]), 5000, 28, 28, 1);

        string[] photos = Directory.GetFiles(Path.Combine(signLanguage, "train"), "*.JPG", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var small = photos.Take(500).Select((p, i) => Record(i, i % 10, Jpeg(p, 32, 32, 90))).ToArray();
        Write(work, "jpeg32", Enumerable.Range(0, 5000).Select(i => small[i % small.Length]), 5000, 32, 32, 3);

        var random = new Random(0);
        var sizes = Enumerable.Range(0, 120).Select(_ => (W: random.Next(1000, 3025), H: random.Next(1000, 3025))).ToArray();
        var large = new byte[sizes.Length][];
        Parallel.For(0, sizes.Length, i => large[i] = Record(i, i % 10, Jpeg(photos[i * 7 % photos.Length], sizes[i].W, sizes[i].H, 90)));
        Write(work, "large", large, large.Length, -1, -1, 3);
        long bytes = Directory.GetFiles(work, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"prepared png28 (5000), jpeg32 (5000), large (120, {sizes.Min(s => Math.Min(s.W, s.H))}-{sizes.Max(s => Math.Max(s.W, s.H))} px) in {work}: {bytes >> 20} MiB");
        return 0;
    }

    public static int Cache(string work, string name, int size, long? capMiB)
    {
        var dataset = AutoDLDataset.Open(Path.Combine(work, name));
        WarmUp(dataset, size);
        long before = VmHwmKiB();
        var memory = new CacheMemory(capMiB is long cap ? cap << 20 : CacheMemory.DefaultCapBytes);
        var sw = Stopwatch.StartNew();
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), size, memory);
        double seconds = sw.Elapsed.TotalSeconds;
        // Read every row back once (as training would), so that the peak includes reading from the overflow file.
        var floats = new float[cache.ImageBytes];
        var scratch = new byte[cache.ImageBytes];
        for (int row = 0; row < cache.Count; row++) cache.CopyFloats(row, floats, scratch);
        long after = VmHwmKiB();
        Console.WriteLine($"cache {name} at {size}px: {cache.Count} images in {seconds:F2} s = {cache.Count / seconds:F0} images/s; " +
            $"cache {(long)cache.Count * cache.ImageBytes >> 20} MiB ({cache.MemoryBytes >> 20} MiB in memory, {cache.DiskBytes >> 20} MiB on disk), cap {(capMiB is null ? "default 4096" : capMiB.ToString())} MiB; " +
            $"VmHWM {before >> 10} MiB before, {after >> 10} MiB after (+{(after - before) >> 10} MiB); skipped {cache.Skipped.Count}");
        return 0;
    }

    public static int Loader(string work, string name, int size, int batches)
    {
        var dataset = AutoDLDataset.Open(Path.Combine(work, name));
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), size, new CacheMemory());
        using var loader = new BatchLoader(cache, Enumerable.Range(0, cache.Count).ToArray(), Batch, seed: 0);
        for (int i = 0; i < 20; i++) loader.Next()!.Dispose();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) loader.Next()!.Dispose();
        double seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"loader {name} at {size}px: {batches} batches of {Batch} in {seconds:F2} s = {batches / seconds:F0} batches/s = {batches * Batch / seconds:F0} images/s");
        return 0;
    }

    public static int Train(int size, int steps)
    {
        using var model = Model(10);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, nesterov: true);
        using var x = rand(Batch, 3, size, size);
        using var y = zeros(Batch, 10);
        y[.., 0] = 1;
        for (int i = 0; i < 2; i++) Step(model, optimizer, x, y);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step(model, optimizer, x, y);
        double seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"train at {size}px: {steps} SGD steps of {Batch} in {seconds:F2} s = {steps / seconds:F2} steps/s = {steps * Batch / seconds:F1} images/s (torch threads {get_num_threads()})");
        return 0;
    }

    public static int Feed(string work, string name, int size, int steps)
    {
        var dataset = AutoDLDataset.Open(Path.Combine(work, name));
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), size, new CacheMemory());
        using var model = Model(10);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, nesterov: true);
        using var loader = new BatchLoader(cache, Enumerable.Range(0, cache.Count).ToArray(), Batch, seed: 0);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            using Batch batch = loader.Next()!;
            var x = tensor(batch.Pixels, new long[] { Batch, cache.Channels, size, size });
            if (cache.Channels == 1) x = x.expand(Batch, 3, size, size);
            var y = zeros(Batch, 10);
            for (int k = 0; k < Batch; k++) y[k, cache.LabelIndex[batch.Rows[k]][0]] = 1;
            Step(model, optimizer, x, y);
        }
        Console.WriteLine($"feed {name} at {size}px: {steps} training steps in {sw.Elapsed.TotalSeconds:F1} s; the step waited for the loader {loader.Waits} times after the first batch ({loader.WaitTime.TotalMilliseconds:F1} ms in all)");
        return 0;
    }

    private static ImageClassifier Model(int classes)
    {
        TorchRuntime.EnsureLoaded();
        var backbone = PretrainedResNet18.Load();
        backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
        var model = new ImageClassifier(backbone, classes);
        model.train();
        return model;
    }

    private static void Step(ImageClassifier model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = LinearProbe.Loss(model.call(x), y, multiLabel: false);
        loss.backward();
        optimizer.step();
    }

    /// <summary>Loads Skia and the JIT on the first 64 records before measuring, so that start-up is not counted.</summary>
    private static void WarmUp(AutoDLDataset dataset, int size)
    {
        using var cache = ImageCache.Build(new FirstRecords(AutoDLCacheSource.Train(dataset), 64), size, new CacheMemory());
    }

    private static long VmHwmKiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return -1;
    }

    private static byte[] Jpeg(string path, int width, int height, int quality)
    {
        using var source = SKBitmap.Decode(path);
        using var resized = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var data = resized.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    private static byte[] Record(long id, int label, byte[] frame) => SequenceExampleWriter.Compressed(id, [label], [1f], [frame]);

    private static void Write(string work, string name, IEnumerable<byte[]> train, int count, int rows, int cols, int channels)
    {
        string data = Path.Combine(work, name, name + ".data");
        foreach (var (split, records, n) in new[] { ("train", train, count), ("test", train.Take(1), 1) })
        {
            string dir = Path.Combine(data, split);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "metadata.textproto"),
                $"is_sequence: false sample_count: {n} sequence_size: 1 output_dim: 10 matrix_spec {{ col_count: {cols} row_count: {rows} num_channels: {channels} format: COMPRESSED }}");
            using var stream = File.Create(Path.Combine(dir, $"sample-{name}-{split}.tfrecord"));
            // The one test record is the first training record: readers never read labels from test records.
            foreach (byte[] record in records) TFRecordWriter.WriteRecord(stream, record);
        }
    }

    private sealed class FirstRecords(ICacheSource inner, int count) : ICacheSource
    {
        public string Description => inner.Description;
        public int Channels => inner.Channels;
        public bool IsTest => inner.IsTest;
        public int? CountHint => count;
        public IEnumerable<PendingImage> Read() => inner.Read().Take(count);
    }
}
