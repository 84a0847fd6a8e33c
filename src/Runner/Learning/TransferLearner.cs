using System.Diagnostics;
using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Policies;
using AutoVision.Runner.Ingestion;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>
/// The learner: an ImageNet-pretrained ResNet18 adapted to the task against the clock.
/// <list type="number">
/// <item>Round 0 fits a linear probe on frozen features at a small input size: the first prediction within seconds.</item>
/// <item>Round 1 refits the probe at the fine-tuning input size (a better head to start fine-tuning from).</item>
/// <item>Every later round fine-tunes the whole network (SGD, Nesterov momentum, frozen BatchNorm statistics,
/// gradient clipping, flip-and-shift augmentation) for as long as the <see cref="RoundPlanner"/> allows, measured
/// step by step.</item>
/// </list>
/// A held-out validation split decides which model's predictions are handed in: a round that does not improve
/// validation NAUC hands in the previous best prediction again, and after <see cref="LearnerOptions.Patience"/>
/// such rounds the learning rate is halved.
/// </summary>
public sealed class TransferLearner : ILearner
{
    private readonly LearnerOptions _options;
    private readonly ILogger _log;
    private readonly Device _device;
    private readonly Random _rng;
    private readonly ImageClassifier _model;
    private readonly CostMeter _inferenceCost = new();
    private readonly CostMeter _stepCost = new();
    private readonly IAugmentation _augmentation = new FlipAndShift();
    private readonly Validation _validation = new();

    private RoundPlanner? _planner;
    private TimeSpan _total;
    private LearnerData? _data;
    private optim.Optimizer? _optimizer;
    private double _learningRate;
    private int _round;
    private long _steps;
    private int _roundsWithoutGain;
    private float[,]? _pendingPrediction;
    private float[,]? _bestPrediction;
    private bool _currentIsBest;

    public TransferLearner(DataSpecification trainMetadata, LearnerOptions options, ILogger<TransferLearner> log)
    {
        _options = options;
        _log = log;
        TorchRuntime.EnsureLoaded();
        _device = TorchRuntime.ResolveDevice(options.Device);
        torch.manual_seed(options.Seed);
        _rng = new Random(options.Seed);
        Classes = trainMetadata.OutputDim;
        Channels = trainMetadata.Channels;
        var backbone = PretrainedResNet18.Load(options.WeightsPath);
        backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
        _model = new ImageClassifier(backbone, Classes);
        _model.to(_device);
        _learningRate = options.LearningRate;
        _log.LogInformation(LogEvents.LearnerReady, "Pretrained ResNet18 loaded on {Device}; {Classes} classes, {Channels} channel(s)",
            _device.type, Classes, Channels);
    }

    public int Classes { get; }
    public int Channels { get; }
    public bool DoneTraining { get; private set; }

    /// <summary>Validation NAUC of the model whose predictions are handed in (null before the first round or without validation data).</summary>
    public double? BestValidationNauc => _validation.Best;

    public void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
    {
        var callStart = Stopwatch.StartNew();
        if (_planner is null)
        {
            _total = remaining;
            _planner = new RoundPlanner(remaining);
        }
        _data ??= LearnerData.Prepare(dataset, Classes, Channels, _options, _rng, _log);
        cancellation.ThrowIfCancellationRequested();

        bool secondProbe = _options.ProbeInputSize != _options.InputSize;
        if (_round == 0)
        {
            Probe(_options.ProbeInputSize, cancellation);
        }
        else if (_round == 1 && secondProbe)
        {
            Probe(_options.InputSize, cancellation);
        }
        else
        {
            var left = remaining - callStart.Elapsed;
            var plan = _planner.Next(_total - left, left, ExpectedTestTime());
            if (plan.Train > TimeSpan.Zero) FineTune(plan.Train, cancellation);
            if (plan.IsLast) DoneTraining = true;
            Judge(ValidationNauc(cancellation), "fine-tuned model");
        }
        _round++;
    }

