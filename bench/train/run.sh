#!/usr/bin/env bash
# Training-throughput benchmark: images/s of one fine-tuning step (forward + backward + SGD step, batch 32) of the
# learner's network at 32, 64 and 112 px, AutoVision (TorchSharp, libtorch 2.10) next to plain PyTorch (Debian
# python3-torch) on the same network and batch, with the same number of intra-op threads (every CPU: Debian's
# PyTorch otherwise starts with one), run one after the other, alternating, several rounds; prints the median images/s
# of each and the ratio.
#
#   bench/train/run.sh [--rounds 3] [--steps 20] [--sizes 32,64,112] [--threads N] [--pin CPUS]
# --threads N: intra-op threads of both sides (default: every CPU); --pin CPUS: both run under taskset -c CPUS.
# Both sides build the same network: the pretrained ResNet18's topology (stages of 2, 2, 2, 3 basic blocks).
# Needs the .NET SDK and, for the PyTorch side, Debian's python3-torch and python3-torchvision
# (apt-get install python3-torch python3-torchvision; the interpreter is $PYTHON, default /usr/bin/python3).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=3; steps=20; sizes=32,64,112; threads=$(nproc); pin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --pin) pin="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dotnet build "$root/bench/TrainBench" -c Release -nologo -v q >/dev/null
bench="$root/bench/TrainBench/bin/Release/net10.0/TrainBench"
out=$(mktemp)
for r in $(seq "$rounds"); do
  ${pin:+taskset -c "$pin"} "$bench" --sizes "$sizes" --steps "$steps" --threads "$threads" >>"$out"
  ${pin:+taskset -c "$pin"} "${PYTHON:-/usr/bin/python3}" "$root/bench/train/pytorch_step.py" --sizes "$sizes" --steps "$steps" --threads "$threads" >>"$out"
done
echo "threads: $threads${pin:+, pinned to CPU(s) $pin}; machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  { v[$1" "$2] = v[$1" "$2] " " $6; sizes[$2] = 1 }
  function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END {
    printf "%6s %18s %18s %8s\n", "size", "autovision img/s", "pytorch img/s", "ratio"
    for (s in sizes) { m1 = median(v["autovision " s]); m2 = median(v["pytorch " s]); printf "%6s %18.1f %18.1f %8.2f\n", s, m1, m2, m1 / m2 }
  }' "$out" | sort -n
echo "rounds: $rounds, steps per measurement: $steps (raw lines below)"
cat "$out"
rm -f "$out"
