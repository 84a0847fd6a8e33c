#!/bin/sh
# Data benchmark: decode+cache throughput (28x28 PNG, 32x32 JPEG, large variable-size JPEG), loader throughput next
# to the ResNet18 training step rate at 32 and 64 px, the training loop's waits on the loader, and peak RSS (VmHWM)
# with a 64 MiB cache cap on a dataset whose cache is larger. Each measurement runs in its own process.
#   bench/data/run.sh [work-folder]      (default: a fresh folder under /tmp; needs /work/shared/data/sign-language-digits
#                                         or SIGN_LANGUAGE=<folder with train/<digit>/*.JPG>)
# Figures measured on the development machine are in docs/data.md.
set -e
cd "$(dirname "$0")/../.."
work="${1:-$(mktemp -d /tmp/autovision-databench-XXXXXX)}"
signs="${SIGN_LANGUAGE:-/work/shared/data/sign-language-digits}"
dotnet build bench/DataBench -c Release -v quiet -nologo >/dev/null
bench="dotnet bench/DataBench/bin/Release/net10.0/AutoVision.DataBench.dll"
nproc_line="$(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "machine: $nproc_line"
[ -d "$work/png28" ] || $bench prepare "$work" samples/fashion_mnist/fashion_mnist.data/train/sample-fashion_mnist-train.tfrecord "$signs"
$bench cache "$work" png28 28
$bench cache "$work" png28 64
$bench cache "$work" jpeg32 32
$bench cache "$work" jpeg32 64
$bench cache "$work" large 64
$bench loader "$work" jpeg32 32 2000
$bench loader "$work" jpeg32 64 1000
$bench train 32 5
$bench train 64 5
$bench feed "$work" jpeg32 64 15
$bench cache "$work" jpeg32 128
$bench cache "$work" jpeg32 128 64
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
