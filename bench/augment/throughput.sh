#!/usr/bin/env bash
# Augmentation throughput next to the ResNet18 fine-tuning step rate (images/s) at 32, 64 and 112 px.
# Goal (issue 8): every augmentation at least 5x the training rate, so augmentation never slows training.
#   bench/augment/throughput.sh [--sizes 32,64,112] [--batch 32] [--seconds 4] [--threads N]
# Prints a markdown table. Figures depend on the machine and on what else runs on it: say so with them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec dotnet run --project "$root/bench/AugmentBench" -c Release -- "$@"
