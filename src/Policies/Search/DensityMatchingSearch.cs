using AutoVision.Policies.Operations;
using AutoVision.Search;

namespace AutoVision.Policies.Search;

/// <summary>
/// Scores an augmentation with the fixed model on part of the held-out data: <paramref name="augmentation"/> is
/// applied to the held-out examples <paramref name="heldOut"/> (indices into the held-out split) and the model's
/// loss (or NAUC, see <see cref="DensityMatchingOptions.Direction"/>) on them is returned. <see cref="IdentityAugmentation"/>
/// stands for no augmentation. All randomness comes from <paramref name="rng"/>.
/// </summary>
public delegate double PolicyScorer(IAugmentation augmentation, IReadOnlyList<int> heldOut, Random rng);

/// <summary>Settings of <see cref="DensityMatchingSearch"/>; the defaults are FAA's released code.</summary>
public sealed record DensityMatchingOptions
{
    /// <summary>Sub-policies per candidate policy (FAA <c>--num-policy 5</c>).</summary>
    public int SubPolicies { get; init; } = 5;

    /// <summary>Operations per sub-policy (FAA <c>--num-op 2</c>).</summary>
    public int OperationsPerSubPolicy { get; init; } = 2;

    /// <summary>Best trials kept per fold (FAA <c>num_result_per_cv = 10</c>).</summary>
    public int TopTrials { get; init; } = 10;

    /// <summary>Folds at most (FAA <c>cv_num = 5</c>); fewer when the held-out split or the time is too small.</summary>
    public int MaxFolds { get; init; } = 5;

    /// <summary>Held-out examples a fold needs at least: below it a single fold is used.</summary>
    public int MinFoldExamples { get; init; } = 64;

    /// <summary>Trials per fold below which the folds are merged into one (TPE needs its startup trials and then some).</summary>
    public int MinTrialsPerFold { get; init; } = 30;

    /// <summary>Trials per fold at most (FAA <c>--num-search 200</c>).</summary>
    public int MaxTrialsPerFold { get; init; } = 200;

    /// <summary>Random trials before TPE models the results.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Minimize for a loss, Maximize for NAUC or accuracy.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    public int Seed { get; init; } = 1;
}

/// <summary>What <see cref="DensityMatchingSearch.Run"/> found.</summary>
/// <param name="Policy">The merged sub-policies of the top trials of every fold (null when no trial completed).</param>
/// <param name="BaselineScore">The score without augmentation on the whole held-out split.</param>
/// <param name="PolicyScore">The found policy's score on the whole held-out split (null without a policy).</param>
/// <param name="Improves">Whether <see cref="PolicyScore"/> is better than <see cref="BaselineScore"/>.</param>
/// <param name="Folds">Folds searched.</param>
/// <param name="Trials">Trials completed over all folds.</param>
/// <param name="SecondsPerEvaluation">Measured seconds of one scoring of the whole held-out split.</param>
public sealed record DensityMatchingResult(
    Policy? Policy, double BaselineScore, double? PolicyScore, bool Improves, int Folds, int Trials, double SecondsPerEvaluation);

/// <summary>
/// Fast AutoAugment's density matching (Lim et al. 2019) with a fixed model: candidate policies of
/// <see cref="DensityMatchingOptions.SubPolicies"/> × <see cref="DensityMatchingOptions.OperationsPerSubPolicy"/>
/// operations, each (operation, probability, level) chosen by TPE, are scored by the model on augmented held-out
/// data; the best trials' sub-policies are merged (duplicates by operation names removed within each trial, as FAA's
/// <c>remove_deplicates</c>).
/// </summary>
/// <remarks>
/// <para>Budget: one scoring of the whole held-out split without augmentation is timed first (it is also the
/// baseline); the time slice, less two such scorings kept for the final comparison, sets how many trials fit.
/// Folds: FAA trains one model per fold; inside a budget the model is the one already trained, so the held-out
/// split is cut into K disjoint folds, each searched by its own TPE study, their top trials merged — K =
/// <see cref="DensityMatchingOptions.MaxFolds"/> when every fold keeps <see cref="DensityMatchingOptions.MinFoldExamples"/>
/// examples and <see cref="DensityMatchingOptions.MinTrialsPerFold"/> trials fit, else fewer, down to one.</para>
/// <para>The found policy is finally scored on the whole held-out split against no augmentation
/// (<see cref="DensityMatchingResult.Improves"/>); the caller decides whether to use it.</para>
/// </remarks>
public sealed class DensityMatchingSearch
{
    private readonly DensityMatchingOptions _options;
    private readonly TimeProvider _time;

