#!/usr/bin/env python3
"""Write an elongated single-label image dataset for benchmarks: three Fashion-MNIST items side by side (84 wide,
28 high, aspect 3, grey PNG), labelled with the class of the middle item, as a CSV manifest (path,label,split) that
`autovision convert` turns into the AutoDL format. Training strips are made of Fashion-MNIST training items, test
strips of its test items.

    apt-get install dataset-fashion-mnist
    python3 bench/data/make_elongated.py --out DIR [--train 3000] [--test 1000] [--seed 7]

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


def side_by_side(items):
    return b"".join(b"".join(item[r * 28:(r + 1) * 28] for item in items) for r in range(28))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=3000)
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "images"), exist_ok=True)
    rows = ["path,label,split"]
    for split, prefix, count in (("train", "train", a.train), ("test", "t10k", a.test)):
        images, labels = load(a.source, prefix)
        for k in range(count):
            picks = [rng.randrange(len(images)) for _ in range(3)]
            name = f"images/{split}_{k:05d}.png"
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(png_gray(side_by_side([images[i] for i in picks]), 28, 84))
            rows.append(f"{name},{NAMES[labels[picks[1]]]},{split}")
    with open(os.path.join(a.out, "manifest.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {a.train} train and {a.test} test strips and {os.path.join(a.out, 'manifest.csv')}")


if __name__ == "__main__":
    main()
