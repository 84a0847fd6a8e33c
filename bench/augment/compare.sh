#!/usr/bin/env bash
# Policy comparison: the same runner with each fine-tuning augmentation, on several datasets and budgets.
# For every (dataset, budget, augmentation) it runs
#   AutoVision.Runner run --dataset D --output O --budget T --augmentation A
# and reads ALC ("score") and the final NAUC (last of "nauc_scores") from O/scores.txt.
# Prints one row per run, then the mean ALC and mean final NAUC per augmentation; writes <out>/compare.csv.
#
#   bench/augment/compare.sh [--budgets "120 300"] [--datasets "DIR ..."] \
#       [--augmentations "none flip faa-imagenet randaugment trivialaugment faa-search"] [--seed N] [--out DIR] \
#       [--pin CPU] [--runner AutoVision.Runner.dll]
# --pin CPU runs every run on that core alone with one compute thread (two lanes can then share a 2-core machine);
# --runner uses that build instead of building src/Runner (keeps a long benchmark on one binary).
# The full comparison (4 datasets x 2 budgets x 6 augmentations) takes about 4 x (120 + 300) x 6 s = 2.8 h of
# budget plus start-up; runs go one after the other (each uses every core).
set -euo pipefail
pin=""; runner=""
root=$(cd "$(dirname "$0")/../.." && pwd)
budgets="120 300"
datasets="$root/samples/fashion_mnist $root/tests/Data/TestData/sign-language-digits-mini /work/shared/data/autodl/miniciao /work/shared/data/sign-language-digits"
augmentations="none flip faa-imagenet randaugment trivialaugment faa-search"
seed=1
out="$root/runs/bench-augment-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --budgets) budgets="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --augmentations) augmentations="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --pin) pin="$2"; shift 2 ;;
    --runner) runner="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
. "$root/bench/runner.sh"
setup_runner
csv="$out/compare.csv"
echo "dataset,budget_s,augmentation,alc,final_nauc,predictions,policy_found,exit_code" > "$csv"
printf '%-28s %6s %-15s %8s %8s %5s %6s %4s\n' dataset T augmentation ALC NAUC preds policy rc
for d in $datasets; do
  name=$(basename "$d")
  for T in $budgets; do
    for a in $augmentations; do
      o="$out/$name-$T-$a"
      rm -rf "$o"
      set +e
      "${launch[@]}" "$runner" run --dataset "$d" --output "$o" --budget "$T" --seed "$seed" --augmentation "$a" >"$o.stdout" 2>"$o.log"
      rc=$?
      set -e
      alc=$(awk -F': ' '$1=="score"{print $2}' "$o/scores.txt" 2>/dev/null || true)
      nauc=$(awk -F': ' '$1=="nauc_scores"{gsub(/[][ ]/,"",$2); n=split($2,v,","); print v[n]}' "$o/scores.txt" 2>/dev/null || true)
      preds=$(ls "$o" 2>/dev/null | grep -c '\.predict_' || true)
      found=no; [ -f "$o/augmentation_policy.json" ] && found=yes
      echo "$name,$T,$a,${alc:-},${nauc:-},$preds,$found,$rc" >> "$csv"
      printf '%-28s %6s %-15s %8s %8s %5s %6s %4s\n' "$name" "$T" "$a" "${alc:0:6}" "${nauc:0:6}" "$preds" "$found" "$rc"
    done
  done
done
echo
echo "mean over the runs that were scored:"
printf '%-15s %5s %9s %11s\n' augmentation runs mean_ALC mean_NAUC
awk -F, 'NR>1 && $4!="" {n[$3]++; alc[$3]+=$4; nauc[$3]+=$5}
  END {for (a in n) printf "%-15s %5d %9.4f %11.4f\n", a, n[a], alc[a]/n[a], nauc[a]/n[a]}' "$csv" | sort -k3 -r
echo "csv: $csv"
