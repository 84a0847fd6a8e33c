using System.Diagnostics;
using AutoVision.Budget;
using AutoVision.Budget.Resilience;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Policies;
using AutoVision.Runner.Ingestion;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.FineTuning;
using AutoVision.Transfer.Nas;
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
/// gradient clipping, flip-and-shift augmentation) for as long as the <see cref="MeasuringPlanner"/> allows, measured
/// step by step.</item>
/// </list>
/// A held-out validation split decides which model's predictions are handed in: a round that does not improve
/// validation NAUC hands in the previous best prediction again, and after <see cref="LearnerOptions.Patience"/>
/// such rounds the learning rate is halved.
/// <para>Divergence: a step whose loss is NaN or infinite, non-finite outputs, or a validation NAUC more than
/// <see cref="DivergenceMargin"/> below the best restore the last good weights (the best model,
/// held in memory as cloned tensors), halve the learning rate and recreate the optimizer; training goes on.</para>
/// <para>Checkpoints (<see cref="SaveCheckpoint"/>, <see cref="Restore"/>) hold the model, the best model and
/// everything the learner needs to continue: round, steps, learning rate, best validation NAUC, best prediction.</para>
/// </summary>
public sealed partial class TransferLearner : ILearner, ICheckpointedLearner
{
    /// <summary>A fine-tuning round whose validation NAUC falls more than this below the best so far has diverged
    /// (as has a step with a NaN or infinite loss): the last good weights are restored and the learning rate halved.
    /// A round that merely does not improve stays within it (on the bundled sample rounds move by a few hundredths).</summary>
    public const double DivergenceMargin = 0.2;

    private readonly LearnerOptions _options;
    private readonly ILogger _log;
    private readonly Device _device;
    private readonly Random _rng;
    private ImageClassifier _model;   // replaced only when the backbone probe switches backbones (round 1)
    private CostMeter _inferenceCost = new();   // per test example, at _inferenceSize
    private InputShape? _inferenceSize;
    private RefinedCost _inferencePrior;   // the backbone's registry costs, scaled to this machine's speed
    private RefinedCost _trainPrior;
    private InputShape _probeShape;              // the first probe's input (InputShapeRule), fixed at the first Train
    private InputShape _shape;                   // the fine-tuning input (InputShapeRule), fixed at the first Train
    private bool _shapesFixed;
    private (double Height, double Width)? _typicalSize;
    private (InputShape Shape, string File)? _restoredShape;   // the shape of the checkpoint Restore read
    /// <summary>The network that trains and predicts: <see cref="_model"/>, or the model an architecture search derived from it.</summary>
    private nn.Module<Tensor, Tensor> _net;
    private nn.Module<Tensor, Tensor>? _bestNet;
    private readonly NasMode _nasMode;
    private NasDecision? _nasDecision;
    private readonly CostMeter _stepCost = new();
    private IAugmentation _augmentation;
    private readonly Validation _validation;

    private MeasuringPlanner? _planner;
    private int _batchLimit = int.MaxValue;
    private readonly BudgetPipelines _pipelines = new();
    private LearningCurve? _curve;
    private readonly Stopwatch _sinceFirstTrain = new();
    private TimeSpan _budgetAtFirstTrain;
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
    private ModelSnapshot? _bestWeights;
    private readonly TopCheckpoints _top;
    private int _bestVersion;
    private int _bestSavedVersion = -1;
    private IReadOnlyList<string>? _classNames;
    private WarmStartKind _warmStart;
    private Tensor? _positiveWeights;
    private TestTimeRecipe? _candidate;                               // how the model judged last would predict
    private TestTimeRecipe? _recipe;                                  // how the best model predicts
    private (float[,] Validation, float[,] Test)? _handed;            // what was handed in last, on both splits

    public TransferLearner(DataSpecification trainMetadata, LearnerOptions options, ILogger<TransferLearner> log)
    {
        _options = options;
        _log = log;
        _validation = new Validation(options.ValidationTolerance);
        TorchRuntime.EnsureLoaded();
        _device = TorchRuntime.ResolveDevice(options.Device);
        torch.manual_seed(options.Seed);
        _rng = new Random(options.Seed);
        _augmentation = AugmentationChoice.Create(options.Augmentation);
        Classes = trainMetadata.OutputDim;
        Channels = trainMetadata.Channels;
        Backbone = BackboneRegistry.Resolve(options.Backbone, searching: NasPolicy.Parse(options.Nas) != NasMode.Off);
        _inferencePrior = RefinedCost.Inference(Backbone.Cost);
        _trainPrior = RefinedCost.Training(Backbone.Cost);
        Frames = ClipFramesFor(trainMetadata, options);
        _model = CreateClassifier(Backbone, BackboneRegistry.LoadPretrained(Backbone.Name, options.WeightsPath));
        _net = _model;
        _nasMode = NasPolicy.Parse(options.Nas);
        _learningRate = options.LearningRate;
        _top = new TopCheckpoints(Math.Max(0, options.TopCheckpoints));
        _probeShape = InputShape.Square(options.ProbeInputSize);
        _shape = InputShape.Square(options.InputSize);
        _log.LogInformation(LogEvents.LearnerReady, "Pretrained backbone {Backbone} loaded on {Device}; {Classes} classes, {Channels} channel(s)",
            Backbone.Name, _device.type, Classes, Channels);
    }

    /// <summary>The backbone the learner trains: the one it started from, or <c>scratch-resnet10</c> when the backbone
    /// probe switched to it (<see cref="BackboneProbe"/>).</summary>
    public BackboneEntry Backbone { get; private set; }

    /// <summary>The backbone's registry cost of a training image, refined by the fine-tuning steps this run measured
    /// (its <see cref="RefinedCost.SpeedFactor"/>: how this machine compares now).</summary>
    public RefinedCost TrainingCost => _trainPrior;

    /// <summary>The backbone's registry cost of an inferred image, refined by the passes this run measured.</summary>
    public RefinedCost InferenceCost => _inferencePrior;