    public DensityMatchingSearch(DensityMatchingOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new DensityMatchingOptions();
        if (_options.SubPolicies < 1 || _options.OperationsPerSubPolicy < 1 || _options.TopTrials < 1 || _options.MaxFolds < 1
            || _options.MaxTrialsPerFold < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Sub-policies, operations, top trials, folds and trials must be at least 1.");
        _time = time ?? TimeProvider.System;
    }

    public DensityMatchingOptions Options => _options;

    /// <summary>Searches within <paramref name="slice"/> (measured on the time provider) over a held-out split of
    /// <paramref name="heldOutCount"/> examples.</summary>
    public DensityMatchingResult Run(PolicyScorer score, int heldOutCount, TimeSpan slice, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (heldOutCount < 1) throw new ArgumentOutOfRangeException(nameof(heldOutCount), heldOutCount, "The held-out split is empty.");
        long start = _time.GetTimestamp();
        var all = Enumerable.Range(0, heldOutCount).ToArray();

        double baseline = score(IdentityAugmentation.Instance, all, new Random(_options.Seed));
        double perEvaluation = Math.Max(_time.GetElapsedTime(start).TotalSeconds, 1e-6);

        double searchSeconds = slice.TotalSeconds - _time.GetElapsedTime(start).TotalSeconds - 1.5 * perEvaluation;
        int possibleTrials = (int)Math.Floor(searchSeconds / perEvaluation);   // a trial on 1/K of the data costs 1/K
        int folds = ChooseFolds(heldOutCount, possibleTrials);
        int trialsPerFold = Math.Clamp(possibleTrials, 0, _options.MaxTrialsPerFold);
        if (trialsPerFold < 1 || cancellation.IsCancellationRequested)
            return new DensityMatchingResult(null, baseline, null, false, 0, 0, perEvaluation);

        var foldIndex = Shuffled(heldOutCount, new Random(_options.Seed));
        var kept = new List<SubPolicy>();
        int trials = 0;
        var deadline = TimeSpan.FromSeconds(Math.Max(0, slice.TotalSeconds - 1.5 * perEvaluation));
        for (int k = 0; k < folds; k++)
        {
            var part = foldIndex.Where((_, i) => i % folds == k).Order().ToArray();
            var remaining = deadline - _time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero || cancellation.IsCancellationRequested) break;
            var foldBudget = remaining / (folds - k);
            var study = new Study(new StudyOptions
            {
                Direction = _options.Direction,
                // Optuna 3.1's independent TPE, as FAA used (hyperopt's TPE) and as this search was benchmarked with
                // (docs/augmentation.md); the study's default TPE settings were tuned on continuous test functions.
                Sampler = new TpeSampler(TpeSamplerOptions.Optuna31 with { Seed = _options.Seed * 1000 + k, NStartupTrials = _options.StartupTrials }),
                Pruner = new NopPruner(),
                TimeProvider = _time,
            });
            study.Optimize(trial =>
            {
                var policy = Decode(trial);
                return score(policy, part, new Random(_options.Seed * 7919 + trial.Number));
            }, trialsPerFold, foldBudget, cancellation);
            var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null).ToList();
            trials += complete.Count;
            var ranked = _options.Direction == StudyDirection.Minimize
                ? complete.OrderBy(t => t.Value!.Value) : complete.OrderByDescending(t => t.Value!.Value);
            foreach (var t in ranked.Take(_options.TopTrials))
                kept.AddRange(Policy.Merge([DecodeParams(t.Params)]).SubPolicies);
        }
        if (kept.Count == 0) return new DensityMatchingResult(null, baseline, null, false, folds, trials, perEvaluation);

        var found = new Policy(kept);
        double final = score(found, all, new Random(_options.Seed + 1));
        bool improves = _options.Direction == StudyDirection.Minimize ? final < baseline : final > baseline;
        return new DensityMatchingResult(found, baseline, final, improves, folds, trials, perEvaluation);
    }

    private int ChooseFolds(int heldOut, int possibleTrials)
    {
        int byData = Math.Max(1, heldOut / Math.Max(1, _options.MinFoldExamples));
        int folds = Math.Min(_options.MaxFolds, byData);
        // Each fold runs its own study; every fold must get enough trials for TPE to matter.
        while (folds > 1 && possibleTrials / folds < _options.MinTrialsPerFold) folds--;
        return folds;
    }

    private static int[] Shuffled(int n, Random rng)
    {
        var a = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(a);
        return a;
    }

    private static readonly string[] SearchNames = FaaOperations.SearchSpace.Select(o => o.Name).ToArray();

    /// <summary>FAA's search space for one trial: policy_i_j ∈ 15 operations, prob_i_j, level_i_j ∈ [0, 1].</summary>
    private Policy Decode(Trial trial)
    {
        var subs = new List<SubPolicy>();
        for (int i = 0; i < _options.SubPolicies; i++)
        {
            var ops = new PolicyOperation[_options.OperationsPerSubPolicy];
            for (int j = 0; j < ops.Length; j++)
                ops[j] = new PolicyOperation(
                    trial.SuggestCategorical($"policy_{i}_{j}", SearchNames),
                    trial.SuggestFloat($"prob_{i}_{j}", 0, 1),
                    trial.SuggestFloat($"level_{i}_{j}", 0, 1));
            subs.Add(new SubPolicy(ops));
        }
        return new Policy(subs);
    }

    private Policy DecodeParams(IReadOnlyDictionary<string, object?> p)
    {
        var subs = new List<SubPolicy>();
        for (int i = 0; i < _options.SubPolicies; i++)
        {
            var ops = new PolicyOperation[_options.OperationsPerSubPolicy];
            for (int j = 0; j < ops.Length; j++)
                ops[j] = new PolicyOperation((string)p[$"policy_{i}_{j}"]!, (double)p[$"prob_{i}_{j}"]!, (double)p[$"level_{i}_{j}"]!);
            subs.Add(new SubPolicy(ops));
        }
        return new Policy(subs);
    }
}
