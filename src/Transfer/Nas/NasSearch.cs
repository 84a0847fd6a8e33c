using AutoVision.Transfer.FineTuning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// The architecture search over how a classifier being fine-tuned is adapted (SNAS-style relaxation with operation
/// sampling, first-order, alternating): each iteration takes a weight step — a path sampled from softmax(α), a
/// training batch, the learner's SGD (Nesterov momentum, weight decay, gradient clipping, frozen BatchNorm statistics)
/// on the network weights — then an architecture step — another sampled path with straight-through factors, a
/// validation batch, Adam on the logits only (the network weights do not require gradients meanwhile, so the backward
/// pass stops where no logit is upstream). Only the sampled operations run and receive gradients.
/// <para>One call: <see cref="Run"/>. Or step by step, for a search spread over several time slices while the
/// anytime loop goes on: construct, <see cref="Search"/> (repeatedly), predict meanwhile with
/// <see cref="Supernet"/>'s argmax path, then <see cref="Derive"/>.</para>
/// </summary>
public sealed class NasSearch : IDisposable
{
    private readonly NasOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _rng;
    private readonly int _seed;
    private readonly TimeSpan _planned;
    private readonly Parameter[] _weights;
    private readonly optim.Optimizer _weightOptimizer;
    private readonly optim.Optimizer _archOptimizer;
    private readonly List<NasSnapshot> _history = [];
    private TimeSpan _elapsed;
    private TimeSpan _meanIteration;
    private int _weightSteps;
    private int _archSteps;
    private int _nonFinite;
    private string _stoppedBy = "not started";
    private bool _derived;

    /// <param name="model">The classifier being fine-tuned; the supernet shares its modules.</param>
    /// <param name="planned">How long the whole search is planned to run: the temperature schedule spans it.</param>
    /// <param name="seed">Seed of the path sampling (module initialisation uses torch's global generator).</param>
    /// <param name="options">Settings (null: defaults).</param>
    /// <param name="time">The clock (null: the system's).</param>
    public NasSearch(ImageClassifier model, TimeSpan planned, int seed, NasOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (planned <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(planned), planned, "A positive planned search length.");
        _options = options ?? new NasOptions();
        if (_options.ArchEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.ArchEvery, "ArchEvery must be at least 1.");
        if (_options.HistoryEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.HistoryEvery, "HistoryEvery must be at least 1.");
        _time = time ?? TimeProvider.System;
        _planned = planned;
        _seed = seed;
        _rng = new Random(seed);
        Supernet = new AdaptationSupernet(model, _options.Space, _options.Supernet);
        _weights = Supernet.WeightParameters().ToArray();
        _weightOptimizer = optim.SGD(_weights, _options.LearningRate, momentum: 0.9, weight_decay: _options.WeightDecay, nesterov: true);
        _archOptimizer = optim.Adam(Supernet.ArchitectureParameters(), _options.ArchLearningRate, beta1: 0.5, beta2: 0.999);
        Snapshot();
    }

    /// <summary>The supernet; its <c>forward</c> (argmax path, call it in eval mode) predicts at any time.</summary>
    public AdaptationSupernet Supernet { get; }

    /// <summary>Search time used so far.</summary>
    public TimeSpan Elapsed => _elapsed;

    /// <summary>softmax(α) recorded so far.</summary>
    public IReadOnlyList<NasSnapshot> History => _history;

    /// <summary>
    /// Searches for at most <paramref name="slice"/> (stopping between iterations: it starts none that its measured mean
    /// length would carry past the slice) or until <paramref name="cancellation"/> is cancelled.
    /// </summary>
    /// <returns>Why it stopped: <c>slice</c>, <c>cancelled</c> or <c>non-finite</c> (a weight step's loss was not finite:
    /// the search stops so the caller can judge the weights).</returns>
    public string Search(BatchSource train, BatchSource validation, TimeSpan slice, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ObjectDisposedException.ThrowIf(_derived, this);
        long start = _time.GetTimestamp();
        TimeSpan SinceStart() => _time.GetElapsedTime(start);
        _stoppedBy = "slice";
        try
        {
            while (true)
            {
                if (cancellation.IsCancellationRequested) { _stoppedBy = "cancelled"; break; }
                if (SinceStart() + _meanIteration > slice) break;
                long iterationStart = _time.GetTimestamp();
                double tau = _options.Temperature.At((_elapsed + SinceStart()) / _planned);
                if (!WeightStep(train, tau)) { _stoppedBy = "non-finite"; break; }
                if (_weightSteps % _options.ArchEvery == 0) ArchStep(validation, tau);
                var took = _time.GetElapsedTime(iterationStart);
                int n = _weightSteps;
                _meanIteration = n <= 1 ? took : _meanIteration + (took - _meanIteration) / Math.Min(n, 20);
                if (_weightSteps % _options.HistoryEvery == 0) Snapshot(_elapsed + SinceStart());
            }
        }
        finally
        {
            _elapsed += SinceStart();
            Supernet.zero_grad();
        }
        var last = _history[^1];
        if (last.Step != _weightSteps) Snapshot(_elapsed);
        return _stoppedBy;
    }

