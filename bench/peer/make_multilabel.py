#!/usr/bin/env python3
"""Write a multi-label image dataset for benchmarks: pairs of Fashion-MNIST items side by side (28x56 grey PNG),
labelled with both items' classes (one or two labels: a pair of the same class has one), as a CSV manifest
(path,label,split with 'a|b' label lists) that `autovision convert` turns into the AutoDL format.

    apt-get install dataset-fashion-mnist
    python3 bench/peer/make_multilabel.py --out DIR [--train 1500] [--test 500] [--seed 7]

Source: Debian package dataset-fashion-mnist (Zalando Research, MIT licence). Standard library only;
deterministic for a given --seed.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "tools"))
from make_fashion_mnist_sample import CLASSES, load, png_gray  # noqa: E402

NAMES = [c.replace("/", "-").replace(" ", "_") for c in CLASSES]


def side_by_side(a, b):
    return b"".join(a[r * 28:(r + 1) * 28] + b[r * 28:(r + 1) * 28] for r in range(28))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=1500)
    ap.add_argument("--test", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    images, labels = load(a.source, "train")
    os.makedirs(os.path.join(a.out, "images"), exist_ok=True)
    rows = ["path,label,split"]
    for split, count in (("train", a.train), ("test", a.test)):
        for k in range(count):
            i, j = rng.randrange(len(images)), rng.randrange(len(images))
            name = f"images/{split}_{k:05d}.png"
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(png_gray(side_by_side(images[i], images[j]), 28, 56))
            rows.append(f"{name},{'|'.join(sorted({NAMES[labels[i]], NAMES[labels[j]]}))},{split}")
    with open(os.path.join(a.out, "manifest.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {a.train} train and {a.test} test pairs and {os.path.join(a.out, 'manifest.csv')}")


if __name__ == "__main__":
    main()
