"""Ganvas's CycleGAN training step, written independently in PyTorch, as the yardstick of `npm run bench`.

The model follows Zhu, Park, Isola & Efros (2017, appendix 7.2), as main/models/cyclegan.ts does:
- ResNet generator c7s1-w, d2w, d4w, R4w x n, u2w, uw, c7s1-3: reflection padding before the 7x7 and
  the residual 3x3 convolutions, instance normalisation (with scale and shift) and ReLU after every
  convolution but the last, tanh at the output; transposed 3x3 convolutions, stride 2, to go back up;
- 70x70 PatchGAN discriminator C64-C128-C256-C512 (4x4 convolutions, stride 2 then 1, padding 1),
  instance norm in all but the first, LeakyReLU 0.2, a last 4x4 convolution to one score per patch;
- weights from N(0, 0.02); Adam(2e-4, beta1 0.5): one optimizer over both generators, one over both
  discriminators.

One step: both generators on the least-squares adversarial losses + 10 x cycle L1 + 5 x identity L1
(eq. 3 and section 5.2), then both discriminators on real images against generated ones drawn through
a 50-image history pool (section 4). Batch 1. Prints one JSON line: the median seconds per step by
image size.
"""

import argparse
import json
import math
import os
import random
import resource
import statistics
import time

import torch
from torch import nn


def norm_relu(channels: int) -> list[nn.Module]:
    return [nn.InstanceNorm2d(channels, affine=True, eps=1e-5), nn.ReLU()]


class ResidualBlock(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1),
            nn.Conv2d(channels, channels, 3),
            *norm_relu(channels),
            nn.ReflectionPad2d(1),
            nn.Conv2d(channels, channels, 3),
            nn.InstanceNorm2d(channels, affine=True, eps=1e-5),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


def build_generator(width: int, blocks: int) -> nn.Sequential:
    w = width
    layers: list[nn.Module] = [nn.ReflectionPad2d(3), nn.Conv2d(3, w, 7), *norm_relu(w)]
    layers += [nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), *norm_relu(2 * w)]
    layers += [nn.Conv2d(2 * w, 4 * w, 3, stride=2, padding=1), *norm_relu(4 * w)]
    layers += [ResidualBlock(4 * w) for _ in range(blocks)]
    layers += [nn.ConvTranspose2d(4 * w, 2 * w, 3, stride=2, padding=1, output_padding=1), *norm_relu(2 * w)]
    layers += [nn.ConvTranspose2d(2 * w, w, 3, stride=2, padding=1, output_padding=1), *norm_relu(w)]
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(w, 3, 7), nn.Tanh()]
    return nn.Sequential(*layers)


