namespace AutoVision.Data.Loading;

/// <summary>
/// A seeded, stratified hold-out of training rows: the rows models are fitted on and the rows that choose between
/// models.
/// </summary>
public static class StratifiedHoldout
{
    /// <summary>
    /// Splits the usable rows: stratified by first label (rows without labels form their own group), a share of every
    /// group with at least two rows (at least one row each, never all of a group), at most <paramref name="maxValidation"/>
    /// and <c>floor(n · fraction)</c> in all; nothing is held out when fewer than 10 would be.
    /// </summary>
    /// <param name="labels">Label indices of every row.</param>
    /// <param name="usable">Whether each row may be used (null: all); unusable rows are in neither part.</param>
    /// <param name="fraction">Share held out.</param>
    /// <param name="maxValidation">Most rows held out.</param>
    /// <param name="rng">The seeded generator the choice is drawn from.</param>
    /// <returns>Fit rows and validation rows, each ascending.</returns>
    public static (int[] Fit, int[] Validation) Split(IReadOnlyList<int[]> labels, Func<int, bool>? usable, double fraction, int maxValidation, Random rng)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rng);
        int[] rows = Enumerable.Range(0, labels.Count).Where(i => usable?.Invoke(i) ?? true).ToArray();
        int n = rows.Length;
        int wanted = Math.Min(maxValidation, (int)Math.Floor(n * fraction));
        if (wanted < 10)
        {
            return (rows, []);
        }

        var validation = new List<int>();
        foreach (var group in rows.GroupBy(i => labels[i].Length > 0 ? labels[i][0] : -1).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            rng.Shuffle(members);
            int take = (int)Math.Floor(members.Length * (double)wanted / n);
            if (members.Length >= 2 && take == 0)
            {
                take = 1;
            }

            validation.AddRange(members.Take(Math.Min(take, members.Length - 1)));
        }

        if (validation.Count > wanted)
        {
            int[] all = validation.ToArray();
            rng.Shuffle(all);
            validation = all.Take(wanted).ToList();
        }

        var held = validation.ToHashSet();
        validation.Sort();
        return (rows.Where(i => !held.Contains(i)).ToArray(), validation.ToArray());
    }
}
