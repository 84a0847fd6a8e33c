using System.Globalization;
using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Prediction;
using AutoVision.Scoring;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Tests;

/// <summary>
/// A small elongated dataset (about 64 wide, 16 high: a bright block in the left, middle or right third of a noisy
/// strip; widths 64 and 66, so that the metadata's sizes are variable and the learner scans the headers), trained for
/// two probes and one fine-tuning round at the aspect-keeping shapes and checkpointed once for the tests below.
/// </summary>
public sealed class TrainedStrips : IDisposable
{
    public static readonly string[] Classes = ["left", "middle", "right"];
    public const int TrainCount = 96, TestCount = 24;

    public TrainedStrips()
    {
        Root = TestPaths.NewTempDir();
        var rng = new Random(7);
        var rows = new List<string> { "path,label,split" };
        Solution = new double[TestCount, Classes.Length];
        var testFiles = new List<string>();
        for (int i = 0; i < TrainCount + TestCount; i++)
        {
            bool isTest = i >= TrainCount;
            int label = rng.Next(Classes.Length);
            int width = i % 2 == 0 ? 64 : 66, height = 16;
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    byte v = (byte)rng.Next(30, 90);
                    bitmap.SetPixel(x, y, new SKColor(v, (byte)(v / 2), (byte)(255 - v)));
                }
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { Color = new SKColor(240, 230, (byte)rng.Next(100, 200)) })
                canvas.DrawRect((label * width / 3) + rng.Next(0, 6), rng.Next(0, 4), 14, 10, paint);
            string name = Path.Combine(Root, $"strip_{i:D3}.png");
            using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)) File.WriteAllBytes(name, data.ToArray());
            rows.Add($"{Path.GetFileName(name)},{Classes[label]},{(isTest ? "test" : "train")}");
            if (isTest)
            {
                Solution[i - TrainCount, label] = 1;
                testFiles.Add(name);
            }
        }
        TestFiles = testFiles;
        File.WriteAllLines(Path.Combine(Root, "manifest.csv"), rows);
        var written = AutoDLWriter.Write(DatasetSources.Open(Path.Combine(Root, "manifest.csv")), Path.Combine(Root, "autodl"), "strips");
        Dataset = AutoDLDataset.Open(written.DatasetDir);

        Folder = Path.Combine(Root, "checkpoints");
        using var learner = new TransferLearner(Dataset.TrainMetadata, Options, NullLogger<TransferLearner>.Instance);
        for (int r = 0; r < 3; r++)
        {
            learner.Train(Dataset, TimeSpan.FromSeconds(30), CancellationToken.None);
            Prediction = learner.Test(Dataset, TimeSpan.FromSeconds(30), CancellationToken.None)!;
        }
        ProbeShape = learner.ProbeShape;
        Shape = learner.Shape;
        Steps = learner.Steps;
        learner.SaveCheckpoint(Folder, 2);
    }

    public static LearnerOptions Options { get; } = new() { Device = "cpu", Seed = 3, ValidationFraction = 0.2 };

    public string Root { get; }

    public AutoDLDataset Dataset { get; }

    /// <summary>The test images as PNG files, in test-row order.</summary>
    public IReadOnlyList<string> TestFiles { get; }

    public double[,] Solution { get; }

    /// <summary>The checkpoint folder (best.ckpt and last.ckpt).</summary>
    public string Folder { get; }

    /// <summary>The learner's last handed-in prediction.</summary>
    public float[,] Prediction { get; } = new float[0, 0];

    public InputShape ProbeShape { get; }

    public InputShape Shape { get; }

    public long Steps { get; }

    /// <summary>The checkpointed model's probabilities for the test split cached at <paramref name="shape"/>, computed directly.</summary>
    public float[,] ModelPrediction(InputShape shape) => CheckpointPrediction.Of(Folder, Dataset, shape);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class ElongatedLearnerTests(TrainedStrips trained) : IClassFixture<TrainedStrips>
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(30);

    [Fact]
    public void Learner_ElongatedImages_KeepTheAspectRatioAndLearn()
    {
        Assert.Equal(-1, trained.Dataset.TrainMetadata.Matrix.ColCount);   // variable widths: the headers were scanned
        // Typical size 64 or 65 wide, 16 high (aspect 4): 128 x 32 for fine-tuning, 64 x 16 for the first probe.
        Assert.Equal(new InputShape(32, 128), trained.Shape);
        Assert.Equal(new InputShape(16, 64), trained.ProbeShape);
        Assert.True(trained.Steps > 0, "the learner never fine-tuned");
        Assert.Equal(TrainedStrips.TestCount, trained.Prediction.GetLength(0));
        Assert.Equal(TrainedStrips.Classes.Length, trained.Prediction.GetLength(1));
        var p = new double[TrainedStrips.TestCount, TrainedStrips.Classes.Length];
        for (int i = 0; i < p.GetLength(0); i++) for (int c = 0; c < p.GetLength(1); c++) p[i, c] = trained.Prediction[i, c];
        double nauc = Metrics.Nauc(trained.Solution, p);
        Assert.True(nauc > 0.8, $"test NAUC {nauc:F3}: where the bright block lies should be learned well above chance (0)");
    }

    [Fact]
    public void Checkpoint_RecordsTheInputHeightAndWidth()
    {
        using var model = TrainedModel.Load(trained.Folder);
        var m = model.Metadata;
        Assert.Equal(64, m.InputSize);
        Assert.Equal((32, 128), (m.InputHeight, m.InputWidth));
        Assert.Equal((32, 128), m.InputShape());
    }

    [Fact]
    public void Predict_ElongatedModel_GivesTheModelsProbabilitiesAtItsShape()
    {
        string csvPath = Path.Combine(TestPaths.NewTempDir(), "predictions.csv");

        var outcome = new PredictJob(NullLogger<PredictJob>.Instance).Run(trained.Folder, trained.TestFiles, csvPath, "cpu", CancellationToken.None);

        Assert.Equal(TrainedStrips.TestCount, outcome.Rows);
        Assert.Equal(0, outcome.Failed);
        var lines = File.ReadAllLines(csvPath);
        Assert.Equal(TrainedStrips.TestCount + 1, lines.Length);
        var expected = trained.ModelPrediction(trained.Shape);
        var square = trained.ModelPrediction(InputShape.Square(64));
        double largestSquareDifference = 0;
        for (int row = 0; row < TrainedStrips.TestCount; row++)
        {
            var fields = lines[row + 1].Split(',');
            Assert.Equal(trained.TestFiles[row], fields[0]);
            var probabilities = fields.Skip(2).Take(3).Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[row, c], probabilities[c], 5);
                largestSquareDifference = Math.Max(largestSquareDifference, Math.Abs(square[row, c] - probabilities[c]));
            }
        }
        // The shape matters: the same images squeezed into 64 x 64 give other probabilities.
        Assert.True(largestSquareDifference > 1e-3, $"square inputs gave the same probabilities (largest difference {largestSquareDifference:G3})");
        Directory.Delete(Path.GetDirectoryName(csvPath)!, recursive: true);
    }

    [Fact]
    public void Restore_ElongatedCheckpoint_ContinuesAtItsShape()
    {
        string folder = CopyCheckpoints();
        using var resumed = new TransferLearner(trained.Dataset.TrainMetadata, TrainedStrips.Options, NullLogger<TransferLearner>.Instance);

        resumed.Restore(folder);
        resumed.Train(trained.Dataset, Remaining, CancellationToken.None);

        Assert.Equal(new InputShape(32, 128), resumed.Shape);
        Assert.True(resumed.Steps > trained.Steps, "the resumed learner did not fine-tune");
        Assert.NotNull(resumed.Test(trained.Dataset, Remaining, CancellationToken.None));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Restore_ElongatedCheckpointIntoASquareLearner_IsRefusedNamingTheCheckpointAndTheShapes()
    {
        string folder = CopyCheckpoints();
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, TrainedStrips.Options with { KeepAspect = InputShapeRule.Off },
            NullLogger<TransferLearner>.Instance);

        var ex = Assert.Throws<InvalidDataException>(() => learner.Restore(folder));

        Assert.Contains(Path.Combine(folder, "last.ckpt"), ex.Message);
        Assert.Contains("128x32px", ex.Message);
        Assert.Contains("keepAspect off", ex.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void WarmStart_ElongatedModelOnItsOwnData_HandsInItsPredictionAtItsShape()
    {
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, TrainedStrips.Options with { TestTimeFlip = false },
            NullLogger<TransferLearner>.Instance);

        Assert.Equal(WarmStartKind.Whole, learner.WarmStart(trained.Folder));
        learner.Train(trained.Dataset, Remaining, CancellationToken.None);
        var first = learner.Test(trained.Dataset, Remaining, CancellationToken.None)!;

        var expected = trained.ModelPrediction(trained.Shape);
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int c = 0; c < expected.GetLength(1); c++)
                Assert.Equal(expected[i, c], first[i, c], 5);
    }

    private string CopyCheckpoints()
    {
        string folder = TestPaths.NewTempDir();
        foreach (var file in Directory.GetFiles(trained.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }
}
