namespace AutoVision.Search;

/// <summary>
/// Tree-structured Parzen Estimator for independent parameters, as Optuna's default sampler: random for the first
/// <see cref="TpeSamplerOptions.NStartupTrials"/> finished trials; then finished trials split by γ into a good group
/// and the rest, one Parzen estimator l(x) fitted to the good group's values of the parameter and one g(x) to the
/// rest's, <see cref="TpeSamplerOptions.NEiCandidates"/> candidates drawn from l(x), and the candidate with the largest
/// l(x)/g(x) returned. Log scales and steps are handled in the transformed space (<see cref="NumericSpace"/>);
/// categoricals use a smoothed weighted histogram. Trials without the parameter (conditional spaces) or whose value
/// lies outside the current distribution are left out of the estimators. Seeded, it repeats itself exactly.
/// <para>
/// With <see cref="TpeSamplerOptions.Multivariate"/>, the parameters that every finished trial has, with the same
/// distribution (the intersection search space, single-valued ones left out), are drawn jointly at a trial's first
/// sampled parameter from <see cref="MultivariateParzenEstimator"/>s — so correlated parameters are modelled
/// together; parameters outside that space (conditional ones, new ones) are drawn independently as above.
/// </para>
/// </summary>
public sealed class TpeSampler : IRelativeSampler
{
    private readonly Random _rng;
    private readonly RandomSampler _startup;
    private readonly object _gate = new();

    public TpeSampler(TpeSamplerOptions? options = null)
    {
        Options = options ?? new TpeSamplerOptions();
        if (Options.NStartupTrials < 0) throw new ArgumentOutOfRangeException(nameof(options), "NStartupTrials cannot be negative.");
        if (Options.NEiCandidates < 1) throw new ArgumentOutOfRangeException(nameof(options), "NEiCandidates must be at least 1.");
        if (!(Options.PriorWeight > 0) || double.IsInfinity(Options.PriorWeight))
            throw new ArgumentOutOfRangeException(nameof(options), "PriorWeight must be a positive finite number.");
        if (!(Options.MagicClipExponent >= 0) || double.IsInfinity(Options.MagicClipExponent))
            throw new ArgumentOutOfRangeException(nameof(options), "MagicClipExponent must be a finite number >= 0.");
        if (!(Options.MinBandwidthFactor >= 0) || Options.MinBandwidthFactor > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MinBandwidthFactor must be in [0, 1].");
        if (!(Options.MultivariateBandwidthFactor > 0) || double.IsInfinity(Options.MultivariateBandwidthFactor))
            throw new ArgumentOutOfRangeException(nameof(options), "MultivariateBandwidthFactor must be a positive finite number.");
        if (!double.IsFinite(Options.MultivariateBandwidthDimensionExponent))
            throw new ArgumentOutOfRangeException(nameof(options), "MultivariateBandwidthDimensionExponent must be a finite number.");
        ArgumentNullException.ThrowIfNull(Options.Gamma);
        ArgumentNullException.ThrowIfNull(Options.Weights);

        int seed = Options.Seed ?? Random.Shared.Next();
        _startup = new RandomSampler(seed);
        _rng = new Random(unchecked(seed * -1640531535 + 0x5bd1e995));   // a stream apart from the startup one
    }

    public TpeSampler(int seed) : this(new TpeSamplerOptions { Seed = seed }) { }

    public TpeSamplerOptions Options { get; }

    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(distribution);

        var finished = study.Trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        if (finished.Count < Options.NStartupTrials) return _startup.Sample(distribution);

        var (below, above) = TpeSplit.Split(finished, Options.Gamma(finished.Count), study.Direction);
        var good = Observations(below, name, distribution);
        var rest = Observations(above, name, distribution);

        lock (_gate)
        {
            return distribution is CategoricalDistribution categorical
                ? SampleCategorical(categorical, good, rest)
                : SampleNumeric(NumericSpace.For(distribution), good, rest);
        }
    }

