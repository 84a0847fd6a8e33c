#!/usr/bin/env bash
# AutoVision against the AutoCLINT peer (the AutoCV 2019 winner's algorithm, re-implemented for CPU with the same
# pretrained weights), one after the other on the same datasets, budgets and seeds, on this machine.
# Prints per run: ALC, final NAUC and first-prediction time of both, the ALC difference and the ratios (ALC: AutoVision's
# over the peer's; first prediction: the peer's time over AutoVision's); then the means.
#
#   bench/peer/compare.sh [--datasets "DIR ..."] [--budgets "120 300"] [--seeds "1 2"] [--peer DIR] [--out DIR]
#                         [--lanes 1|2] [--cpu CPU] [--runner AutoVision.Runner.dll]
#
# --lanes 2 runs the two systems side by side, AutoVision on CPU 0 and the peer on CPU 1, each with one compute thread
# (OMP_NUM_THREADS=1 and taskset): the same resources for both, half the wall time. The default (1) runs them one after
# the other, each with every CPU; with --cpu CPU, one after the other on that core alone with one compute thread each
# (the same conditions as --lanes 2 at twice the wall time, leaving the other core free). --runner uses that build
# instead of building src/Runner (keeps a long benchmark on one binary). bench/peer/datasets.sh OUT builds the
# benchmark's datasets.
#
# A dataset that is not in the AutoDL format (image folders, a CSV manifest) is first written in it with
# `autovision convert`, so that both read the same records. The peer needs Debian's python3-torch and its weights
# converted once (see its README). Results: a table on stdout and <out>/compare.csv.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
datasets="$root/samples/fashion_mnist $root/tests/Data/TestData/autodl/miniciao"
budgets="120 300"; seeds="1 2"; lanes=1; cpu=""; runner=""
peer="${AUTOCLINT_REF:-$root/../shared/peers/autoclint_ref}"
out="$root/runs/bench-peer-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --datasets) datasets="$2"; shift 2 ;;
    --budgets) budgets="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --lanes) lanes="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --runner) runner="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$peer/run_peer.py" ] || { echo "the peer is not at $peer (give --peer DIR or AUTOCLINT_REF)" >&2; exit 2; }
mkdir -p "$out"
. "$root/bench/runner.sh"
setup_runner
csv="$out/compare.csv"
echo "dataset,budget_s,seed,av_alc,av_nauc,av_first_s,peer_alc,peer_nauc,peer_first_s,alc_diff,alc_ratio,first_ratio" > "$csv"
printf '%-22s %5s %4s | %7s %7s %7s | %7s %7s %7s | %7s %6s %6s\n' dataset T seed AV_ALC AV_NAUC AV_1st PEER_ALC P_NAUC P_1st dALC ALC_x 1st_x
for d in $datasets; do
  name=$(basename "$d"); [[ "$d" == *.csv ]] && name=$(basename "$(dirname "$d")")
  if ! ls -d "$d"/*.data >/dev/null 2>&1; then
    conv="$out/datasets/$name"
    [ -d "$conv" ] || dotnet "$runner" convert "$d" --output "$conv" --name "$name" --max-side 256 >/dev/null
    d="$conv"
  fi
  for T in $budgets; do
    for s in $seeds; do
      o="$out/$name-$T-$s"
      if [ "$lanes" = 2 ]; then
        one_core 0 dotnet "$runner" run --dataset "$d" --output "$o/autovision" --budget "$T" --seed "$s" >"$o.av.stdout" 2>"$o.av.log" &
        one_core 1 "${PYTHON:-/usr/bin/python3}" "$peer/run_peer.py" "$d" "$o/peer" --budget "$T" --seed "$s" >"$o.peer.stdout" 2>"$o.peer.log" &
        wait || true
      else
        alone=(); [ -n "$cpu" ] && alone=(one_core "$cpu")
        "${alone[@]}" dotnet "$runner" run --dataset "$d" --output "$o/autovision" --budget "$T" --seed "$s" >"$o.av.stdout" 2>"$o.av.log" || true
        "${alone[@]}" "${PYTHON:-/usr/bin/python3}" "$peer/run_peer.py" "$d" "$o/peer" --budget "$T" --seed "$s" >"$o.peer.stdout" 2>"$o.peer.log" || true
      fi
      av_alc=$(awk '/^ALC:/ {print $2}' "$o.av.stdout"); av_nauc=$(awk '/^final NAUC:/ {print $3}' "$o.av.stdout")
      av_first=$(awk '/^first prediction:/ {print $3}' "$o.av.stdout")
      # The peer is scored by the same scorer as AutoVision (t0 = T/20), from the files it wrote.
      dotnet "$runner" score --solution-dir "$d" --prediction-dir "$o/peer" >"$o.peer.score" 2>&1 || true
      p_alc=$(awk '/^ALC:/ {print $2}' "$o.peer.score"); p_nauc=$(awk '/^final NAUC:/ {print $3}' "$o.peer.score")
      p_first=$(awk '/^first prediction:/ {print $3}' "$o.peer.score")
      diff=$(awk -v a="${av_alc:-nan}" -v b="${p_alc:-nan}" 'BEGIN { if (a == "nan" || b == "nan") print "nan"; else printf "%.4f", a - b }')
      # The ratios: AutoVision's ALC over the peer's, and the peer's first-prediction time over AutoVision's (how many
      # times earlier AutoVision's first prediction came).
      ratio=$(awk -v a="${av_alc:-nan}" -v b="${p_alc:-nan}" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "nan"; else printf "%.3f", a / b }')
      first_ratio=$(awk -v a="${av_first:-nan}" -v b="${p_first:-nan}" 'BEGIN { if (a == "nan" || b == "nan" || a == 0) print "nan"; else printf "%.1f", b / a }')
      echo "$name,$T,$s,${av_alc:-},${av_nauc:-},${av_first:-},${p_alc:-},${p_nauc:-},${p_first:-},$diff,$ratio,$first_ratio" >> "$csv"
      printf '%-22s %5s %4s | %7s %7s %7s | %7s %7s %7s | %7s %6s %6s\n' "$name" "$T" "$s" "${av_alc:--}" "${av_nauc:--}" "${av_first:--}" "${p_alc:--}" "${p_nauc:--}" "${p_first:--}" "$diff" "$ratio" "$first_ratio"
    done
  done
done
awk -F, 'NR > 1 && $4 != "" && $7 != "" { n++; a += $4; p += $7; d += $4 - $7; if ($4 > $7) w++ }
  END { if (n) printf "runs: %d   mean ALC: AutoVision %.4f, peer %.4f   mean difference %+.4f   AutoVision ahead in %d of %d\n", n, a / n, p / n, d / n, w, n }' "$csv"
echo "lanes: $lanes${cpu:+, both on CPU $cpu}; machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); results: $csv"
