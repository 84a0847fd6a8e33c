#!/usr/bin/env bash
# Budget benchmark: does the runner keep its deadline?
# Runs `run` on each dataset with each budget, one after the other, and reports per run:
#   last prediction time vs T, process exit time vs T (both from start_time in start.txt, i.e. the
#   challenge's clock, which starts after the learner is built), the unused time at the end (T - last
#   prediction), the number of predictions and the ALC.
# Goals (issue "Budget: an honest clock"): last prediction always before T; the process exits within
# T + 2 s; median unused time under 5 % of T.
#
#   bench/budget.sh [--budgets "30 60 120"] [--datasets "DIR DIR ..."] [--out DIR]
# Needs only the .NET SDK (bash, awk, date). Results: a table on stdout and <out>/budget.csv.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
budgets="30 60 120"
datasets="$root/samples/fashion_mnist $root/tests/Data/TestData/autodl/miniciao $root/tests/Data/TestData/autodl/Monkeys $root/tests/Data/TestData/autodl/mini1"
out="$root/runs/bench-budget-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --budgets) budgets="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
dotnet build "$root/src/Runner" -c Release -nologo -v q >/dev/null
runner="$root/src/Runner/bin/Release/net10.0/AutoVision.Runner.dll"
csv="$out/budget.csv"
echo "dataset,budget_s,predictions,first_pred_s,last_pred_s,exit_s,unused_s,unused_pct,alc,exit_code" > "$csv"
printf '%-14s %6s %5s %9s %9s %9s %8s %7s %7s %4s\n' dataset T preds first_s last_s exit_s unused_s unused% ALC rc
for d in $datasets; do
  name=$(basename "$d")
  for T in $budgets; do
    o="$out/$name-$T"
    rm -rf "$o"
    set +e
    dotnet "$runner" run --dataset "$d" --output "$o" --budget "$T" >"$o.stdout" 2>"$o.log"
    rc=$?
    set -e
    exit_time=$(date +%s.%N)
    if [ ! -f "$o/start.txt" ]; then echo "$name,$T,0,,,,,,,$rc" >> "$csv"; printf '%-14s %6s  no start.txt (exit %s)\n' "$name" "$T" "$rc"; continue; fi
    alc=$(awk -F': ' '$1=="score"{print $2}' "$o/scores.txt" 2>/dev/null || true)
    awk -v exit_time="$exit_time" -v T="$T" -v name="$name" -v alc="${alc:-}" -v rc="$rc" -F': ' '
      $1=="start_time" {start=$2}
      $1 ~ /^[0-9]+$/ {n++; t[$1]=$2}
      END {
        first = n ? t[0]-start : -1; last = n ? t[n-1]-start : -1;
        ex = exit_time-start; unused = n ? T-last : T;
        printf "%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.2f,%s,%s\n", name, T, n, first, last, ex, unused, 100*unused/T, alc, rc >> "'"$csv"'";
        printf "%-14s %6s %5d %9.2f %9.2f %9.2f %8.2f %6.1f%% %7.4f %4s\n", name, T, n, first, last, ex, unused, 100*unused/T, alc, rc;
      }' "$o/start.txt"
  done
done
echo
median=$(awk -F, 'NR>1 && $3>0 {print $8}' "$csv" | sort -n | awk '{u[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print u[(NR+1)/2]; else print (u[NR/2]+u[NR/2+1])/2}')
awk -F, -v median="$median" 'NR>1 && $3>0 {n++; if ($5>=$2) late++; if ($6>$2+2) slow++}
  END {printf "runs: %d   last prediction at or after T: %d   exit after T+2 s: %d   median unused: %s%% of T\n", n, late+0, slow+0, median}' "$csv"
echo "csv: $csv"
