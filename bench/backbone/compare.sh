#!/usr/bin/env bash
# Backbone comparison: the same runner with each backbone of the registry, per dataset and budget, one run after another.
# For every (dataset, budget, backbone) it runs
#   AutoVision.Runner run --dataset D --output O --budget T --seed S --backbone B
# and prints ALC, final NAUC, the first prediction's time and the fine-tuning steps taken; writes <out>/backbones.csv.
#
#   bench/backbone/compare.sh [--budgets "120 300"] [--datasets "DIR ..."] [--backbones "resnet18 resnet18-layer3 scratch-resnet10"]
#       [--seed N] [--out DIR] [--pin CPU] [--runner AutoVision.Runner.dll]
# --pin CPU: each run on that core alone with one compute thread; --runner: that build instead of building src/Runner.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
budgets="120"; seed=1; pin=""; runner=""
datasets="$root/samples/fashion_mnist"
backbones="resnet18 resnet18-layer3 scratch-resnet10"
out="$root/runs/bench-backbone-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --budgets) budgets="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --backbones) backbones="$2"; shift 2 ;;
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
csv="$out/backbones.csv"
echo "dataset,budget_s,backbone,alc,final_nauc,first_s,steps,exit_code" > "$csv"
printf '%-22s %5s %-18s %7s %7s %7s %7s %4s\n' dataset T backbone ALC NAUC first steps rc
for d in $datasets; do
  name=$(basename "$d")
  for T in $budgets; do
    for b in $backbones; do
      o="$out/$name-$T-$b"
      rm -rf "$o"
      set +e
      "${launch[@]}" "$runner" run --dataset "$d" --output "$o" --budget "$T" --seed "$seed" --backbone "$b" >"$o.stdout" 2>"$o.log"
      rc=$?
      set -e
      alc=$(awk '$1=="ALC:"{print $2}' "$o.stdout" | head -1)
      nauc=$(awk '$1=="final" && $2=="NAUC:"{print $3}' "$o.stdout" | head -1)
      first=$(awk '$1=="first" && $2=="prediction:"{print $3}' "$o.stdout" | head -1)
      steps=$(grep -o '"trainingSteps": *[0-9]*' "$o/summary.json" 2>/dev/null | grep -o '[0-9]*$' || true)
      echo "$name,$T,$b,${alc:-},${nauc:-},${first:-},${steps:-},$rc" >> "$csv"
      printf '%-22s %5s %-18s %7s %7s %7s %7s %4s\n' "$name" "$T" "$b" "${alc:--}" "${nauc:--}" "${first:--}" "${steps:--}" "$rc"
    done
  done
done
echo "csv: $csv"
