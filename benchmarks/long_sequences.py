"""Long sequences on the CPU: denormal flushing, bf16, and the trainer against a minimal loop.

Usage: python benchmarks/long_sequences.py [--data-dir D] [--steps 28,112,784] [--batches N]
       [--repeats R] [--threads T]

For each sequence length, in one run and interleaved so that the machine's state affects all
alike: a minimal hand-written PyTorch loop (the tutorial's LSTM(128), Adam, batch 128) with
denormals kept and with denormals flushed, the same loop under bf16 autocast (flushed), and
lstm-gui's trainer (which flushes, core/numerics.py) in fp32 and in bf16. Each measurement
times `--batches` batches after two warm-up batches. Prints samples per second per variant
(median, min-max) and the ratios the speed issue asks for: flushed / kept, bf16 / fp32, and
trainer / minimal loop with the same precision and denormal setting.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.data import DatasetSplits, SequenceEncoder, load_dataset, to_unit
from lstm_gui.core.model import SequenceClassifier
from lstm_gui.core.progress import EpochResult
from lstm_gui.core.training import train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
BATCH = 128
WARM_UP = 2


def minimal_loop(
    data: DatasetSplits, steps: int, batches: int, flush: bool, bf16: bool, seed: int
) -> float:
    """Samples per second of the plainest loop: no progress records, no checks, no saving."""
    torch.set_flush_denormal(flush)
    config = TrainConfig(steps=steps)
    encoder = SequenceEncoder.for_config(config)
    torch.manual_seed(seed)
    model = SequenceClassifier(config.model_config())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = to_unit(data.train.images[: (batches + WARM_UP) * BATCH])
    labels = data.train.labels[: (batches + WARM_UP) * BATCH]
    start = 0.0
    for batch in range(batches + WARM_UP):
        if batch == WARM_UP:
            start = time.perf_counter()
        rows = slice(batch * BATCH, (batch + 1) * BATCH)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = nn.functional.cross_entropy(model(encoder(images[rows])), labels[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    torch.set_flush_denormal(False)
    return batches * BATCH / (time.perf_counter() - start)


def trainer(data: DatasetSplits, steps: int, batches: int, bf16: bool, seed: int) -> float:
    """Samples per second of lstm_gui's trainer over the same batches (its training time)."""
    config = TrainConfig(
        steps=steps,
        batch_size=BATCH,
        epochs=1,
        seed=seed,
        train_limit=(batches + WARM_UP) * BATCH,
        test_limit=BATCH,
        precision="bf16" if bf16 else "fp32",
        torch_threads=torch.get_num_threads(),
    )
    torch.manual_seed(seed)
    model = SequenceClassifier(config.model_config())
    speed = 0.0
    for record in train(model, data, config):
        if isinstance(record, EpochResult):
            # The epoch's samples/s includes the warm-up batches the loop does not time;
            # at these lengths they cost the same as any other batch.
            speed = record.samples_per_s
    torch.set_flush_denormal(False)
    return speed


def report(steps: int, speeds: dict[str, list[float]]) -> None:
    """Medians with their range, and the same-run ratios (median of the per-repeat ratios)."""

    def ratio(a: str, b: str) -> str:
        values = [x / y for x, y in zip(speeds[a], speeds[b], strict=True)]
        return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"

    spread = " ".join(
        f"{name}={statistics.median(v):.0f}({min(v):.0f}-{max(v):.0f})"
        for name, v in speeds.items()
    )
    print(f"steps={steps} samples_per_s median(min-max): {spread}")
    print(
        f"steps={steps} flushed/kept={ratio('loop_fp32_flushed', 'loop_fp32_kept')} "
        f"bf16/fp32={ratio('loop_bf16_flushed', 'loop_fp32_flushed')} "
        f"trainer/loop fp32={ratio('trainer_fp32', 'loop_fp32_flushed')} "
        f"trainer/loop bf16={ratio('trainer_bf16', 'loop_bf16_flushed')}",
        flush=True,
    )


def main() -> None:
    """Measure every variant at every length and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--steps", default="28,112,784")
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load_dataset("mnist", args.data_dir, download=False)
    variants: dict[str, Callable[[int, int], float]] = {
        "loop_fp32_kept": lambda t, s: minimal_loop(data, t, args.batches, False, False, s),
        "loop_fp32_flushed": lambda t, s: minimal_loop(data, t, args.batches, True, False, s),
        "loop_bf16_flushed": lambda t, s: minimal_loop(data, t, args.batches, True, True, s),
        "trainer_fp32": lambda t, s: trainer(data, t, args.batches, False, s),
        "trainer_bf16": lambda t, s: trainer(data, t, args.batches, True, s),
    }
    print(f"threads={args.threads} batch={BATCH} batches={args.batches} repeats={args.repeats}")
    for steps in (int(value) for value in args.steps.split(",")):
        speeds: dict[str, list[float]] = {name: [] for name in variants}
        for repeat in range(args.repeats):
            for name, run in variants.items():
                speeds[name].append(run(steps, repeat))
            line = " ".join(f"{name}={values[-1]:.0f}" for name, values in speeds.items())
            print(f"steps={steps} repeat={repeat + 1}: {line}", flush=True)

        report(steps, speeds)


if __name__ == "__main__":
    main()