    /// <summary>BatchNorm statistics stay those of pretraining (<see cref="LearnerOptions.FreezeBatchNorm"/>); a backbone
    /// trained from scratch has none worth keeping, so its statistics are always learned.</summary>
    private bool FreezeBatchNorm => _options.FreezeBatchNorm && Backbone.Pretrained;

    public int Classes { get; }
    public int Channels { get; }

    /// <summary>Frames per example the model sees: 1 for images, <see cref="LearnerOptions.ClipFrames"/> (at most the
    /// clips' length) for video.</summary>
    public int Frames { get; }

    /// <summary>Frames per example for a dataset: 1 unless its examples are sequences of more than one frame.</summary>
    public static int ClipFramesFor(DataSpecification metadata, LearnerOptions options)
    {
        int t = metadata.SequenceSize;
        if (t == 1 || options.ClipFrames <= 1) return 1;
        return t > 1 ? Math.Min(t, options.ClipFrames) : options.ClipFrames;   // -1: variable length
    }
    public bool DoneTraining { get; private set; }

    /// <summary>Validation NAUC of the model whose predictions are handed in (null before the first round or without validation data).</summary>
    public double? BestValidationNauc => _validation.Best;

    /// <summary>How many times the learner rolled back to the last good weights after a divergence.</summary>
    public int Rollbacks { get; private set; }

    /// <summary>The searched architecture of the network being trained now; null: the plain classifier (no search
    /// yet, or a rollback went back past the search to the plain classifier's weights).</summary>
    public Architecture? Architecture => (_net as AdaptedClassifier)?.Architecture;

    /// <summary>The learning rate in force.</summary>
    public double LearningRate => _learningRate;

    /// <summary>Training rounds completed.</summary>
    public int Round => _round;

    /// <summary>What the architecture search did (null: it did not run).</summary>
    public NasRecord? Nas { get; private set; }

    /// <summary>Fine-tuning steps trained so far.</summary>
    public long Steps => _steps;

    /// <summary>The whole budget when it is larger than what the first <see cref="Train"/> call is given (a resumed
    /// run): the planner then knows how much of it is already used. Null: the first call's remaining time.</summary>
    public TimeSpan? BudgetTotal { get; set; }

    public void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
    {
        var callStart = Stopwatch.StartNew();
        if (_planner is null)
        {
            _total = BudgetTotal is { } total && total > remaining ? total : remaining;
            _planner = new MeasuringPlanner(_total);
            _curve = new LearningCurve(_planner.Scale);
            _budgetAtFirstTrain = remaining;
            _sinceFirstTrain.Start();
        }
        FixShapes(dataset);
        _data ??= LearnerData.Prepare(dataset, Classes, Channels, _probeShape, _options, _rng, _log, Frames);
        _classNames ??= dataset.Classes;
        cancellation.ThrowIfCancellationRequested();

        bool secondProbe = _probeShape != _shape && _warmStart != WarmStartKind.Whole;
        if (_round == 0 && _warmStart == WarmStartKind.Whole)
        {
            JudgeWarmModel(cancellation);
        }
        else if (_round == 0)
        {
            Probe(_probeShape, cancellation);
        }
        else if (_round == 1 && ScratchProbeDue() && ProbeScratch(remaining - callStart.Elapsed, cancellation))
        {
            // The backbone probe switched to the network trained from scratch: this round fitted its head and handed in
            // its prediction; no second probe (random features at a larger size are no better a start).
        }
        else if (_round == 1 && secondProbe)
        {
            int examples = SecondProbeExamples(remaining - callStart.Elapsed);
            if (examples > 0) Probe(_shape, cancellation, examples);
            else _log.LogInformation(LogEvents.ProbeFitted,
                "Round 1: no second probe at {Size}px: at the measured speed it would take too much of the {Left:F1} s left; fine-tuning starts from the first probe's head",
                _shape, (remaining - callStart.Elapsed).TotalSeconds);
        }
        else
        {
            var left = remaining - callStart.Elapsed;
            bool searched = _nasDecision is null && SearchArchitecture(left, cancellation);
            if (!searched)
            {
                var plan = _planner.Next(_total - left, left, ExpectedTestTime(), _curve);
                if (plan.Train > TimeSpan.Zero)
                {
                    var roundWatch = Stopwatch.StartNew();
                    RunRound(plan.Train, cancellation);
                    _planner.Costs.ObservePlan(plan.Train, roundWatch.Elapsed);
                }
                if (plan.IsLast) DoneTraining = true;
            }
            var score = ValidationNauc(cancellation);
            // Without validation data, a forward pass on a few training rows tells finite outputs from blown-up ones.
            if (score is null && !OutputsFinite(cancellation)) score = double.NaN;
            if (score is double v && (double.IsNaN(v) || (_validation.Best is double best && v < best - DivergenceMargin)))
                Rollback(double.IsNaN(v)
                    ? "the fine-tuned model's outputs are not finite"
                    : $"validation NAUC {v:F4} fell more than {DivergenceMargin} below the best {Validation.Format(_validation.Best)}");
            else
                Judge(score, "fine-tuned model");
            MaybeSearchAugmentation(remaining - callStart.Elapsed, cancellation);
        }
        _round++;
    }

    public float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
    {
        if (_data is null) throw new InvalidOperationException("Test was called before Train.");
        if (_currentIsBest || _bestPrediction is null)
        {
            float[,] prediction;
            if (_pendingPrediction is not null)
            {
                prediction = _pendingPrediction;   // computed with the probe's frozen features
            }
            else
            {
                var sw = Stopwatch.StartNew();
                prediction = TestPredictionRetried(cancellation);
                ObserveInference(sw.Elapsed, _shape);
            }
            _currentIsBest = false;
            if (AllFinite(prediction)) HandIn(prediction);
            else
            {
                Rollback("the test outputs are not finite");
                _bestPrediction ??= Uniform(_data.TestCount, Classes);
            }
        }
        _pendingPrediction = null;
        return (float[,])_bestPrediction.Clone();
    }

