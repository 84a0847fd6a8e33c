#!/usr/bin/python3
"""Write a synthetic non-natural dataset where ImageNet features do not help: each of 10 classes has a fixed random
8x8 binary pattern (a code word); an example is its class's pattern with every cell flipped with probability 0.25,
drawn as 32x32 grayscale (4x4 pixels per cell). A linear fit on the pixels separates the classes well; a linear fit on
pretrained ResNet18 features does not (they describe textures and shapes, not which cell is set). Written as an
image-folder dataset: <out>/{train,test}/<class>/<n>.png. Needs numpy and python3-pil.

    /usr/bin/python3 bench/data/make_bitgrid.py OUT_DIR [--train 3000] [--test 1000] [--classes 10] [--flip 0.25]
        [--cells 8] [--side 32] [--seed 0]
"""
import argparse
import os

import numpy as np
from PIL import Image

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--train", type=int, default=3000)
parser.add_argument("--test", type=int, default=1000)
parser.add_argument("--classes", type=int, default=10)
parser.add_argument("--flip", type=float, default=0.25)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--cells", type=int, default=8, help="cells per side of the code grid")
parser.add_argument("--side", type=int, default=32, help="image side in pixels (a multiple of --cells)")
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
cells, side = args.cells, args.side
if side % cells:
    parser.error(f"--side {side} is not a multiple of --cells {cells}")
patterns = rng.integers(0, 2, (args.classes, cells, cells))
for split, count in (("train", args.train), ("test", args.test)):
    labels = np.arange(count) % args.classes   # balanced
    rng.shuffle(labels)
    noise = rng.random((count, cells, cells)) < args.flip
    grids = patterns[labels] ^ noise
    images = np.kron(grids, np.ones((side // cells, side // cells))).astype(np.uint8) * 255
    for i in range(count):
        folder = os.path.join(args.out, split, str(labels[i]))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(images[i], mode="L").save(os.path.join(folder, f"{i:05d}.png"))
print(f"{args.train} train, {args.test} test images of {args.classes} classes in {args.out}")