    /// <summary>
    /// Fixes the argmax architecture (<see cref="AdaptationSupernet.Derive"/>) and ends the search: the derived model
    /// keeps every trained weight; fine-tuning continues from it.
    /// </summary>
    public NasResult Derive()
    {
        ObjectDisposedException.ThrowIf(_derived, this);
        var model = Supernet.Derive();
        _derived = true;
        var space = Supernet.Space;
        var record = new NasRecord
        {
            Chosen = model.Architecture,
            Decisions = Enumerable.Range(0, space.DecisionCount).ToDictionary(space.DecisionName, space.OptionNames),
            History = _history.ToArray(),
            Seconds = _elapsed.TotalSeconds,
            PlannedSeconds = _planned.TotalSeconds,
            WeightSteps = _weightSteps,
            ArchSteps = _archSteps,
            NonFiniteSteps = _nonFinite,
            StoppedBy = _stoppedBy,
            Seed = _seed,
        };
        return new NasResult(model, record);
    }

    /// <summary>
    /// The whole search in one call: builds the supernet on <paramref name="model"/>, searches for the
    /// <paramref name="slice"/> (or until <paramref name="cancellation"/>), derives the argmax architecture and returns it
    /// with the record. The derived model shares <paramref name="model"/>'s modules (its backbone and head); the
    /// candidate modules not chosen are freed.
    /// </summary>
    public static NasResult Run(ImageClassifier model, BatchSource train, BatchSource validation, TimeSpan slice, int seed,
        CancellationToken cancellation = default, NasOptions? options = null, TimeProvider? time = null)
    {
        using var search = new NasSearch(model, slice, seed, options, time);
        search.Search(train, validation, slice, cancellation);
        return search.Derive();
    }

    private bool WeightStep(BatchSource train, double tau)
    {
        using var scope = NewDisposeScope();
        EnterTrainingMode();
        var (x, y) = train();
        using var path = Supernet.Sample(_rng, tau, differentiable: false);
        Supernet.zero_grad();
        var loss = LinearProbe.Loss(Supernet.Forward(x, path), y, _options.MultiLabel);
        if (!float.IsFinite(loss.item<float>()))
        {
            _nonFinite++;
            return false;
        }
        loss.backward();
        nn.utils.clip_grad_norm_(_weights, _options.MaxGradientNorm);
        _weightOptimizer.step();
        _weightSteps++;
        return true;
    }

    private void ArchStep(BatchSource validation, double tau)
    {
        using var scope = NewDisposeScope();
        EnterTrainingMode();
        var (x, y) = validation();
        using var path = Supernet.Sample(_rng, tau, differentiable: true);
        Supernet.zero_grad();
        foreach (var w in _weights) w.requires_grad = false;
        try
        {
            var loss = LinearProbe.Loss(Supernet.Forward(x, path), y, _options.MultiLabel);
            if (!float.IsFinite(loss.item<float>())) { _nonFinite++; return; }
            loss.backward();
            _archOptimizer.step();
            _archSteps++;
        }
        finally
        {
            foreach (var w in _weights) w.requires_grad = true;
        }
    }

    private void EnterTrainingMode()
    {
        Supernet.train();
        if (_options.FreezeBatchNorm)
            foreach (var bn in Supernet.modules().OfType<BatchNorm2d>()) bn.eval();
    }

    /// <summary>Records softmax(α) and the temperature at search time <paramref name="at"/>.</summary>
    private void Snapshot(TimeSpan? at = null)
    {
        var space = Supernet.Space;
        var p = Supernet.Probabilities();
        var when = at ?? _elapsed;
        _history.Add(new NasSnapshot(when.TotalSeconds, _weightSteps, _options.Temperature.At(when / _planned),
            Enumerable.Range(0, space.DecisionCount).ToDictionary(space.DecisionName, d => p[d])));
    }

    /// <summary>Frees the optimizers and the supernet's own parts (see <see cref="AdaptationSupernet"/>): after
    /// <see cref="Derive"/> the derived model keeps what it runs.</summary>
    public void Dispose()
    {
        _weightOptimizer.Dispose();
        _archOptimizer.Dispose();
        Supernet.Dispose();
    }
}

/// <summary>A derived model and the record of the search that chose it.</summary>
public sealed record NasResult(AdaptedClassifier Model, NasRecord Record);