    /// <summary>
    /// The test prediction, tried once more when libtorch raises an error that is neither a lack of memory nor a
    /// cancellation: a transient native failure (see <c>TorchScalars</c>) must not end a run whose model is fine. A second
    /// failure propagates.
    /// </summary>
    private float[,] TestPredictionRetried(CancellationToken cancellation)
    {
        try
        {
            return TestPrediction(cancellation);
        }
        catch (System.Runtime.InteropServices.ExternalException ex) when (!cancellation.IsCancellationRequested && !MemoryShortage.Is(ex))
        {
            _log.LogWarning(LogEvents.Diverged, "Round {Round}: the test prediction failed in libtorch ({Message}); trying it once more",
                _round, ex.Message.Split('\n')[0]);
            return TestPrediction(cancellation);
        }
    }

    /// <summary>The network being trained (tests compare its weights).</summary>
    internal ImageClassifier Model => _model;

    /// <summary>How a run started from an earlier run's model (<see cref="WarmStart"/>).</summary>
    public WarmStartKind WarmStartKind => _warmStart;

    /// <summary>
    /// Production retraining: starts from the model of an earlier run (its output folder, checkpoint folder or
    /// <c>.ckpt</c> file; see <see cref="TrainedModel.FindCheckpoint"/>) instead of the ImageNet weights. When it has
    /// as many classes as this task, the whole network is taken and round 0 hands in its predictions (no linear
    /// probes: its head already fits); otherwise the trunk is taken and a new head is fitted by the probes as usual.
    /// Call before the first <see cref="Train"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, not a ResNet18 classifier's, or was trained with
    /// another input scale.</exception>
    public WarmStartKind WarmStart(string path)
    {
        if (_round > 0) throw new InvalidOperationException("A warm start must come before the first training round.");
        string file = TrainedModel.FindCheckpoint(path);
        using var previous = CheckpointStore.LoadFile(file);
        var m = previous.Metadata;
        if (AdoptableBackbone(m.Backbone) is { } adopted) AdoptBackbone(adopted);   // learner.backbone auto: continue on what the earlier run trained
        if (Math.Abs(m.InputScale - _model.Backbone.InputScale) > 1e-9)
            throw new InvalidDataException($"'{file}' was trained with input scale {m.InputScale}; this learner uses {_model.Backbone.InputScale}.");
        bool sameBackbone = string.Equals(m.Backbone, Backbone.Name, StringComparison.OrdinalIgnoreCase);
        bool whole = m.Classes == Classes && sameBackbone;
        var architecture = TrainedModel.ArchitectureOf(file, previous, _model);
        int copied = previous.State.Tensors.Count;
        if (whole && architecture is not null)
        {
            // The earlier model's architecture was searched: this run continues with that derived model as it was and
            // does not search again.
            var derived = AdaptationSupernet.Build(_model, architecture);
            previous.State.RestoreInto(derived);
            _net = derived;
            _net.to(_device);
            Nas = NasCheckpoint.Load(Path.GetDirectoryName(file)!);
            _nasDecision = new NasDecision(false, TimeSpan.Zero, $"warm start from a model whose architecture was searched ({architecture})");
        }
        else if (whole) previous.State.RestoreInto(_model);
        else
        {
            var own = _model.state_dict().Keys.ToHashSet();   // a derived model's added modules are left behind
            copied = previous.State.RestoreMatching(_model, name => own.Contains(name) && !name.StartsWith("head.", StringComparison.Ordinal));
        }
        _warmStart = whole ? WarmStartKind.Whole : WarmStartKind.Trunk;
        // The weights do not depend on the input shape (global pooling before the head): a model trained on squares
        // continues on elongated inputs and the other way round; the shape this run uses is fixed by its own data.
        var (previousHeight, previousWidth) = m.InputShape(file);
        _log.LogInformation(LogEvents.WarmStarted, "Warm start from '{File}': {Kind} ({Tensors} tensors; it had {Previous} classes at {PreviousShape}px, this task {Classes}{Derived})",
            file, whole ? "the whole network" : "the trunk, with a new head", copied, m.Classes, new InputShape(previousHeight, previousWidth), Classes,
            architecture is null ? "" : whole ? $"; architecture {architecture}" : "; the modules its architecture search added are not carried over");
        return _warmStart;
    }

    /// <summary>Round 0 of a whole-network warm start: the earlier run's model, judged and predicted as it is.</summary>
    private void JudgeWarmModel(CancellationToken cancellation)
    {
        Judge(ValidationNauc(cancellation), "warm-started model");   // its test prediction is made by Test()
    }

    /// <summary>Fits the head on frozen features at <paramref name="size"/> and computes its test prediction.</summary>
    /// <summary>The smallest second probe worth fitting: with fewer examples the first probe's head is as good a start.</summary>
    public const int MinSecondProbeExamples = 128;

    /// <summary>
    /// How many examples the second probe (at the fine-tuning size) may take so that it uses at most 40 % of the time
    /// left: the feature cost per example measured by the first probe's test pass, scaled by the pixel ratio, times
    /// the examples plus the test and validation rows it also passes through. 0: skip it (fewer than
    /// <see cref="MinSecondProbeExamples"/> would fit, e.g. on a machine much slower than usual).
    /// </summary>
    private int SecondProbeExamples(TimeSpan left)
    {
        var data = _data!;
        if (_inferenceCost.SecondsPerUnit is not double perExample) return _options.MaxProbeExamples;
        double per = perExample * InferenceScale();
        double allowed = 0.4 * left.TotalSeconds - per * (data.TestCount + data.ValidationRows.Length);
        double fit = allowed / per;
        return fit >= MinSecondProbeExamples ? (int)Math.Min(fit, _options.MaxProbeExamples) : 0;
    }

