#!/usr/bin/python3
"""Writes a torchvision ResNet18 state dict (random weights, seed 0, BatchNorm statistics made non-trivial) with
torch.save, and the pooled 512 features torchvision computes for a fixed batch, for StateDictFileTests.

    torchvision_resnet18.py OUT_DIR
writes OUT_DIR/resnet18.pth, OUT_DIR/input.bin (2x3x40x40 float32, [0,1] RGB) and OUT_DIR/features.bin (2x512 float32).
"""
import os
import sys

import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=1000)
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.1, 0.1)
model.eval()
torch.save({"module." + k: v for k, v in model.state_dict().items()}, os.path.join(out, "resnet18.pth"))
x = torch.rand(2, 3, 40, 40)
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
trunk = torch.nn.Sequential(*list(model.children())[:-1])   # everything but fc: ... avgpool
with torch.no_grad():
    features = trunk((x - mean) / std).flatten(1)
x.numpy().astype("<f4").tofile(os.path.join(out, "input.bin"))
features.numpy().astype("<f4").tofile(os.path.join(out, "features.bin"))
