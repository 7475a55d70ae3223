"""The DCGAN training step of Ganvas, written independently in PyTorch, for `npm run bench`.

The same model as main/models/dcgan.ts (Radford et al., 2016): G projects z to a 4x4 map, then
stride-2 4x4 transposed convolutions with batchnorm and ReLU, tanh at the output (no batchnorm
there); D has stride-2 4x4 convolutions with LeakyReLU(0.2), batchnorm in every layer but the
first, and a linear layer to one logit. One step = one D update on a real and a generated batch
(binary cross-entropy on logits) and one G update with the non-saturating loss -log D(G(z))
(Goodfellow et al., 2014), both with Adam(2e-4, betas (0.5, 0.999)). Prints one JSON line:
seconds per step by image size.
"""

import argparse
import json
import math
import os
import resource
import time

import torch
from torch import nn


def generator(size: int, latent: int, width: int) -> nn.Module:
    steps = int(math.log2(size // 4))
    core = width * 2 ** (steps - 1)
    layers: list[nn.Module] = [
        nn.Linear(latent, 4 * 4 * core, bias=False),
        nn.Unflatten(1, (core, 4, 4)),
        nn.BatchNorm2d(core, eps=1e-3, momentum=0.01),
        nn.ReLU(),
    ]
    channels = core
    for step in range(1, steps):
        out = width * 2 ** (steps - 1 - step)
        layers += [
            nn.ConvTranspose2d(channels, out, 4, 2, 1, bias=False),
            nn.BatchNorm2d(out, eps=1e-3, momentum=0.01),
            nn.ReLU(),
        ]
        channels = out
    layers += [nn.ConvTranspose2d(channels, 3, 4, 2, 1), nn.Tanh()]
    return nn.Sequential(*layers)


def discriminator(size: int, width: int) -> nn.Module:
    steps = int(math.log2(size // 4))
    layers: list[nn.Module] = []
    channels = 3
    for step in range(steps):
        out = width * 2**step
        layers.append(nn.Conv2d(channels, out, 4, 2, 1, bias=step == 0))
        if step > 0:
            layers.append(nn.BatchNorm2d(out, eps=1e-3, momentum=0.01))
        layers.append(nn.LeakyReLU(0.2))
        channels = out
    layers += [nn.Flatten(), nn.Linear(channels * 4 * 4, 1)]
    return nn.Sequential(*layers)


def seconds_per_step(size: int, batch: int, latent: int, width: int, seconds: float) -> tuple[float, int]:
    torch.manual_seed(1)
    g, d = generator(size, latent, width), discriminator(size, width)
    for module in (g, d):
        for p in module.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, 0.0, 0.02)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(batch, 3, size, size) * 2 - 1
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

    def step() -> float:
        with torch.no_grad():
            fake = g(torch.randn(batch, latent))
        opt_d.zero_grad(set_to_none=True)
        d_loss = bce(d(real), ones) + bce(d(fake), zeros)
        d_loss.backward()
        opt_d.step()
        # G's update needs gradients through D, not of D's weights.
        for p in d.parameters():
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = bce(d(g(torch.randn(batch, latent))), ones)
        g_loss.backward()
        opt_g.step()
        for p in d.parameters():
            p.requires_grad_(True)
        return d_loss.item() + g_loss.item()

    started = time.perf_counter()
    step()  # warm-up
    probe = time.perf_counter() - started
    iterations = max(2, min(30, round(seconds / max(probe, 1e-6))))
    started = time.perf_counter()
    for _ in range(iterations):
        step()
    return (time.perf_counter() - started) / iterations, iterations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="32,64")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--latent", type=int, default=100)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    # Debian's build starts with one thread; a user's PyTorch would use every core.
    torch.set_num_threads(args.threads)
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        per_step, iterations = seconds_per_step(size, args.batch, args.latent, args.width, args.seconds)
        results[str(size)] = {"secondsPerStep": per_step, "iterations": iterations}
    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "peakRssMb": peak_mb, "sizes": results}))


if __name__ == "__main__":
    main()