    public float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
    {
        if (_data is null) throw new InvalidOperationException("Test was called before Train.");
        if (_currentIsBest || _bestPrediction is null)
        {
            if (_pendingPrediction is not null)
            {
                _bestPrediction = _pendingPrediction;   // computed with the probe's frozen features
            }
            else
            {
                var sw = Stopwatch.StartNew();
                using var probabilities = Predict(_data.Images(_options.InputSize).Test, null, cancellation);
                _bestPrediction = ToArray(probabilities);
                _inferenceCost.Observe(sw.Elapsed, Math.Max(1, _data.TestCount));
            }
            _currentIsBest = false;
        }
        _pendingPrediction = null;
        return (float[,])_bestPrediction.Clone();
    }

    /// <summary>Fits the head on frozen features at <paramref name="size"/> and computes its test prediction.</summary>
    private void Probe(int size, CancellationToken cancellation)
    {
        var data = _data!;
        var images = data.Images(size);
        var sw = Stopwatch.StartNew();
        int limit = _round == 0 ? _options.FirstProbeExamples : _options.MaxProbeExamples;
        var rows = data.FitRows.Length > limit ? data.FitRows.OrderBy(_ => _rng.Next()).Take(limit).ToArray() : data.FitRows;
        using var features = Batched(images.Train, rows, cancellation, x => _model.Features(x));
        using var targets = data.Targets.index_select(0, tensor(rows)).to(_device);
        var (weight, bias) = LinearProbe.Fit(features, targets, data.MultiLabel);
        using (weight) using (bias) _model.SetHead(weight, bias);

        var testWatch = Stopwatch.StartNew();
        using var testFeatures = Batched(images.Test, null, cancellation, x => _model.Features(x));
        _inferenceCost.Observe(testWatch.Elapsed, Math.Max(1, data.TestCount));
        using var testProbabilities = HeadProbabilities(testFeatures);
        var prediction = ToArray(testProbabilities);

        double? validation = null;
        if (data.ValidationRows.Length > 0)
        {
            using var valFeatures = Batched(images.Train, data.ValidationRows, cancellation, x => _model.Features(x));
            using var valProbabilities = HeadProbabilities(valFeatures);
            validation = _validation.Nauc(data.ValidationSolution, ToArray(valProbabilities));
        }
        if (Judge(validation, $"linear probe at {size}px")) _pendingPrediction = prediction;
        _log.LogInformation(LogEvents.ProbeFitted, "Round {Round}: linear probe at {Size}px on {Count} frozen feature vectors in {Seconds:F1} s",
            _round, size, rows.Length, sw.Elapsed.TotalSeconds);
    }

    private void FineTune(TimeSpan budget, CancellationToken cancellation)
    {
        var data = _data!;
        var images = data.Images(_options.InputSize);
        var sw = Stopwatch.StartNew();
        _model.train();
        if (_options.FreezeBatchNorm)
            foreach (var bn in _model.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.eval();
        _optimizer ??= optim.SGD(_model.parameters(), _learningRate, momentum: 0.9, weight_decay: _options.WeightDecay, nesterov: true);
        int batch = Math.Min(_options.BatchSize, data.FitRows.Length);
        int steps = 0;
        double lossSum = 0;
        while (!cancellation.IsCancellationRequested && sw.Elapsed + _stepCost.Estimate(1, TimeSpan.Zero) <= budget)
        {
            var stepWatch = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var index = tensor(data.NextBatch(batch, _rng));
                var x = _augmentation.Apply(ImageTensors.Batch(images.Train, index, _device), _rng);
                var y = data.Targets.index_select(0, index).to(_device);
                foreach (var group in _optimizer.ParamGroups) group.LearningRate = WarmedUp(_learningRate);
                _optimizer.zero_grad();
                var loss = LinearProbe.Loss(_model.call(x), y, data.MultiLabel);
                loss.backward();
                nn.utils.clip_grad_norm_(_model.parameters(), _options.MaxGradientNorm);
                _optimizer.step();
                lossSum += loss.item<float>();
            }
            _stepCost.Observe(stepWatch.Elapsed);
            steps++;
            _steps++;
        }
        _log.LogInformation(LogEvents.RoundTrained,
            "Round {Round}: {Steps} fine-tuning steps of {Batch} at {Size}px in {Seconds:F1} s (planned {Planned:F1} s), mean loss {Loss:F4}, lr {Lr:G3}",
            _round, steps, batch, _options.InputSize, sw.Elapsed.TotalSeconds, budget.TotalSeconds,
            steps > 0 ? lossSum / steps : double.NaN, _learningRate);
    }

