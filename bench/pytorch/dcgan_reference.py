"""Ganvas's DCGAN training step, written independently in PyTorch, as the yardstick of `npm run bench`.

The model follows the rules of Radford, Metz & Chintala (2016), as main/models/dcgan.ts does:
- no pooling: strided 4x4 convolutions in D and 4x4 transposed convolutions in G, stride 2, padding 1,
  so every layer halves (D) or doubles (G) the image side;
- batchnorm in G and D, except G's output layer and D's input layer;
- G: ReLU inside, tanh at the output; D: LeakyReLU with slope 0.2 throughout;
- weights from N(0, 0.02); Adam with learning rate 2e-4 and beta1 0.5.
G projects z (100 numbers) to a 4x4 map with a linear layer; D ends in a linear layer to one logit.
Widths: D has width, 2·width, ... channels from the image down to 4x4 (64-128-256-512 at 64 px for
width 64); G mirrors it. Layers followed by batchnorm have no bias (batchnorm's shift replaces it).
Batchnorm uses Keras's defaults as Ganvas does (epsilon 1e-3, moving averages kept at 0.99).

One step (Goodfellow et al., 2014, Algorithm 1 with k = 1): a D update on a real batch and a generated
batch (binary cross-entropy on logits: real -> 1, fake -> 0), then a G update with the non-saturating
loss -log D(G(z)) on a fresh z. Prints one JSON line: the median seconds per step by image size.
"""

import argparse
import json
import math
import os
import resource
import statistics
import time

import torch
from torch import nn

BN_EPSILON = 1e-3
# PyTorch's momentum is the weight of the new batch: Keras's 0.99 for the old average is 0.01 here.
BN_MOMENTUM = 0.01