    private void Probe(InputShape size, CancellationToken cancellation, int? examples = null)
    {
        var data = _data!;
        var images = data.Images(size);
        var sw = Stopwatch.StartNew();
        int limit = examples ?? (_round == 0 ? _options.FirstProbeExamples : _options.MaxProbeExamples);
        var rows = data.FitRows.Length > limit ? data.FitRows.OrderBy(_ => _rng.Next()).Take(limit).ToArray() : data.FitRows;
        FitHead(_model, images.Train, rows, cancellation);

        var testWatch = Stopwatch.StartNew();
        var prediction = HeadPrediction(_model, images.Test, null, cancellation);
        ObserveInference(testWatch.Elapsed, size);

        double? validation = null;
        if (data.ValidationRows.Length > 0)
        {
            var values = HeadPrediction(_model, images.Train, data.ValidationRows, cancellation);
            validation = _validation.Nauc(data.ValidationSolution, values);
            _candidate = new TestTimeRecipe(false, null, values);
        }
        else
        {
            _candidate = null;
        }
        if (_round == 0) _firstProbe = (rows, validation);
        if (Judge(validation, $"linear probe at {size}px")) _pendingPrediction = prediction;
        _log.LogInformation(LogEvents.ProbeFitted, "Round {Round}: linear probe at {Size}px on {Count} frozen feature vectors in {Seconds:F1} s",
            _round, size, rows.Length, sw.Elapsed.TotalSeconds);
    }

    private void FineTune(TimeSpan budget, CancellationToken cancellation)
    {
        var data = _data!;
        var images = data.Images(_shape);
        var sw = Stopwatch.StartNew();
        EnterTrainingMode();
        int batch = Math.Min(Math.Min(Math.Max(2, _options.BatchSize / Frames), _batchLimit), data.FitRows.Length);
        int steps = 0;
        double lossSum = 0;
        while (!cancellation.IsCancellationRequested && sw.Elapsed + _stepCost.Estimate(1, TimeSpan.Zero) <= budget)
        {
            _optimizer ??= optim.SGD(_net.parameters(), _learningRate, momentum: 0.9, weight_decay: _options.WeightDecay, nesterov: true);
            var stepWatch = Stopwatch.StartNew();
            float divergedLoss = 0;
            try
            {
                using (var scope = NewDisposeScope())
                {
                    BeforeStep?.Invoke(batch);
                    using var next = data.NextBatch(_shape, batch, _rng);
                    var x = Augment(ImageTensors.FromBatch(next, images.Train.Cache, _device));
                    var y = data.Targets.index_select(0, tensor(next.Rows)).to(_device);
                    foreach (var group in _optimizer.ParamGroups) group.LearningRate = WarmedUp(_learningRate);
                    _optimizer.zero_grad();
                    var loss = LinearProbe.Loss(_net.call(x), y, data.MultiLabel, PositiveWeights());
                    float value = loss.item<float>();
                    if (float.IsFinite(value))
                    {
                        loss.backward();
                        nn.utils.clip_grad_norm_(_net.parameters(), _options.MaxGradientNorm);
                        _optimizer.step();
                        lossSum += value;
                    }
                    else
                    {
                        divergedLoss = value;
                    }
                }
            }
            catch (Exception ex) when (MemoryShortage.Is(ex) && batch > 1)
            {
                // Memory ran short: go on with half the batch (the step is lost, nothing else).
                _optimizer.zero_grad();
                batch = _batchLimit = Math.Max(1, batch / 2);
                GC.Collect();
                _log.LogWarning(LogEvents.MemoryShort, "Memory ran short in a fine-tuning step ({Message}); going on with batches of {Batch}",
                    ex.Message.Split('\n')[0], batch);
                continue;
            }
            _stepCost.Observe(stepWatch.Elapsed);
            _trainPrior.Observe(_shape.Height, _shape.Width, stepWatch.Elapsed.TotalMilliseconds / batch);
            steps++;
            _steps++;
            if (!float.IsFinite(divergedLoss))
            {
                Rollback($"the loss of step {_steps} is {divergedLoss}");
                EnterTrainingMode();
            }
        }
        // A step can leave non-finite weights behind a finite loss: they must never become the "last good weights".
        if (steps > 0 && !WeightsFinite()) Rollback("the weights are not finite after the round");
        _log.LogInformation(LogEvents.RoundTrained,
            "Round {Round}: {Steps} fine-tuning steps of {Batch} at {Size}px in {Seconds:F1} s (planned {Planned:F1} s), mean loss {Loss:F4}, lr {Lr:G3}; last step {Factor:F2}× the registry's cost of {Backbone}",
            _round, steps, batch, _shape, sw.Elapsed.TotalSeconds, budget.TotalSeconds,
            steps > 0 ? lossSum / steps : double.NaN, _learningRate, _trainPrior.SpeedFactor, Backbone.Name);
    }