def build_discriminator(width: int) -> nn.Sequential:
    w = width
    layers: list[nn.Module] = [nn.Conv2d(3, w, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
    for c_in, c_out, stride in ((w, 2 * w, 2), (2 * w, 4 * w, 2), (4 * w, 8 * w, 1)):
        layers += [
            nn.Conv2d(c_in, c_out, 4, stride=stride, padding=1),
            nn.InstanceNorm2d(c_out, affine=True, eps=1e-5),
            nn.LeakyReLU(0.2),
        ]
    layers.append(nn.Conv2d(8 * w, 1, 4, padding=1))
    return nn.Sequential(*layers)


def initialise(model: nn.Module) -> None:
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(module.weight, 0.0, 0.02)
            nn.init.zeros_(module.bias)


class HistoryPool:
    """Zhu et al., section 4 (after Shrivastava et al.): D sees fakes from the last 50 steps too."""

    def __init__(self, capacity: int) -> None:
        self.capacity, self.images = capacity, []

    def query(self, image: torch.Tensor) -> torch.Tensor:
        if len(self.images) < self.capacity:
            self.images.append(image)
            return image
        if random.random() < 0.5:
            return image
        index = random.randrange(self.capacity)
        stored, self.images[index] = self.images[index], image
        return stored


class Trainer:
    def __init__(self, size: int, width: int, blocks: int) -> None:
        torch.manual_seed(1)
        random.seed(1)
        self.g_ab, self.g_ba = build_generator(width, blocks), build_generator(width, blocks)
        self.d_a, self.d_b = build_discriminator(width), build_discriminator(width)
        for model in (self.g_ab, self.g_ba, self.d_a, self.d_b):
            initialise(model)
            model.train()
        generators = list(self.g_ab.parameters()) + list(self.g_ba.parameters())
        discriminators = list(self.d_a.parameters()) + list(self.d_b.parameters())
        self.g_adam = torch.optim.Adam(generators, lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
        self.d_adam = torch.optim.Adam(discriminators, lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
        self.pool_a, self.pool_b = HistoryPool(50), HistoryPool(50)
        # Stand-in images: the step's cost does not depend on what they show.
        self.real_a = torch.rand(1, 3, size, size) * 2 - 1
        self.real_b = torch.rand(1, 3, size, size) * 2 - 1

    def step(self) -> list[float]:
        mse, l1 = nn.functional.mse_loss, nn.functional.l1_loss
        real_a, real_b = self.real_a, self.real_b
        # Generators: D's weights get no gradient (Ganvas differentiates with respect to G's only).
        for d in (self.d_a, self.d_b):
            d.requires_grad_(False)
        self.g_adam.zero_grad(set_to_none=True)
        fake_b, fake_a = self.g_ab(real_a), self.g_ba(real_b)
        score_b, score_a = self.d_b(fake_b), self.d_a(fake_a)
        adversarial = mse(score_b, torch.ones_like(score_b)) + mse(score_a, torch.ones_like(score_a))
        cycle = l1(self.g_ba(fake_b), real_a) + l1(self.g_ab(fake_a), real_b)
        identity = l1(self.g_ab(real_b), real_b) + l1(self.g_ba(real_a), real_a)
        g_loss = adversarial + 10 * cycle + 5 * identity
        g_loss.backward()
        self.g_adam.step()
        for d in (self.d_a, self.d_b):
            d.requires_grad_(True)
        # Discriminators: real -> 1, pooled fakes -> 0, each loss halved (LSGAN as in Zhu et al.'s code).
        self.d_adam.zero_grad(set_to_none=True)
        pooled_a = self.pool_a.query(fake_a.detach())
        pooled_b = self.pool_b.query(fake_b.detach())
        d_loss = 0.0
        for d, real, fake in ((self.d_a, real_a, pooled_a), (self.d_b, real_b, pooled_b)):
            real_score, fake_score = d(real), d(fake)
            d_loss = d_loss + 0.5 * (
                mse(real_score, torch.ones_like(real_score)) + mse(fake_score, torch.zeros_like(fake_score))
            )
        d_loss.backward()
        self.d_adam.step()
        return [g_loss.item(), float(d_loss.item()), cycle.item()]


def measure(size: int, args: argparse.Namespace) -> dict:
    trainer = Trainer(size, args.width, args.blocks)
    started = time.perf_counter()
    for _ in range(args.warmup):
        trainer.step()
    probe = (time.perf_counter() - started) / max(1, args.warmup)
    iterations = min(args.max_steps, max(args.min_steps, round(args.seconds / max(probe, 1e-9))))
    times = []
    for _ in range(iterations):
        step_started = time.perf_counter()
        values = trainer.step()
        times.append(time.perf_counter() - step_started)
        if not all(math.isfinite(v) for v in values):
            raise RuntimeError(f"non-finite loss at {size} px: {values}")
    return {"secondsPerStep": statistics.median(times), "iterations": iterations}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="64,128", help="image sides, comma-separated")
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--blocks", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=6, help="rough time of the timed steps per size")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--min-steps", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=30)
    parser.add_argument(
        "--threads", type=int, default=os.cpu_count() or 1, help="intra-op threads (default: every core)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    sizes = {str(size): measure(size, args) for size in (int(s) for s in args.sizes.split(","))}
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "sizes": sizes,
            }
        )
    )


if __name__ == "__main__":
    main()
