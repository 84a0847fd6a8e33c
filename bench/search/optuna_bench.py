#!/usr/bin/python3
"""Optuna side of the search benchmark (bench/search/run.sh).

For each function, sampler and seed: one in-memory Optuna study of N trials; one CSV row per run with the best value
after 25, 50 and 100 trials and the time per trial of the whole ask-sample-tell loop. The functions are those of
bench/SearchBench/Functions.cs (same parameter names, ranges and formulas). Runs with the Optuna that is installed
(Debian's python3-optuna 3.1.0 here), whatever its version: the version goes into every row.

  /usr/bin/python3 optuna_bench.py --seeds 0-9 --trials 100 --out results.csv [--functions a,b] [--samplers a,b]
"""
import argparse
import math
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    a, b, c, r, s, tt = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    u = x2 - b * x1 * x1 + c * x1 - r
    return a * u * u + s * (1 - tt) * math.cos(x1) + s


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(t):
    x = [t.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))
        total += ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock10(t):
    x = [t.suggest_float(f"x{j}", -5, 10) for j in range(10)]
    return sum(100 * (x[j + 1] - x[j] ** 2) ** 2 + (1 - x[j]) ** 2 for j in range(9))


def mixed(t):
    optimizer = t.suggest_categorical("optimizer", ["sgd", "adam"])
    lr = t.suggest_float("lr", 1e-6, 1, log=True)
    x = t.suggest_float("x", -5, 5)
    k = t.suggest_int("k", 1, 31, step=2)
    act = t.suggest_categorical("act", ["relu", "gelu", "tanh", "sigmoid"])
    lr_term = (math.log10(lr) + 4) ** 2 if optimizer == "adam" else 0.2 + (math.log10(lr) + 2) ** 2
    act_term = {"gelu": 0.0, "relu": 0.5, "tanh": 1.0, "sigmoid": 2.0}[act]
    return lr_term + (x - 1.5) ** 2 + (k - 7) ** 2 / 10.0 + act_term


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "rosenbrock10": rosenbrock10, "mixed": mixed}
SAMPLERS = {
    "optuna-tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "optuna-tpe-multivariate": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    "optuna-random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}
CHECKPOINTS = [25, 50, 100]


def run_once(sampler, objective, trials):
    study = optuna.create_study(direction="minimize", sampler=sampler)
    start = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    ms = (time.perf_counter() - start) * 1000 / trials
    best, best_at = math.inf, []
    for t in sorted(study.trials, key=lambda t: t.number):
        if t.state == optuna.trial.TrialState.COMPLETE and t.value < best:
            best = t.value
        best_at.append(best)
    return best_at, ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-9")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--out", default="search-bench-optuna.csv")
    parser.add_argument("--functions")
    parser.add_argument("--samplers")
    args = parser.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)
    functions = args.functions.split(",") if args.functions else list(FUNCTIONS)
    samplers = args.samplers.split(",") if args.samplers else list(SAMPLERS)
    run_once(SAMPLERS["optuna-tpe"](12345), mixed, 30)  # warm-up, not reported
    with open(args.out, "w") as out:
        out.write("implementation,sampler,function,seed,trials,"
                  + ",".join(f"best_at_{c}" for c in CHECKPOINTS) + ",ms_per_trial\n")
        for function in functions:
            for sampler in samplers:
                for seed in seeds:
                    best_at, ms = run_once(SAMPLERS[sampler](seed), FUNCTIONS[function], args.trials)
                    cells = [repr(best_at[c - 1]) if c <= len(best_at) else "" for c in CHECKPOINTS]
                    out.write(",".join([f"optuna-{optuna.__version__}", sampler, function, str(seed), str(args.trials)]
                                       + cells + [f"{ms:.4f}"]) + "\n")
                    out.flush()


if __name__ == "__main__":
    main()