    /// <summary>
    /// The architecture search (docs/nas.md), once, as the first fine-tuning round: <see cref="NasPolicy"/> decides
    /// from <see cref="LearnerOptions.Nas"/>, the budget and the dataset size; the search runs as a budget phase on the
    /// model the probes fitted, and fine-tuning continues on the derived model with the trained weights.
    /// </summary>
    /// <returns>Whether the search ran (this round's training); false: the round fine-tunes as usual.</returns>
    private bool SearchArchitecture(TimeSpan left, CancellationToken cancellation)
    {
        var data = _data!;
        if (Frames > 1)
        {
            if (_nasMode != NasMode.Off)
                _log.LogInformation(LogEvents.RoundTrained, "Round {Round}: architecture search skipped: its search space is for images, not {Frames}-frame clips", _round, Frames);
            return false;
        }
        if (!Backbone.Searchable)
        {
            if (_nasMode != NasMode.Off)
                _log.LogInformation(LogEvents.RoundTrained, "Round {Round}: architecture search skipped: its search space needs the whole ResNet18, not {Backbone}", _round, Backbone.Name);
            _nasDecision = new NasDecision(false, TimeSpan.Zero, $"the backbone {Backbone.Name} has no layer4 to search");
            return false;
        }
        _nasDecision = NasPolicy.Decide(_nasMode, _total, data.FitRows.Length, data.ValidationRows.Length);
        var slice = _nasDecision.Slice < left - ExpectedTestTime() * 2 ? _nasDecision.Slice : left - ExpectedTestTime() * 2;
        if (_nasMode != NasMode.Off)
            _log.LogInformation(LogEvents.RoundTrained, "Round {Round}: architecture search {Verdict} ({Reason})",
                _round, _nasDecision.Search && slice > TimeSpan.Zero ? $"for {slice.TotalSeconds:F1} s" : "skipped", _nasDecision.Reason);
        if (!_nasDecision.Search || slice <= TimeSpan.Zero) return false;

        var images = data.Images(_shape);
        int batch = Math.Min(Math.Min(_options.BatchSize, _batchLimit), data.FitRows.Length);
        BatchSource train = () =>
        {
            using var next = data.NextBatch(_shape, batch, _rng);
            return (Augment(ImageTensors.FromBatch(next, images.Train.Cache, _device)), data.Targets.index_select(0, tensor(next.Rows)).to(_device));
        };
        BatchSource validation = () =>
        {
            var rows = Enumerable.Range(0, batch).Select(_ => data.ValidationRows[_rng.Next(data.ValidationRows.Length)]).ToArray();
            return (images.Train.Batch(rows, _device), data.Targets.index_select(0, tensor(rows)).to(_device));
        };
        var options = new NasOptions
        {
            MultiLabel = data.MultiLabel,
            LearningRate = _learningRate,
            WeightDecay = _options.WeightDecay,
            MaxGradientNorm = _options.MaxGradientNorm,
            FreezeBatchNorm = FreezeBatchNorm,
        };
        try
        {
            var result = _pipelines.PhaseTimeout<NasResult>(slice + RoundGrace).Execute(token =>
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellation);
                return NasSearch.Run(_model, train, validation, slice, _options.Seed, linked.Token, options);
            }, cancellation);
            _net = result.Model;
            Nas = result.Record;
            _optimizer?.Dispose();
            _optimizer = null;   // a new optimizer over the derived model's parameters
            _log.LogInformation(LogEvents.RoundTrained, "Round {Round}: architecture search chose {Architecture} in {Seconds:F1} s ({Steps} weight and {ArchSteps} architecture steps, stopped by {Stop})",
                _round, result.Record.Chosen, result.Record.Seconds, result.Record.WeightSteps, result.Record.ArchSteps, result.Record.StoppedBy);
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested && ex is not OperationCanceledException)
        {
            Rollback($"the architecture search failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
        return true;
    }

    /// <summary>How far past its planned length a fine-tuning round may run before its phase timeout stops it.</summary>
    public static readonly TimeSpan RoundGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A fine-tuning round as a budget phase (Polly): its token is cancelled at the planned length plus
    /// <see cref="RoundGrace"/> (the round stops between steps), and a round that fails for any other reason than
    /// the run's own cancellation is rolled back to the last good weights, so the last good prediction stands.
    /// </summary>
    private void RunRound(TimeSpan length, CancellationToken cancellation)
    {
        var phase = _pipelines.PhaseTimeout<bool>(length + RoundGrace);
        try
        {
            phase.Execute(token =>
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellation);
                FineTune(length, linked.Token);
                return true;
            }, cancellation);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            _log.LogWarning(LogEvents.RoundTrained, "Round {Round}: stopped by its phase deadline ({Length:F1} s + {Grace:F0} s)",
                _round, length.TotalSeconds, RoundGrace.TotalSeconds);
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested && ex is not OperationCanceledException)
        {
            Rollback($"the fine-tuning round failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The batch augmented: images as they are, clips as (N, T, C, H, W) so that every frame of a clip is
    /// augmented the same way.</summary>
    private Tensor Augment(Tensor x)
    {
        if (Frames == 1) return _augmentation.Apply(x, _rng);
        long[] shape = x.shape;
        using var clips = x.view(shape[0], Frames, Channels, shape[2], shape[3]);
        using var augmented = _augmentation.Apply(clips, _rng);
        return augmented.reshape(shape);
    }

    /// <summary>Called at the start of every fine-tuning step with the batch size (tests inject faults here).</summary>
    internal Action<int>? BeforeStep { get; set; }

    /// <summary>The largest batch fine-tuning may use now (halved each time memory runs short).</summary>
    public int BatchLimit => _batchLimit;

    /// <summary>Training mode for fine-tuning, with the BatchNorm layers kept in eval mode when their statistics are frozen.</summary>
    private void EnterTrainingMode()
    {
        _net.train();
        if (FreezeBatchNorm)
            foreach (var bn in _net.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.eval();
    }

    /// <summary>Multi-label tasks: the class-balanced weights of positive examples (<see cref="LinearProbe.PositiveWeights"/>)
    /// of the fitting rows, on the device; null for single-label tasks.</summary>
    private Tensor? PositiveWeights()
    {
        var data = _data!;
        if (!data.MultiLabel) return null;
        if (_positiveWeights is null)
        {
            using var scope = NewDisposeScope();
            var fit = data.Targets.index_select(0, tensor(data.FitRows));
            _positiveWeights = LinearProbe.PositiveWeights(fit).to(_device).DetachFromDisposeScope();
        }
        return _positiveWeights;
    }

    /// <summary>Warm-up: the learning rate rises from half to full over the first 30 steps.</summary>
    private double WarmedUp(double lr) => _steps >= 30 ? lr : lr * (0.5 + 0.5 * _steps / 30.0);

    /// <summary>Validation NAUC of the model, made the best way <see cref="TestTimeChoice"/> finds (plain, flip TTA,
    /// blended with the prediction handed in before), which becomes the candidate recipe; NaN when its outputs are not
    /// finite; null without validation data.</summary>
    private double? ValidationNauc(CancellationToken cancellation)
    {
        var data = _data!;
        _candidate = null;
        if (data.ValidationRows.Length == 0) return null;
        var images = data.Images(_shape).Train;
        float[,] plain;
        using (var probabilities = Predict(images, data.ValidationRows, cancellation)) plain = ToArray(probabilities);
        if (!AllFinite(plain)) return double.NaN;
        float[,]? flipped = null;
        if (_options.TestTimeFlip)
        {
            using var probabilities = Predict(images, data.ValidationRows, cancellation, flip: true);
            flipped = ToArray(probabilities);
            if (!AllFinite(flipped)) flipped = null;
        }
        var (recipe, score) = TestTimeChoice.Choose(plain, flipped, _options.BlendPredictions ? _handed : null,
            p => _validation.Nauc(data.ValidationSolution, p));
        _candidate = recipe;
        return score;
    }

    /// <summary>The best model's test prediction, made as its recipe says.</summary>
    private float[,] TestPrediction(CancellationToken cancellation)
    {
        var images = _data!.Images(_shape).Test;
        float[,] prediction;
        using (var probabilities = Predict(images, null, cancellation)) prediction = ToArray(probabilities);
        if (_recipe is { Flip: true })
        {
            using var flipped = Predict(images, null, cancellation, flip: true);
            prediction = TestTimeChoice.Average(prediction, ToArray(flipped));
        }
        if (_recipe?.BlendWith is { } previous) prediction = TestTimeChoice.Average(prediction, previous);
        return prediction;
    }

    /// <summary>Makes <paramref name="prediction"/> the one handed in, with the validation probabilities made the same way.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_bestPrediction))]
    private void HandIn(float[,] prediction)
    {
        _bestPrediction = prediction;
        _handed = _recipe is { } r ? (r.Validation, prediction) : null;
    }

    private bool OutputsFinite(CancellationToken cancellation)
    {
        var data = _data!;
        var rows = data.FitRows.Take(Math.Min(data.FitRows.Length, _options.BatchSize)).ToArray();
        using var probabilities = Predict(data.Images(_shape).Train, rows, cancellation);
        return AllFinite(ToArray(probabilities));
    }

    private bool WeightsFinite()
    {
        using var _ = no_grad();
        foreach (var p in _net.parameters())
        {
            using var scope = NewDisposeScope();
            if (!p.isfinite().all().item<bool>()) return false;
        }
        return true;
    }

    /// <summary>Divergence: back to the last good weights, half the learning rate, a new optimizer (its momentum
    /// belongs to the weights that diverged).</summary>
    private void Rollback(string why)
    {
        _bestWeights?.RestoreInto(_bestNet ?? _net);
        _net = _bestNet ?? _net;   // back to the network the good weights belong to (before an architecture search, perhaps)
        _learningRate *= 0.5;
        _optimizer?.Dispose();
        _optimizer = null;
        _roundsWithoutGain = 0;
        _currentIsBest = false;
        Rollbacks++;
        _log.LogWarning(LogEvents.Diverged, "Round {Round}: training diverged ({Why}); {Restored}, learning rate halved to {Lr:G3}",
            _round, why, _bestWeights is null ? "no good weights to restore yet" : "last good weights restored", _learningRate);
    }

    /// <summary>Records a model's validation score; true when it becomes the model whose predictions are handed in.</summary>
    private bool Judge(double? score, string what)
    {
        bool better = _validation.Offer(score);
        // One clone serves both the top-k entry and the best weights when the model is both (the usual case).
        ModelSnapshot? captured = null;
        ModelSnapshot Taken() => (captured ??= ModelSnapshot.Capture(_net)).Share();
        try
        {
            if (score is double scored) _top.Offer(scored, Taken, (_net as AdaptedClassifier)?.Architecture);
            if (better)
            {
                _bestWeights?.Dispose();
                _bestWeights = Taken();
            }
        }
        finally
        {
            captured?.Dispose();   // this method's own share; the holders keep theirs
        }
        if (score is double measured && !double.IsNaN(measured) && _curve is not null)
            _curve.Add(_sinceFirstTrain.Elapsed + (_total - _budgetAtFirstTrain), _validation.Best ?? measured);
        if (better)
        {
            _currentIsBest = true;
            _roundsWithoutGain = 0;
            _bestNet = _net;
            _bestVersion++;
            _recipe = _candidate;
        }
        else if (++_roundsWithoutGain >= _options.Patience && _round >= 2)
        {
            _learningRate *= 0.5;
            _roundsWithoutGain = 0;
        }
        _log.LogInformation(LogEvents.Validated, "Round {Round}: {What}: validation NAUC {Nauc} (best {Best}), {Recipe}{Note}",
            _round, what, Validation.Format(score), Validation.Format(_validation.Best), _candidate?.Describe() ?? "plain",
            better ? "" : "; the previous best prediction stands");
        return better;
    }

    private TimeSpan ExpectedTestTime() =>
        InferenceEstimate(_data!.TestCount + _data.ValidationRows.Length * (_options.TestTimeFlip ? 2 : 1), _total * 0.02);

    /// <summary>Records a test pass over every test example at <paramref name="size"/> (passes at another shape than
    /// the last one start a new record: their cost per example differs by the pixel ratio).</summary>
    private void ObserveInference(TimeSpan elapsed, InputShape size)
    {
        if (size != _inferenceSize)
        {
            _inferenceCost = new CostMeter();
            _inferenceSize = size;
        }
        _inferenceCost.Observe(elapsed, Math.Max(1, _data!.TestCount));
        _inferencePrior.Observe(size.Height, size.Width, elapsed.TotalMilliseconds / Math.Max(1, _data.TestCount));
    }

    /// <summary>How much more a pass at the fine-tuning shape costs than one at the shape last measured: the ratio of
    /// the backbone's registry costs at the two pixel counts (<see cref="BackboneCost"/>; about the pixel ratio for the
    /// ResNets, whose inference cost grows with it).</summary>
    private double InferenceScale() =>
        _inferenceSize is { } measured ? _inferencePrior.Ratio((measured.Height, measured.Width), (_shape.Height, _shape.Width)) : 1;

    /// <summary>The time to pass <paramref name="examples"/> through the model at the fine-tuning size, from the measured cost.</summary>
    private TimeSpan InferenceEstimate(int examples, TimeSpan fallback) =>
        _inferenceCost.Count == 0 ? fallback : _inferenceCost.Estimate(examples, fallback) * InferenceScale();

    /// <summary>The probe: fits <paramref name="model"/>'s linear head on its frozen features of <paramref name="rows"/>.</summary>
    private void FitHead(ImageClassifier model, ImageSet train, long[] rows, CancellationToken cancellation)
    {
        using var features = Batched(train, rows, cancellation, x => model.Features(x), model);
        using var targets = _data!.Targets.index_select(0, tensor(rows)).to(_device);
        var (weight, bias) = LinearProbe.Fit(features, targets, _data.MultiLabel);
        using (weight) using (bias) model.SetHead(weight, bias);
    }

    /// <summary>The probabilities <paramref name="model"/>'s head gives on its frozen features of the given rows of
    /// <paramref name="images"/> (all when null).</summary>
    private float[,] HeadPrediction(ImageClassifier model, ImageSet images, long[]? rows, CancellationToken cancellation)
    {
        using var features = Batched(images, rows, cancellation, x => model.Features(x), model);
        using var _ = no_grad();
        using var logits = model.Head.call(features);
        using var probabilities = LinearProbe.Probabilities(logits, _data!.MultiLabel).cpu();
        return ToArray(probabilities);
    }

    /// <summary>Probabilities of the whole model (eval mode) for the given rows (all when null).</summary>
    private Tensor Predict(ImageSet images, long[]? rows, CancellationToken cancellation, bool flip = false) =>
        Batched(images, rows, cancellation, x => LinearProbe.Probabilities(_net.call(flip ? x.flip(3) : x), _data!.MultiLabel));

    /// <summary>Runs <paramref name="f"/> in eval mode (of <paramref name="model"/>, by default the network being
    /// trained) without gradients over batches of the given rows (all when null).</summary>
    private Tensor Batched(ImageSet images, long[]? rows, CancellationToken cancellation, Func<Tensor, Tensor> f, nn.Module? model = null)
    {
        (model ?? _net).eval();
        using var _ = no_grad();
        long n = rows?.Length ?? images.Count;
        var parts = new List<Tensor>();
        try
        {
            long step = Math.Max(1, _options.InferenceBatchSize / Frames);
            for (long start = 0; start < n; start += step)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long count = Math.Min(step, n - start);
                var x = rows is null ? images.Range(start, count, _device) : images.Batch(rows.AsSpan((int)start, (int)count), _device);
                parts.Add(f(x).cpu().MoveToOuterDisposeScope());
            }
            return parts.Count == 0 ? zeros(new long[] { 0, Classes }) : cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public float[,]? ReadyPrediction(TimeSpan allowance)
    {
        if (!_currentIsBest || _data is null) return null;
        if (_pendingPrediction is { } pending)
        {
            _pendingPrediction = null;
            _currentIsBest = false;
            if (!AllFinite(pending)) return null;
            HandIn(pending);
            return (float[,])pending.Clone();
        }
        if (_inferenceCost.Count == 0 || InferenceEstimate(_data.TestCount, allowance) > allowance) return null;
        using var deadline = new CancellationTokenSource(allowance);
        try
        {
            var prediction = TestPrediction(deadline.Token);
            if (!AllFinite(prediction)) return null;
            _currentIsBest = false;
            HandIn(prediction);
            return (float[,])prediction.Clone();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void SaveCheckpoint(string folder, int lastPredictionIndex)
    {
        SaveFoundPolicy(folder);
        var store = new CheckpointStore(folder);
        var metadata = new CheckpointMetadata
        {
            Round = _round,
            Steps = _steps,
            LearningRate = _learningRate,
            RoundsWithoutGain = _roundsWithoutGain,
            BestValidationNauc = _validation.Best,
            InputSize = _options.InputSize,
            InputHeight = _shape.Height,
            InputWidth = _shape.Width,
            Classes = Classes,
            Seed = _options.Seed,
            LastPredictionIndex = lastPredictionIndex,
            Rollbacks = Rollbacks,
            SavedAtUnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            Channels = Channels,
            Frames = Frames,
            MultiLabel = _data?.MultiLabel ?? false,
            ClassNames = _classNames,
            InputScale = _model.Backbone.InputScale,
            Backbone = Backbone.Name,
        };
        if (Nas is not null) NasCheckpoint.Save(folder, Nas);
        using (var now = ModelSnapshot.Capture(_net))
            store.Save(CheckpointStore.LastName, metadata with { Architecture = (_net as AdaptedClassifier)?.Architecture }, _bestPrediction, now);
        if (_bestWeights is not null && _bestSavedVersion != _bestVersion)
        {
            var bestNet = _bestNet ?? _net;
            store.Save(CheckpointStore.BestName, metadata with { Architecture = (bestNet as AdaptedClassifier)?.Architecture }, _bestPrediction, _bestWeights);
            _bestSavedVersion = _bestVersion;
        }
        _top.Save(store, metadata);
    }

    /// <summary>Continues from the checkpoints in <paramref name="folder"/>: the model of <c>last</c>, the good weights
    /// of <c>best</c> (if present), round, steps, learning rate, best validation NAUC and best prediction.</summary>
    /// <exception cref="FileNotFoundException">There is no <c>last</c> checkpoint.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or made for another model.</exception>
    public void Restore(string folder)
    {
        RestoreFoundPolicy(folder);
        var store = new CheckpointStore(folder);
        using var last = store.Load(CheckpointStore.LastName);
        var m = last.Metadata;
        string lastPath = store.PathOf(CheckpointStore.LastName);
        var adopted = AdoptableBackbone(m.Backbone);
        if (m.Classes != Classes || m.InputSize != _options.InputSize
            || (adopted is null && !string.Equals(m.Backbone, Backbone.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidDataException(
                $"'{lastPath}' is for {m.Classes} classes at {m.InputSize}px on {m.Backbone}; this learner has {Classes} classes at {_options.InputSize}px on {Backbone.Name}.");
        var (height, width) = m.InputShape(lastPath);
        var shape = new InputShape(height, width);
        if (!InputShapeRule.CanGive(shape, _options.InputSize, InputShapeRule.FineTuningMultiple, _options.KeepAspect))
            throw new InvalidDataException(
                $"'{lastPath}' was trained at {shape}px (width x height); this learner's input is {_options.InputSize}px with learner.keepAspect {_options.KeepAspect}, which cannot give that shape.");
        if (_shapesFixed && shape != _shape)
            throw new InvalidDataException($"'{lastPath}' was trained at {shape}px; this learner's input is {_shape}px.");
        if (adopted is not null) AdoptBackbone(adopted);   // after every check: a refused checkpoint leaves the learner as it was
        _restoredShape = (shape, lastPath);
        if (NasCheckpoint.Load(folder) is { } nas)
        {
            Nas = nas;
            _nasDecision = new NasDecision(false, TimeSpan.Zero, "restored: the search ran before the checkpoint");
            // After a rollback past the search the learner trains the classifier again, and its last weights are the
            // classifier's: the derived model is used only when the last weights are its own — as the checkpoint's
            // metadata records, or (older checkpoints) as their tensor count shows. It shares the classifier's modules,
            // so it is not disposed here.
            if (TrainedModel.ArchitectureOf(store.PathOf(CheckpointStore.LastName), last, _model) is { } architecture)
            {
                _net = AdaptationSupernet.Build(_model, architecture);
                _net.to(_device);
            }
        }
        last.State.RestoreInto(_net);
        ModelSnapshot? best = null;
        if (store.Exists(CheckpointStore.BestName))
        {
            var checkpoint = store.Load(CheckpointStore.BestName);
            best = checkpoint.State;   // kept: the good weights a divergence rolls back to
        }
        _bestWeights?.Dispose();
        _bestWeights = best ?? ModelSnapshot.Capture(_net);
        // The good weights belong to the derived model, or to the classifier when they predate the search.
        _bestNet = _bestWeights.Tensors.Count == _net.state_dict().Count ? _net : _model;
        _bestSavedVersion = _bestVersion;
        _top.Load(store);
        _round = m.Round;
        _steps = m.Steps;
        _learningRate = m.LearningRate;
        _roundsWithoutGain = m.RoundsWithoutGain;
        Rollbacks = m.Rollbacks;
        _validation.Restore(m.BestValidationNauc);
        _bestPrediction = last.BestPrediction;
        _currentIsBest = false;
        _log.LogInformation(LogEvents.Restored, "Restored from checkpoint: round {Round}, {Steps} steps, lr {Lr:G3}, best validation NAUC {Best}, last prediction {Index}",
            _round, _steps, _learningRate, Validation.Format(_validation.Best), m.LastPredictionIndex);
    }

    /// <summary>
    /// Fixes the input shapes from the dataset's typical training image size (<see cref="InputShapeRule"/>), once, at the
    /// first <see cref="Train"/>: squares unless the images are elongated and <see cref="LearnerOptions.KeepAspect"/> is
    /// <c>auto</c>. A restored learner checks that the dataset gives the shape its checkpoint was trained at.
    /// </summary>
    /// <exception cref="InvalidDataException">The restored checkpoint was trained at another shape than this dataset gives.</exception>
    private void FixShapes(AutoDLDataset dataset)
    {
        if (_shapesFixed) return;
        var sw = Stopwatch.StartNew();
        // A square is all "off" can give: the typical size is not looked for.
        _typicalSize = _options.KeepAspect == InputShapeRule.Off ? null : AutoDLCacheSource.TypicalSize(dataset);
        var shape = InputShapeRule.FineTuning(_typicalSize, _options);
        if (_restoredShape is { } restored && restored.Shape != shape)
            throw new InvalidDataException(
                $"'{restored.File}' was trained at {restored.Shape}px (width x height), but this dataset's training images (typical size {DescribeTypicalSize()}) give {shape}px with learner.keepAspect {_options.KeepAspect}.");
        _shape = shape;
        _probeShape = InputShapeRule.Probe(_typicalSize, _options);
        _shapesFixed = true;
        if (!_shape.IsSquare)
            _log.LogInformation(LogEvents.LearnerReady,
                "Elongated images (typical training size {Typical}, width x height): inputs keep the aspect ratio: linear probe {Probe}px, fine-tuning {Shape}px (found in {Milliseconds:F0} ms)",
                DescribeTypicalSize(), _probeShape, _shape, sw.Elapsed.TotalMilliseconds);
    }

    /// <summary>The typical training image size as "width x height" ("unknown" when it was not looked for or found).</summary>
    private string DescribeTypicalSize() => _typicalSize is var (h, w)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w:0.#}x{h:0.#}")
        : "unknown";

    /// <summary>The input the first probe uses (a square of <see cref="LearnerOptions.ProbeInputSize"/> unless the
    /// images are elongated; fixed by the first <see cref="Train"/>).</summary>
    public InputShape ProbeShape => _probeShape;

    /// <summary>The fine-tuning input (a square of <see cref="LearnerOptions.InputSize"/> unless the images are
    /// elongated; fixed by the first <see cref="Train"/>).</summary>
    public InputShape Shape => _shape;

    private static bool AllFinite(float[,] values)
    {
        foreach (var v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }

    private static float[,] Uniform(int rows, int classes)
    {
        var p = new float[rows, classes];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < classes; j++)
                p[i, j] = 1f / classes;
        return p;
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
        _bestWeights?.Dispose();
        _top.Dispose();
        _positiveWeights?.Dispose();
        _data?.Dispose();
        if (!ReferenceEquals(_net, _model)) _net.Dispose();
        _model.Dispose();
    }
}

/// <summary>How a learner started (<see cref="TransferLearner.WarmStart"/>).</summary>
public enum WarmStartKind
{
    /// <summary>From the ImageNet weights.</summary>
    None,

    /// <summary>From an earlier run's whole network (same number of classes).</summary>
    Whole,

    /// <summary>From an earlier run's trunk, with a new head (the classes differ).</summary>
    Trunk,
}
