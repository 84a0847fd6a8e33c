#!/usr/bin/python3
"""Write scikit-learn's handwritten digits (1,797 8x8 grayscale images, 10 classes; BSD-3-Clause, from the UCI
Optical Recognition of Handwritten Digits data) as an image-folder dataset: <out>/{train,test}/<class>/<n>.png,
a stratified 80/20 split with a fixed seed. Needs Debian's python3-sklearn and python3-pil.

    /usr/bin/python3 bench/data/make_digits.py OUT_DIR
"""
import os
import sys

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

out = sys.argv[1]
digits = load_digits()
images = (digits.images * (255.0 / 16.0)).round().clip(0, 255).astype(np.uint8)
index = np.arange(len(images))
train, test = train_test_split(index, test_size=0.2, random_state=0, stratify=digits.target)
for split, rows in (("train", train), ("test", test)):
    for i in rows:
        folder = os.path.join(out, split, str(digits.target[i]))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(images[i], mode="L").save(os.path.join(folder, f"{i:04d}.png"))
print(f"{len(train)} train, {len(test)} test images in {out}")
