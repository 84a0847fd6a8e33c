using System.Globalization;
using AutoVision.Search;

namespace AutoVision.SearchBench;

/// <summary>
/// TPE settings from a compact spec, for tuning runs (<c>--variant NAME=SPEC</c>): <c>key=value</c> pairs separated
/// by <c>;</c>, applied on top of the defaults. Keys: candidates, startup, prior (weight), endpoints, clip (true/false),
/// scaling (peaks/density), multivariate (true/false), gamma (optuna | linear:B[:MAX] | sqrt:B[:MAX]),
/// weights (optuna | uniform), bandwidth (neighbours | scott), minbw (fraction of the range),
/// alpha (magic clip exponent), mvbw (multivariate bandwidth factor), mvbwdim (its
/// dimension exponent β).
/// </summary>
internal static class TpeVariant
{
    public static TpeSamplerOptions Parse(string spec)
    {
        var o = new TpeSamplerOptions();
        foreach (string part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) throw new ArgumentException($"Variant setting '{part}' is not key=value.");
            string key = part[..eq], value = part[(eq + 1)..];
            o = key switch
            {
                "candidates" => o with { NEiCandidates = Int(value) },
                "startup" => o with { NStartupTrials = Int(value) },
                "prior" => o with { PriorWeight = Double(value) },
                "endpoints" => o with { ConsiderEndpoints = bool.Parse(value) },
                "clip" => o with { ConsiderMagicClip = bool.Parse(value) },
                "scaling" => o with { KernelScaling = value == "density" ? TpeKernelScaling.Density : TpeKernelScaling.EqualPeaks },
                "multivariate" => o with { Multivariate = bool.Parse(value) },
                "gamma" => o with { Gamma = Gamma(value) },
                "weights" => o with { Weights = value == "uniform" ? TpeSamplerOptions.UniformWeights : TpeSamplerOptions.DefaultWeights },
                "bandwidth" => o with { Bandwidth = Enum.Parse<TpeBandwidth>(value, ignoreCase: true) },
                "mvbw" => o with { MultivariateBandwidthFactor = Double(value) },
                "mvbwdim" => o with { MultivariateBandwidthDimensionExponent = Double(value) },
                "alpha" => o with { MagicClipExponent = Double(value) },
                "minbw" => o with { MinBandwidthFactor = Double(value) },
                _ => throw new ArgumentException($"Unknown variant key '{key}'."),
            };
        }
        return o;
    }

    private static Func<int, int> Gamma(string value)
    {
        string[] p = value.Split(':');
        return p[0] switch
        {
            "optuna" => TpeSamplerOptions.DefaultGamma,
            "linear" => TpeSamplerOptions.LinearGamma(Double(p[1]), p.Length > 2 ? Int(p[2]) : 25),
            "sqrt" => TpeSamplerOptions.SqrtGamma(Double(p[1]), p.Length > 2 ? Int(p[2]) : 25),
            _ => throw new ArgumentException($"Unknown gamma '{value}'."),
        };
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
