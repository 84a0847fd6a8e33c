using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace AutoVision.Runner.Tests;

/// <summary>
/// The learner on multi-label data: synthetic 32×32 photos-like images with a bright square in some of their four
/// corners, one label per corner that has one (0 to 4 labels per image), written as a CSV manifest with 'a|b' label
/// lists and converted to the AutoDL format as <c>run</c> does.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class MultiLabelLearnerTests
{
    private static readonly string[] Corners = ["top_left", "top_right", "bottom_left", "bottom_right"];

    private static (string DatasetDir, double[,] TestSolution) MakeDataset(int train, int test, int seed)
    {
        string root = TestPaths.NewTempDir();
        var rng = new Random(seed);
        var rows = new List<string> { "path,label,split" };
        var solution = new double[test, Corners.Length];
        for (int i = 0; i < train + test; i++)
        {
            bool isTest = i >= train;
            var present = Enumerable.Range(0, Corners.Length).Where(_ => rng.NextDouble() < 0.4).ToArray();
            if (present.Length == 0) present = [rng.Next(Corners.Length)];   // the manifest needs a label per training row
            using var bitmap = new SKBitmap(32, 32, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor((byte)rng.Next(20, 90), (byte)rng.Next(20, 90), (byte)rng.Next(20, 90)));
                using var paint = new SKPaint { Color = new SKColor(240, 240, (byte)rng.Next(150, 255)) };
                foreach (int c in present)
                {
                    int x = c % 2 == 0 ? 2 : 18, y = c < 2 ? 2 : 18;
                    canvas.DrawRect(x + rng.Next(0, 3), y + rng.Next(0, 3), 10, 10, paint);
                }
            }
            string name = $"img_{i:D4}.png";
            using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)) File.WriteAllBytes(Path.Combine(root, name), data.ToArray());
            rows.Add($"{name},{string.Join("|", present.Select(c => Corners[c]))},{(isTest ? "test" : "train")}");
            if (isTest) foreach (int c in present) solution[i - train, Array.IndexOf(Corners.Order(StringComparer.Ordinal).ToArray(), Corners[c])] = 1;
        }
        File.WriteAllLines(Path.Combine(root, "manifest.csv"), rows);
        var written = AutoDLWriter.Write(DatasetSources.Open(Path.Combine(root, "manifest.csv")), Path.Combine(root, "autodl"), "corners");
        return (written.DatasetDir, solution);
    }

    [Fact]
    public void Learner_MultiLabelCorners_PredictsIndependentLabelsWellAboveChance()
    {
        var (dir, solution) = MakeDataset(train: 240, test: 60, seed: 11);
        var dataset = AutoDLDataset.Open(dir);
        using var learner = new TransferLearner(dataset.TrainMetadata, new LearnerOptions { Device = "cpu", Seed = 2 }, NullLogger<TransferLearner>.Instance);

        float[,]? prediction = null;
        for (int round = 0; round < 4; round++)
        {
            learner.Train(dataset, TimeSpan.FromSeconds(40), CancellationToken.None);
            prediction = learner.Test(dataset, TimeSpan.FromSeconds(40), CancellationToken.None);
        }

        Assert.NotNull(prediction);
        Assert.Equal(60, prediction!.GetLength(0));
        Assert.Equal(4, prediction.GetLength(1));
        // Per-class sigmoids, not a softmax: rows with several corners lit have probabilities summing well above 1.
        double maxRowSum = Enumerable.Range(0, 60).Max(i => Enumerable.Range(0, 4).Sum(c => (double)prediction[i, c]));
        Assert.True(maxRowSum > 1.5, $"largest row sum {maxRowSum:F2}: the outputs look like a softmax");
        var p = new double[60, 4];
        for (int i = 0; i < 60; i++) for (int c = 0; c < 4; c++) p[i, c] = prediction[i, c];
        double nauc = Metrics.Nauc(solution, p);
        Assert.True(nauc > 0.8, $"test NAUC {nauc:F3}: four independent corner labels should be learned well above chance (0)");
        Assert.True(learner.Steps > 0, "the learner never fine-tuned");
    }
}