def halvings(size: int) -> int:
    """Stride-2 layers between the image and the 4x4 core."""
    count = int(math.log2(size // 4))
    if 4 * 2**count != size:
        raise ValueError(f"image size {size} is not 4 times a power of two")
    return count


def build_generator(size: int, latent: int, width: int) -> nn.Sequential:
    n = halvings(size)
    channels = [width * 2**i for i in reversed(range(n))]  # e.g. 512, 256, 128, 64 at 64 px
    layers: list[nn.Module] = [
        nn.Linear(latent, channels[0] * 16, bias=False),
        nn.Unflatten(1, (channels[0], 4, 4)),
        nn.BatchNorm2d(channels[0], eps=BN_EPSILON, momentum=BN_MOMENTUM),
        nn.ReLU(),
    ]
    for c_in, c_out in zip(channels, channels[1:]):
        layers.append(nn.ConvTranspose2d(c_in, c_out, kernel_size=4, stride=2, padding=1, bias=False))
        layers.append(nn.BatchNorm2d(c_out, eps=BN_EPSILON, momentum=BN_MOMENTUM))
        layers.append(nn.ReLU())
    # Output layer: no batchnorm, tanh for images in [-1, 1].
    layers.append(nn.ConvTranspose2d(channels[-1], 3, kernel_size=4, stride=2, padding=1, bias=True))
    layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def build_discriminator(size: int, width: int) -> nn.Sequential:
    n = halvings(size)
    channels = [3] + [width * 2**i for i in range(n)]  # e.g. 3, 64, 128, 256, 512 at 64 px
    layers: list[nn.Module] = []
    for index, (c_in, c_out) in enumerate(zip(channels, channels[1:])):
        first = index == 0
        # Input layer: no batchnorm, so it keeps its bias.
        layers.append(nn.Conv2d(c_in, c_out, kernel_size=4, stride=2, padding=1, bias=first))
        if not first:
            layers.append(nn.BatchNorm2d(c_out, eps=BN_EPSILON, momentum=BN_MOMENTUM))
        layers.append(nn.LeakyReLU(0.2))
    layers.append(nn.Flatten())
    layers.append(nn.Linear(channels[-1] * 16, 1))  # a logit, not a probability
    return nn.Sequential(*layers)


def initialise(model: nn.Module) -> None:
    """N(0, 0.02) weights (the paper, section 4); batchnorm scale N(1, 0.02) and biases 0, as Ganvas."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(module.weight, 0.0, 0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.BatchNorm2d):
            nn.init.normal_(module.weight, 1.0, 0.02)
            nn.init.zeros_(module.bias)


class Trainer:
    def __init__(self, size: int, batch: int, latent: int, width: int) -> None:
        torch.manual_seed(1)
        self.batch, self.latent = batch, latent
        self.g = build_generator(size, latent, width)
        self.d = build_discriminator(size, width)
        initialise(self.g)
        initialise(self.d)
        self.g.train()
        self.d.train()
        self.g_adam = torch.optim.Adam(self.g.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
        self.d_adam = torch.optim.Adam(self.d.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
        self.loss = nn.BCEWithLogitsLoss()
        # Stand-in images: the step's cost does not depend on what they show.
        self.real = torch.rand(batch, 3, size, size) * 2 - 1
        self.ones = torch.ones(batch, 1)
        self.zeros = torch.zeros(batch, 1)

    def step(self) -> list[float]:
        # D update. G runs in training mode (batch statistics) but without a graph: D's loss does
        # not train G.
        with torch.no_grad():
            fake = self.g(torch.randn(self.batch, self.latent))
        self.d_adam.zero_grad(set_to_none=True)
        real_logits = self.d(self.real)
        fake_logits = self.d(fake)
        d_loss = self.loss(real_logits, self.ones) + self.loss(fake_logits, self.zeros)
        d_loss.backward()
        self.d_adam.step()
        # The dashboard's D(x) and D(G(z)), which Ganvas computes in the step too.
        d_real = torch.sigmoid(real_logits.detach()).mean()
        d_fake = torch.sigmoid(fake_logits.detach()).mean()

        # G update, non-saturating: G wants D to say "real". Gradients flow through D to G, but D's
        # own weights get none (Ganvas differentiates with respect to G's variables only).
        self.d.requires_grad_(False)
        self.g_adam.zero_grad(set_to_none=True)
        g_loss = self.loss(self.d(self.g(torch.randn(self.batch, self.latent))), self.ones)
        g_loss.backward()
        self.g_adam.step()
        self.d.requires_grad_(True)
        return [d_loss.item(), g_loss.item(), d_real.item(), d_fake.item()]


def loaded_blas() -> str | None:
    """The BLAS library this process actually mapped (Debian's torch links whichever libblas.so.3 is found)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if name.startswith("libblas") or "openblas" in name:
                    return path
    except OSError:
        pass
    return None


def measure(size: int, args: argparse.Namespace) -> dict:
    trainer = Trainer(size, args.batch, args.latent, args.width)
    started = time.perf_counter()
    for _ in range(args.warmup):
        trainer.step()
    probe = (time.perf_counter() - started) / max(1, args.warmup)
    iterations = min(args.max_steps, max(args.min_steps, round(args.seconds / max(probe, 1e-9))))
    times = []
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for _ in range(iterations):
        step_started = time.perf_counter()
        values = trainer.step()
        times.append(time.perf_counter() - step_started)
        if not all(math.isfinite(v) for v in values):
            raise RuntimeError(f"non-finite loss at {size} px: {values}")
    wall = time.perf_counter() - wall_started
    return {
        "secondsPerStep": statistics.median(times),
        "iterations": iterations,
        "stepSeconds": times,
        "coresBusy": (time.process_time() - cpu_started) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="32,64", help="image sides, comma-separated")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--latent", type=int, default=100)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=6, help="rough time of the timed steps per size")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--min-steps", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=30)
    parser.add_argument(
        "--threads", type=int, default=os.cpu_count() or 1, help="intra-op threads (default: every core)"
    )
    args = parser.parse_args()
    # Debian's torch starts with one intra-op thread; a PyTorch user would have every core at work.
    torch.set_num_threads(args.threads)
    sizes = {str(size): measure(size, args) for size in (int(s) for s in args.sizes.split(","))}
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "blas": loaded_blas(),
                # ru_maxrss is in kilobytes on Linux: the peak of this process, over every size it ran.
                "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "sizes": sizes,
            }
        )
    )


if __name__ == "__main__":
    main()
