#!/usr/bin/env bash
# NAS benchmark: the same run with --nas off and --nas on, per dataset and budget, one run after another.
# Reports per run: ALC, final NAUC, and with the search on: its seconds and share of the budget, its weight and
# architecture steps, and the architecture chosen (from <output>/checkpoints/nas.json).
#
#   bench/nas/compare.sh [--budgets "120 300"] [--datasets "DIR DIR ..."] [--modes "off on"] [--out DIR] [--pin CPU] [--runner DLL]
# --pin CPU: each run on that core alone with one compute thread; --runner: that build instead of building src/Runner.
# Needs only the .NET SDK (bash, awk, grep). Results: a table on stdout and <out>/nas.csv.
# The search needs a held-out split (at least 10 examples: 10 % of the training set by default), so datasets with
# fewer than 100 training examples run the same with the search on as off.
set -euo pipefail
pin=""; runner=""
root=$(cd "$(dirname "$0")/../.." && pwd)
budgets="120"
datasets="$root/samples/fashion_mnist /work/shared/data/sign-language-digits"
modes="off on"
out="$root/runs/bench-nas-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --budgets) budgets="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --pin) pin="$2"; shift 2 ;;
    --runner) runner="$2"; shift 2 ;;
    *) echo "unknown option $1; expected --budgets, --datasets, --modes, --out" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
. "$root/bench/runner.sh"
setup_runner
csv="$out/nas.csv"
echo "dataset,budget_s,nas,alc,final_nauc,search_s,search_share_pct,weight_steps,arch_steps,architecture,load_before,exit_code" > "$csv"
printf '%-22s %6s %4s %7s %7s %8s %7s %6s  %s\n' dataset T nas ALC NAUC search_s share steps architecture
for d in $datasets; do
  name=$(basename "$d")
  for T in $budgets; do
    for m in $modes; do
      o="$out/$name-$T-$m"
      rm -rf "$o"
      load=$(cut -d' ' -f1 /proc/loadavg)
      set +e
      "${launch[@]}" "$runner" run --dataset "$d" --output "$o" --budget "$T" --nas "$m" >"$o.stdout" 2>"$o.log"
      rc=$?
      set -e
      alc=$(awk '$1=="ALC:"{print $2}' "$o.stdout" | head -1)
      nauc=$(awk '$1=="final" && $2=="NAUC:"{print $3}' "$o.stdout" | head -1)
      search_s=""; steps=""; arch_steps=""; arch=""; share=""
      if [ -f "$o/checkpoints/nas.json" ]; then
        j="$o/checkpoints/nas.json"
        search_s=$(grep '"seconds"' "$j" | tail -1 | sed 's/.*: *\([0-9.eE+-]*\).*/\1/')
        steps=$(grep -m1 '"weightSteps"' "$j" | sed 's/.*: *\([0-9]*\).*/\1/')
        arch_steps=$(grep -m1 '"archSteps"' "$j" | sed 's/.*: *\([0-9]*\).*/\1/')
        arch=$(awk -F'"' '/"chosen"/{on=1} /"decisions"/{on=0} !on{next} /"block"/{b=$4} /"op"/{printf "%s=%s ", b, $4} /"head"/{printf "head=%s", $4}' "$j")
        share=$(awk -v s="$search_s" -v T="$T" 'BEGIN{printf "%.1f", 100*s/T}')
      fi
      echo "$name,$T,$m,${alc:-},${nauc:-},$search_s,$share,$steps,$arch_steps,$arch,$load,$rc" >> "$csv"
      printf '%-22s %6s %4s %7s %7s %8s %7s %6s  %s\n' "$name" "$T" "$m" "${alc:-n/a}" "${nauc:-n/a}" "${search_s:-}" "${share:-}" "${steps:-}" "${arch:-}"
    done
  done
done
echo "csv: $csv"
