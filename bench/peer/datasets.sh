#!/usr/bin/env bash
# Builds the datasets of the AutoCLINT comparison that are not in the repository and prints the --datasets list for
# bench/peer/compare.sh: the bundled sample, a larger Fashion-MNIST subset (6,000 / 1,000, Debian's
# dataset-fashion-mnist), scikit-learn's digits (1,437 / 360, python3-sklearn), a multi-label set of Fashion-MNIST
# pairs (1,500 / 500), the RGB photos of sign-language-digits (1,651 / 411) and the three official AutoDL samples
# (the last two from the shared data folder, when it is there).
#
#   bench/peer/datasets.sh OUT_DIR
#   bench/peer/compare.sh --datasets "$(bench/peer/datasets.sh OUT_DIR)" --budgets "120 300" --seeds "1 2" --lanes 2
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: bench/peer/datasets.sh OUT_DIR}
mkdir -p "$out"
py=${PYTHON:-/usr/bin/python3}
[ -d "$out/fashion_mnist_6k" ] || "$py" "$root/samples/tools/make_fashion_mnist_sample.py" --out "$out/fashion_mnist_6k" --name fashion_mnist_6k --train-per-class 600 --test-per-class 100 --seed 7 >&2
[ -d "$out/digits" ] || "$py" "$root/bench/data/make_digits.py" "$out/digits" >&2
[ -f "$out/multilabel/manifest.csv" ] || "$py" "$root/bench/peer/make_multilabel.py" --out "$out/multilabel" >&2
list="$root/samples/fashion_mnist $out/fashion_mnist_6k $out/digits $out/multilabel/manifest.csv"
shared="$root/../shared/data"
[ -d "$shared/sign-language-digits" ] && list="$list $(cd "$shared/sign-language-digits" && pwd)"
for d in Monkeys mini1 miniciao; do [ -d "$shared/autodl/$d" ] && list="$list $(cd "$shared/autodl/$d" && pwd)"; done
echo "$list"
