#!/usr/bin/python3
"""Summarises the search benchmark's CSV files (bench/search/run.sh) into a Markdown table on stdout:
per function and sampler, the median and quartiles [Q1, Q3] over seeds of the best value after 25, 50 and 100
trials, and the median time per trial (ms) of the ask-sample-tell loop.

  /usr/bin/python3 summarize.py results-autovision.csv results-optuna.csv
"""
import csv
import statistics
import sys
from collections import defaultdict

CHECKPOINTS = [25, 50, 100]
FUNCTION_ORDER = ["branin", "hartmann6", "rosenbrock10", "mixed"]
KNOWN_MINIMA = {"branin": "0.397887", "hartmann6": "-3.32237", "rosenbrock10": "0", "mixed": "0"}


def quartiles(values):
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def fmt(x):
    if abs(x) >= 1000:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}"


def main(paths):
    runs = defaultdict(list)
    implementations = {}
    for path in paths:
        with open(path) as f:
            for row in csv.DictReader(f):
                key = (row["function"], row["sampler"])
                runs[key].append(row)
                implementations[row["sampler"]] = row["implementation"]
    functions = sorted({f for f, _ in runs}, key=lambda f: FUNCTION_ORDER.index(f) if f in FUNCTION_ORDER else 99)
    samplers = sorted({s for _, s in runs})
    print("| function (min) | sampler | seeds | " + " | ".join(f"best after {c}: median [Q1, Q3]" for c in CHECKPOINTS)
          + " | ms/trial (median) |")
    print("|---|---|---|" + "---|" * len(CHECKPOINTS) + "---|")
    for function in functions:
        for sampler in samplers:
            rows = runs.get((function, sampler))
            if not rows:
                continue
            cells = []
            for c in CHECKPOINTS:
                values = [float(r[f"best_at_{c}"]) for r in rows if r[f"best_at_{c}"]]
                if len(values) < 2:
                    cells.append("")
                    continue
                q1, q2, q3 = quartiles(values)
                cells.append(f"{fmt(q2)} [{fmt(q1)}, {fmt(q3)}]")
            ms = statistics.median(float(r["ms_per_trial"]) for r in rows)
            impl = implementations[sampler]
            label = sampler if impl == "autovision" else f"{sampler} ({impl})"
            print(f"| {function} ({KNOWN_MINIMA.get(function, '?')}) | {label} | {len(rows)} | " + " | ".join(cells) + f" | {ms:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