    public IReadOnlyDictionary<string, RelativeValue> SampleRelative(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        var none = new Dictionary<string, RelativeValue>();
        if (!Options.Multivariate) return none;
        var finished = study.Trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        if (finished.Count == 0 || finished.Count < Options.NStartupTrials) return none;

        var space = IntersectionSearchSpace(finished);
        if (space.Count == 0) return none;
        var names = space.Keys.ToArray();   // ordinal order: the draw does not depend on dictionary order
        var spaces = names.Select(n => space[n] is CategoricalDistribution ? null : NumericSpace.For(space[n])).ToArray();
        var choices = names.Select(n => space[n] is CategoricalDistribution c ? c.Choices.Count : 0).ToArray();

        var (below, above) = TpeSplit.Split(finished, Options.Gamma(finished.Count), study.Direction);
        double[] Point(FrozenTrial t) => names.Select((n, j) => spaces[j] is { } sp ? sp.Transform(t.InternalValue(n)) : t.InternalValue(n)).ToArray();
        var l = new MultivariateParzenEstimator(spaces, choices, below.Select(Point).ToList(), Options);
        var g = new MultivariateParzenEstimator(spaces, choices, above.Select(Point).ToList(), Options);

        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        lock (_gate)
        {
            for (int i = 0; i < Options.NEiCandidates; i++)
            {
                double[] candidate = l.Sample(_rng);
                for (int j = 0; j < names.Length; j++)   // onto the grid, clipped: scored where it lands
                    if (spaces[j] is { } sp) candidate[j] = sp.Transform(sp.Untransform(candidate[j]));
                double score = l.LogPdf(candidate) - g.LogPdf(candidate);
                if (best is null || score > bestScore)
                {
                    best = candidate;
                    bestScore = score;
                }
            }
        }

        var values = new Dictionary<string, RelativeValue>(names.Length, StringComparer.Ordinal);
        for (int j = 0; j < names.Length; j++)
        {
            double internalValue = spaces[j] is { } sp ? sp.Untransform(best![j]) : best![j];
            values[names[j]] = new RelativeValue(space[names[j]], internalValue);
        }
        return values;
    }

    /// <summary>The parameters every one of <paramref name="trials"/> has, with one and the same distribution;
    /// single-valued distributions left out.</summary>
    internal static SortedDictionary<string, Distribution> IntersectionSearchSpace(IReadOnlyList<FrozenTrial> trials)
    {
        var space = new SortedDictionary<string, Distribution>(StringComparer.Ordinal);
        if (trials.Count == 0) return space;
        foreach (var (name, distribution) in trials[0].Distributions)
            if (!distribution.IsSingle && trials.All(t => t.Distributions.TryGetValue(name, out var d) && d.Equals(distribution)))
                space[name] = distribution;
        return space;
    }

    private double SampleNumeric(NumericSpace space, List<double> good, List<double> rest)
    {
        var l = new NumericParzenEstimator(space, good.Select(space.Transform).ToList(), Options);
        var g = new NumericParzenEstimator(space, rest.Select(space.Transform).ToList(), Options);
        double best = double.NaN, bestScore = double.NegativeInfinity;
        for (int i = 0; i < Options.NEiCandidates; i++)
        {
            double candidate = space.Untransform(l.Sample(_rng));   // on the grid, clipped: scored where it lands
            double x = space.Transform(candidate);
            double score = l.LogPdf(x) - g.LogPdf(x);
            if (double.IsNaN(best) || score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private double SampleCategorical(CategoricalDistribution distribution, List<double> good, List<double> rest)
    {
        int n = distribution.Choices.Count;
        var l = new CategoricalParzenEstimator(n, good.Select(v => (int)v).ToList(), Options);
        var g = new CategoricalParzenEstimator(n, rest.Select(v => (int)v).ToList(), Options);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < Options.NEiCandidates; i++)
        {
            int candidate = l.Sample(_rng);
            double score = l.LogPdf(candidate) - g.LogPdf(candidate);
            if (best < 0 || score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>The internal values of <paramref name="name"/> in these trials, in trial order, where they fit the
    /// distribution asked for now.</summary>
    private static List<double> Observations(List<FrozenTrial> trials, string name, Distribution distribution)
    {
        var values = new List<double>(trials.Count);
        foreach (var trial in trials)
        {
            if (!trial.Distributions.TryGetValue(name, out var used) || used.GetType() != distribution.GetType()) continue;
            if (used is CategoricalDistribution && !used.Equals(distribution)) continue;
            double value = used.ToInternal(trial.Params[name]);
            if (distribution.Contains(value)) values.Add(value);
        }
        return values;
    }
}
