namespace AutoVision.Search;

/// <summary>
/// Integers in [<see cref="Low"/>, <see cref="High"/>] on a grid of <see cref="Step"/>, or log-uniform
/// (<see cref="Log"/>, step 1 only). When a step does not divide the range, <see cref="High"/> is lowered to the
/// last grid point, as Optuna does.
/// </summary>
public sealed record IntDistribution : Distribution
{
    public IntDistribution(int low, int high, bool log = false, int step = 1)
    {
        if (low > high)
            throw new ArgumentException($"An int distribution needs low <= high; got low={low}, high={high}.");
        if (step < 1)
            throw new ArgumentException($"An int distribution's step must be at least 1; got step={step}.");
        if (log && step != 1)
            throw new ArgumentException($"A log-scaled int distribution needs step=1; got step={step}.");
        if (log && low < 1)
            throw new ArgumentException($"A log-scaled int distribution needs low >= 1; got low={low}.");

        Low = low;
        High = (int)(low + ((long)high - low) / step * step);
        Log = log;
        Step = step;
    }

    public int Low { get; }
    public int High { get; }
    public bool Log { get; }
    public int Step { get; }

    public override bool IsSingle => Low == High;

    public override double ToInternal(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        double d when Math.Floor(d) == d => d,
        float f when MathF.Floor(f) == f => f,
        _ => throw new ArgumentException(
            $"{FloatDistribution.Describe(value)} is not an integer, so it is not a value of {this}."),
    };

    public override object? ToExternal(double internalValue) => checked((int)Math.Round(internalValue));

    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High
        && Math.Floor(internalValue) == internalValue
        && ((long)internalValue - Low) % Step == 0;

    public override string ToString() =>
        $"IntDistribution(low={Low}, high={High}, log={(Log ? "true" : "false")}, step={Step})";
}
