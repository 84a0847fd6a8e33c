#!/usr/bin/env bash
# Search benchmark: AutoVision's TPE (independent and multivariate) against Optuna's TPESampler (as installed: Debian's
# python3-optuna 3.1.0) and random search, on Branin, Hartmann-6, 10-D Rosenbrock and a mixed categorical/continuous
# function; per function and sampler, the median and quartiles over seeds of the best value after 25, 50 and 100
# trials, and the time per trial of the ask-sample-tell loop (the objectives take microseconds).
#
#   bench/search/run.sh [--seeds 0-19] [--trials 100] [--out DIR] [--optuna-csv FILE]
# --optuna-csv reuses the Optuna side of an earlier run (its optuna.csv, same seeds and trials) instead of rerunning
# it: the Optuna side takes minutes to hours, AutoVision's seconds. Needs the .NET SDK and /usr/bin/python3 with optuna (apt install python3-optuna). Results: the Markdown table on
# stdout and in <out>/summary.md; the per-run rows in <out>/autovision.csv and <out>/optuna.csv.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds="0-19"
trials=100
out="$root/runs/bench-search-$(date -u +%Y%m%d-%H%M%S)"
optuna_csv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --optuna-csv) optuna_csv="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
python=/usr/bin/python3
"$python" -c 'import optuna' 2>/dev/null || { echo "optuna is not importable by $python (apt install python3-optuna)" >&2; exit 1; }

dotnet build "$root/bench/SearchBench" -c Release -nologo -v q >/dev/null
echo "AutoVision: seeds $seeds, $trials trials ..." >&2
dotnet "$root/bench/SearchBench/bin/Release/net10.0/AutoVision.SearchBench.dll" --seeds "$seeds" --trials "$trials" --out "$out/autovision.csv"
if [ -n "$optuna_csv" ]; then
  [ -f "$optuna_csv" ] || { echo "no such file: $optuna_csv" >&2; exit 2; }
  # The reused rows must be for the same seeds and trials, or the comparison would not be like for like.
  "$python" - "$optuna_csv" "$seeds" "$trials" <<'PY' || exit 2
import csv, sys
path, seeds, trials = sys.argv[1:]
first, _, last = seeds.partition("-")
want = set(range(int(first), int(last or first) + 1))
rows = list(csv.DictReader(open(path)))
got = {int(r["seed"]) for r in rows}
bad_trials = {r["trials"] for r in rows} - {trials}
if got != want or bad_trials:
    sys.exit(f"{path}: seeds {min(got)}-{max(got)} ({len(got)}), trials {sorted({r['trials'] for r in rows})}; "
             f"asked for seeds {seeds}, {trials} trials")
PY
  [ "$(realpath "$optuna_csv")" = "$(realpath -m "$out/optuna.csv")" ] || cp "$optuna_csv" "$out/optuna.csv"
  echo "Optuna: reusing $optuna_csv" >&2
else
  echo "Optuna $("$python" -c 'import optuna; print(optuna.__version__)'): seeds $seeds, $trials trials ..." >&2
  "$python" "$root/bench/search/optuna_bench.py" --seeds "$seeds" --trials "$trials" --out "$out/optuna.csv"
fi
{
  echo "Machine: $(nproc) CPU cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  "$python" "$root/bench/search/summarize.py" "$out/autovision.csv" "$out/optuna.csv"
} | tee "$out/summary.md"