    /// <summary>Warm-up: the learning rate rises from half to full over the first 30 steps.</summary>
    private double WarmedUp(double lr) => _steps >= 30 ? lr : lr * (0.5 + 0.5 * _steps / 30.0);

    private double? ValidationNauc(CancellationToken cancellation)
    {
        var data = _data!;
        if (data.ValidationRows.Length == 0) return null;
        using var probabilities = Predict(data.Images(_options.InputSize).Train, data.ValidationRows, cancellation);
        return _validation.Nauc(data.ValidationSolution, ToArray(probabilities));
    }

    /// <summary>Records a model's validation score; true when it becomes the model whose predictions are handed in.</summary>
    private bool Judge(double? score, string what)
    {
        bool better = _validation.Offer(score);
        if (better)
        {
            _currentIsBest = true;
            _roundsWithoutGain = 0;
        }
        else if (++_roundsWithoutGain >= _options.Patience && _round >= 2)
        {
            _learningRate *= 0.5;
            _roundsWithoutGain = 0;
        }
        _log.LogInformation(LogEvents.Validated, "Round {Round}: {What}: validation NAUC {Nauc} (best {Best}){Note}",
            _round, what, Validation.Format(score), Validation.Format(_validation.Best),
            better ? "" : "; the previous best prediction stands");
        return better;
    }

    private TimeSpan ExpectedTestTime() =>
        _inferenceCost.Estimate(_data!.TestCount + _data.ValidationRows.Length, _total * 0.02);

    private Tensor HeadProbabilities(Tensor features)
    {
        using var _ = no_grad();
        using var logits = _model.Head.call(features);
        return LinearProbe.Probabilities(logits, _data!.MultiLabel).cpu();
    }

    /// <summary>Probabilities of the whole model (eval mode) for the given rows (all when null).</summary>
    private Tensor Predict(Tensor images, long[]? rows, CancellationToken cancellation) =>
        Batched(images, rows, cancellation, x => LinearProbe.Probabilities(_model.call(x), _data!.MultiLabel));

    /// <summary>Runs <paramref name="f"/> in eval mode without gradients over batches of the given rows (all when null).</summary>
    private Tensor Batched(Tensor images, long[]? rows, CancellationToken cancellation, Func<Tensor, Tensor> f)
    {
        _model.eval();
        using var _ = no_grad();
        long n = rows?.Length ?? images.shape[0];
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < n; start += _options.InferenceBatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long count = Math.Min(_options.InferenceBatchSize, n - start);
                var index = rows is null
                    ? arange(start, start + count, dtype: ScalarType.Int64)
                    : tensor(rows.AsSpan((int)start, (int)count).ToArray());
                parts.Add(f(ImageTensors.Batch(images, index, _device)).cpu().MoveToOuterDisposeScope());
            }
            return parts.Count == 0 ? zeros(new long[] { 0, Classes }) : cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    private static float[,] ToArray(Tensor t)
    {
        using var c = t.cpu().contiguous();
        var flat = c.data<float>().ToArray();
        var result = new float[(int)c.shape[0], (int)c.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    public void Dispose()
    {
        _optimizer?.Dispose();
        _data?.Dispose();
        _model.Dispose();
    }
}
