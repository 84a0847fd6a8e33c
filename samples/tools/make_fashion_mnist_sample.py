#!/usr/bin/env python3
"""Write the bundled Fashion-MNIST sample in the AutoDL (AutoCV) dataset format.

Reads the four original Fashion-MNIST files (Debian package `dataset-fashion-mnist`, MIT licence,
/usr/share/datasets/fashion-mnist/) and writes, for a seeded class-balanced subset,

    <out>/fashion_mnist.data/{train,test}/metadata.textproto
    <out>/fashion_mnist.data/{train,test}/sample-fashion_mnist-{train,test}.tfrecord
    <out>/fashion_mnist.solution

exactly as the challenge's dataset formatter laid them out: one tf.train.SequenceExample per record
(context `id`, `label_index`, `label_score`; feature list `0_compressed` with one PNG per time step),
TFRecord framing with masked CRC32C, test ids 0..n_test-1, train ids from n_test, empty label lists in
test records, and the test labels only in the .solution file (np.savetxt '%.0f' style).

Standard library only (no TensorFlow, no numpy), so it runs on a fresh Debian machine:
    apt-get install dataset-fashion-mnist
    python3 samples/tools/make_fashion_mnist_sample.py --out samples/fashion_mnist
The output is deterministic for a given --seed.
"""
import argparse
import gzip
import os
import random
import struct
import zlib

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def load(root, prefix):
    (n, h, w), pixels = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"))
    (m,), labels = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"))
    assert n == m and h == 28 and w == 28
    images = [pixels[i * h * w:(i + 1) * h * w] for i in range(n)]
    return images, list(labels)


# --- PNG (8-bit grayscale) -------------------------------------------------------------------------
def png_gray(pixels, h, w):
    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + pixels[r * w:(r + 1) * w] for r in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# --- protobuf wire format ------------------------------------------------------------------------
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, wire, payload):
    key = varint((num << 3) | wire)
    if wire == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def int64_feature(values):   # Feature { Int64List int64_list = 3 { repeated int64 value = 1 [packed] } }
    packed = b"".join(varint(v) for v in values)
    inner = field(1, 2, packed) if values else b""
    return field(3, 2, inner)


def float_feature(values):   # Feature { FloatList float_list = 2 { repeated float value = 1 [packed] } }
    packed = b"".join(struct.pack("<f", v) for v in values)
    inner = field(1, 2, packed) if values else b""
    return field(2, 2, inner)


def bytes_feature(values):   # Feature { BytesList bytes_list = 1 { repeated bytes value = 1 } }
    return field(1, 2, b"".join(field(1, 2, v) for v in values))


def map_entry(key, value_msg):
    return field(1, 2, key.encode()) + field(2, 2, value_msg)


def sequence_example(ex_id, label_index, label_score, frames):
    context = b"".join(field(1, 2, map_entry(k, v)) for k, v in [
        ("id", int64_feature([ex_id])),
        ("label_index", int64_feature(label_index)),
        ("label_score", float_feature(label_score)),
    ])
    feature_list = b"".join(field(1, 2, bytes_feature([f])) for f in frames)
    feature_lists = field(1, 2, map_entry("0_compressed", feature_list))
    return field(1, 2, context) + field(2, 2, feature_lists)


# --- TFRecord framing with masked CRC32C ---------------------------------------------------------
def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(payload):
    length = struct.pack("<Q", len(payload))
    return length + struct.pack("<I", masked_crc(length)) + payload + struct.pack("<I", masked_crc(payload))


# --- metadata ----------------------------------------------------------------------------------------
def metadata(sample_count):
    lines = ["is_sequence: false", f"sample_count: {sample_count}", "sequence_size: 1", "output_dim: 10",
             "matrix_spec {", "  col_count: 28", "  row_count: 28", "  num_channels: 1",
             "  is_sequence_col: false", "  is_sequence_row: false", "  has_locality_col: true",
             "  has_locality_row: true", "  format: COMPRESSED", "}"]
    for i, name in enumerate(CLASSES):
        lines += ["label_to_index_map {", f"  key: '{name}'", f"  value: {i}", "}"]
    return "\n".join(lines) + "\n"


def balanced_subset(labels, per_class, rng):
    by_class = {c: [i for i, l in enumerate(labels) if l == c] for c in range(10)}
    chosen = []
    for c in range(10):
        chosen += rng.sample(by_class[c], per_class)
    rng.shuffle(chosen)
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "fashion_mnist"))
    ap.add_argument("--name", default="fashion_mnist")
    ap.add_argument("--train-per-class", type=int, default=200)
    ap.add_argument("--test-per-class", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20191)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    train_images, train_labels = load(args.source, "train")
    test_images, test_labels = load(args.source, "t10k")
    train_idx = balanced_subset(train_labels, args.train_per_class, rng)
    test_idx = balanced_subset(test_labels, args.test_per_class, rng)
    n_test = len(test_idx)

    data_dir = os.path.join(args.out, f"{args.name}.data")
    for split, idx, images, labels in [("train", train_idx, train_images, train_labels),
                                       ("test", test_idx, test_images, test_labels)]:
        d = os.path.join(data_dir, split)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"sample-{args.name}-{split}.tfrecord"), "wb") as f:
            for row, i in enumerate(idx):
                if split == "test":   # test ids 0..n_test-1, labels only in the .solution file
                    rec = sequence_example(row, [], [], [png_gray(images[i], 28, 28)])
                else:                 # train ids start at n_test
                    rec = sequence_example(n_test + row, [labels[i]], [1.0], [png_gray(images[i], 28, 28)])
                f.write(tfrecord(rec))
        with open(os.path.join(d, "metadata.textproto"), "w") as f:
            f.write(metadata(len(idx)))

    with open(os.path.join(args.out, f"{args.name}.solution"), "w") as f:
        for i in test_idx:
            f.write(" ".join("1" if c == test_labels[i] else "0" for c in range(10)) + "\n")

    print(f"wrote {len(train_idx)} train and {n_test} test examples to {os.path.abspath(args.out)}")


if __name__ == "__main__":
    main()
