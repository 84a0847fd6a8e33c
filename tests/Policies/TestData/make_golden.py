#!/usr/bin/python3
"""Makes the golden outputs the Policies tests compare the batched TorchSharp operations with.

Run with Debian's Pillow (python3-pil), the library Fast AutoAugment's operations are written for:
    /usr/bin/python3 tests/Policies/TestData/make_golden.py
It reads three real images (sign-language-digits-mini, resized here), writes them as input PNGs, applies every
operation the way Fast AutoAugment's augmentations.py does (PIL on uint8, nearest resampling for the geometric
operations, black fill) at several magnitudes in the operation's own units, and writes one PNG per result plus
golden.json listing them. Deterministic: Cutout takes a fixed centre instead of a random one.
"""
import json
import os

import PIL
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "..", "..", "Data", "TestData", "sign-language-digits-mini", "test")
OUT = os.path.join(HERE, "golden")


def shear_x(img, v):
    return img.transform(img.size, Image.AFFINE, (1, v, 0, 0, 1, 0))


def shear_y(img, v):
    return img.transform(img.size, Image.AFFINE, (1, 0, 0, v, 1, 0))


def translate_x(img, px):  # px: pixels, as FAA's TranslateX after v * width
    return img.transform(img.size, Image.AFFINE, (1, 0, px, 0, 1, 0))


def translate_y(img, px):
    return img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, px))


def rotate(img, deg):
    return img.rotate(deg)


def solarize(img, threshold):
    return ImageOps.solarize(img, threshold)


def posterize(img, bits):
    return ImageOps.posterize(img, int(bits))


def cutout(img, side_px, cx, cy):  # FAA CutoutAbs with the centre (cx, cy) given instead of drawn
    w, h = img.size
    x0 = int(max(0, cx - side_px / 2.0))
    y0 = int(max(0, cy - side_px / 2.0))
    x1 = min(w, x0 + side_px)
    y1 = min(h, y0 + side_px)
    img = img.copy()
    ImageDraw.Draw(img).rectangle((x0, y0, x1, y1), (125, 123, 114) if img.mode == "RGB" else 125)
    return img


OPS = {
    "ShearX": (shear_x, [-0.3, 0.12, 0.3]),
    "ShearY": (shear_y, [-0.25, 0.3]),
    "TranslateX": (translate_x, [-9.0, 4.0, 13.5]),
    "TranslateY": (translate_y, [-6.0, 11.0]),
    "Rotate": (rotate, [-30.0, 7.5, 30.0]),
    "AutoContrast": (lambda img, v: ImageOps.autocontrast(img), [0.0]),
    "Invert": (lambda img, v: ImageOps.invert(img), [0.0]),
    "Equalize": (lambda img, v: ImageOps.equalize(img), [0.0]),
    "Solarize": (solarize, [0.0, 77.0, 128.0, 200.5, 256.0]),
    "Posterize": (posterize, [4, 5, 6, 8]),
    "Contrast": (lambda img, v: ImageEnhance.Contrast(img).enhance(v), [0.1, 0.6, 1.5, 1.9]),
    "Color": (lambda img, v: ImageEnhance.Color(img).enhance(v), [0.1, 0.6, 1.9]),
    "Brightness": (lambda img, v: ImageEnhance.Brightness(img).enhance(v), [0.1, 0.6, 1.9]),
    "Sharpness": (lambda img, v: ImageEnhance.Sharpness(img).enhance(v), [0.1, 0.6, 1.9]),
}
CUTOUTS = [(6.0, 10.0, 12.0), (8.0, 1.5, 30.0), (5.6, 20.3, 4.7)]  # side px, centre x, centre y


def inputs():
    """Three small real images: a square RGB, a wide RGB (width != height checks the axes) and a grey one."""
    files = []
    for label in sorted(os.listdir(SOURCES)):
        for name in sorted(os.listdir(os.path.join(SOURCES, label))):
            files.append(os.path.join(SOURCES, label, name))
    a = Image.open(files[0]).convert("RGB").resize((32, 32), Image.BILINEAR)
    b = Image.open(files[1]).convert("RGB").resize((40, 28), Image.BILINEAR)
    c = Image.open(files[2]).convert("L").resize((28, 28), Image.BILINEAR)
    return {"square": a, "wide": b, "grey": c}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for key, img in inputs().items():
        img.save(os.path.join(OUT, f"{key}.png"))
        for op, (fn, values) in OPS.items():
            for i, v in enumerate(values):
                name = f"{key}_{op}_{i}.png"
                fn(img, v).save(os.path.join(OUT, name))
                cases.append({"input": f"{key}.png", "op": op, "value": v, "output": name})
        for i, (side, cx, cy) in enumerate(CUTOUTS):
            name = f"{key}_Cutout_{i}.png"
            cutout(img, side, cx, cy).save(os.path.join(OUT, name))
            cases.append({"input": f"{key}.png", "op": "Cutout", "value": side, "centreX": cx, "centreY": cy,
                          "output": name})
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
