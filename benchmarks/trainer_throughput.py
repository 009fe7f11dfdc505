"""Trainer throughput against a minimal hand-written PyTorch loop, same model, same run.

Usage: python benchmarks/trainer_throughput.py [--data-dir D] [--batches N] [--repeats R]

Both loops train the tutorial's LSTM(128) with Adam, batch 28, on MNIST rows, for the same
number of batches, alternating so that the machine's state affects both alike. The last
line prints `ratio=<trainer / minimal samples per second, median>`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.control import prepare_thread
from lstm_gui.core.run.data import load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.core.run.training import train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def minimal_loop(images: torch.Tensor, labels: torch.Tensor, batches: int, seed: int) -> float:
    """Samples per second of the plainest loop: no progress, no checks, no checkpoints."""
    torch.manual_seed(seed)
    model = SequenceClassifier(TrainConfig().model_config())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(labels))
    start = time.perf_counter()
    for batch in range(batches):
        index = order[batch * 28 : (batch + 1) * 28]
        loss = nn.functional.cross_entropy(model(images[index]), labels[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return batches * 28 / (time.perf_counter() - start)


def trainer_loop(data, batches: int, seed: int) -> float:  # type: ignore[no-untyped-def]
    """Samples per second of lstm_gui.core.run.training.train over `batches` batches."""
    config = TrainConfig(
        epochs=1, seed=seed, train_limit=batches * 28, test_limit=28, report_every=50
    )
    prepare_thread(config)  # as session.prepare_run sets a run up
    torch.manual_seed(seed)
    model = SequenceClassifier(config.model_config())
    seconds = 0.0
    for record in train(model, data, config):
        if isinstance(record, BatchProgress) and record.batch == record.batches:
            pass
        elif hasattr(record, "train_seconds"):
            seconds = record.train_seconds  # type: ignore[union-attr]
    return batches * 28 / seconds


def main() -> None:
    """Run both loops alternately and print their medians and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--batches", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = load_dataset("mnist", args.data_dir, download=False)
    images = data.train.images.float().div(255)
    labels = data.train.labels
    # Both loops on a thread set up as every run's is (denormals flushed, the run's thread
    # count): before this, the first minimal loop ran on PyTorch's default threads.
    prepare_thread(TrainConfig())
    minimal, trainer = [], []
    for repeat in range(args.repeats):
        minimal.append(minimal_loop(images, labels, args.batches, repeat))
        trainer.append(trainer_loop(data, args.batches, repeat))
        print(f"repeat {repeat + 1}: minimal {minimal[-1]:,.0f}/s trainer {trainer[-1]:,.0f}/s")
    ratios = [t / m for t, m in zip(trainer, minimal, strict=True)]
    print(f"threads={torch.get_num_threads()} batches={args.batches} repeats={args.repeats}")
    print(
        f"minimal_samples_per_s={statistics.median(minimal):,.0f} "
        f"trainer_samples_per_s={statistics.median(trainer):,.0f} "
        f"ratio={statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
