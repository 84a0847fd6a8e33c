#!/usr/bin/env python3
"""The same fine-tuning step as bench/TrainBench in plain PyTorch (Debian python3-torch / python3-torchvision):
the learner's network built with torchvision's ResNet class — basic blocks, stages of 2, 2, 2 and 3 blocks as in the
pretrained ResNet18 the learner imports (torchvision's own resnet18 has 2, 2, 2, 2: a smaller network) — with a
10-class head, BatchNorm in eval mode, SGD (Nesterov momentum 0.9, weight decay
2.5e-4), cross-entropy, gradient clipping at norm 5, random images in [0,1]. Weights do not change the arithmetic
cost, so the network is not loaded with pretrained weights. Prints one line per size:
    pytorch <size> <batch> <steps> <seconds> <images/s>
"""
import argparse
import os
import sys
import time

import torch
import torchvision

p = argparse.ArgumentParser()
p.add_argument("--sizes", default="32,64,112")
p.add_argument("--batch", type=int, default=32)
p.add_argument("--steps", type=int, default=20)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: every CPU, as TorchSharp uses)")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
print(f"threads: {torch.get_num_threads()}  torch {torch.__version__}", file=sys.stderr)
for size in [int(s) for s in a.sizes.split(",")]:
    model = torchvision.models.resnet.ResNet(torchvision.models.resnet.BasicBlock, [2, 2, 2, 3], num_classes=10)
    model.train()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=2.5e-4, nesterov=True)
    x = torch.rand(a.batch, 3, size, size)
    y = torch.randint(0, 10, (a.batch,))
    start = None
    for s in range(a.warmup + a.steps):
        if s == a.warmup:
            start = time.perf_counter()
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
    seconds = time.perf_counter() - start
    print(f"pytorch {size} {a.batch} {a.steps} {seconds:.3f} {a.batch * a.steps / seconds:.1f}", flush=True)
