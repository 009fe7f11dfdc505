"""Wall time for the trainer to reach a test accuracy (the tutorial's 98.98% by default).

Usage: python benchmarks/time_to_accuracy.py [--preset tutorial|fast] [--seeds 0,1,2]
       [--target 0.9898] [--epochs N] [--batch-size B] [--lr LR] [--lr-schedule S]
       [--precision fp32|bf16] [--threads N] [--pytorch-init] [--keep-going]

For each seed: one epoch of a minimal hand-written PyTorch loop at the tutorial's batch 28 (the
yardstick), then the trainer until the target, in the same run. Prints one line per epoch,
then per seed `seconds_to_target=… epoch=… best_val_acc=… ratio=…`, where ratio is the time to
the target divided by the minimal loop's epoch time (`nan` when the target was not reached),
and the median and range of the ratio over the seeds. Wall time includes the evaluation after
each epoch, as a user waiting for the number would see it. Options given explicitly override
the preset's settings, as on the command line.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from pathlib import Path

import torch
from torch import nn

from lstm_gui.core.choices import PRESET_SETTINGS, Preset
from lstm_gui.core.config import TrainConfig
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.run.control import prepare_thread
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import EpochResult
from lstm_gui.core.run.sequences import to_unit
from lstm_gui.core.run.training import train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def minimal_epoch_seconds(data: DatasetSplits, seed: int) -> float:
    """Seconds of one epoch of the plainest loop: the tutorial's model, Adam, batch 28, fp32."""
    flush_denormals()
    torch.manual_seed(seed)
    model = SequenceClassifier(TrainConfig().model_config())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images, labels = to_unit(data.train.images), data.train.labels
    order = torch.randperm(len(labels))
    start = time.perf_counter()
    for first in range(0, len(labels), 28):
        index = order[first : first + 28]
        loss = nn.functional.cross_entropy(model(images[index]), labels[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


def time_to_target(data: DatasetSplits, config: TrainConfig, args: argparse.Namespace) -> tuple:
    """(seconds to the target or nan, the epoch it was reached, the best accuracy seen)."""
    prepare_thread(config)  # as session.prepare_run sets a run's thread up
    torch.manual_seed(config.seed)
    model = SequenceClassifier(config.model_config(keras_init=not args.pytorch_init))
    start = time.perf_counter()
    reached, reached_epoch, best = math.nan, 0, 0.0
    for record in train(model, data, config):
        if not isinstance(record, EpochResult):
            continue
        elapsed = time.perf_counter() - start
        best = max(best, record.val_acc)
        print(
            f"  epoch {record.epoch}: val_acc={record.val_acc:.4f} "
            f"train_s={record.train_seconds:.1f} "
            f"samples_per_s={record.samples_per_s:,.0f} elapsed_s={elapsed:.1f}",
            flush=True,
        )
        if record.val_acc >= args.target and not reached_epoch:
            reached, reached_epoch = elapsed, record.epoch
            if not args.keep_going:
                break
    return reached, reached_epoch, best


def main() -> None:
    """Train each seed until the target accuracy and print the times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--preset", choices=Preset.names(), default="tutorial")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--target", type=float, default=0.9898)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--lr-schedule")
    parser.add_argument("--precision")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pytorch-init", action="store_true")
    parser.add_argument("--keep-going", action="store_true", help="run all epochs")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load_dataset("mnist", args.data_dir, download=False)
    settings = dict(PRESET_SETTINGS[Preset(args.preset)])
    for name in ("epochs", "batch_size", "lr", "lr_schedule", "precision"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    ratios = []
    for seed in (int(value) for value in args.seeds.split(",")):
        yardstick = minimal_epoch_seconds(data, seed)
        config = TrainConfig(seed=seed, torch_threads=args.threads, **settings)
        print(f"seed {seed}: minimal loop epoch at batch 28 took {yardstick:.1f} s", flush=True)
        reached, epoch, best = time_to_target(data, config, args)
        ratios.append(reached / yardstick)
        print(
            f"seed={seed} seconds_to_target={reached:.1f} epoch={epoch} best_val_acc={best:.4f} "
            f"minimal_epoch_s={yardstick:.1f} ratio={ratios[-1]:.2f}",
            flush=True,
        )
    print(f"preset={args.preset} settings={settings} threads={args.threads} target={args.target}")
    finite = [ratio for ratio in ratios if not math.isnan(ratio)]
    if finite:
        print(
            f"ratio median={statistics.median(ratios):.2f} range={min(finite):.2f}-"
            f"{max(finite):.2f} reached={len(finite)}/{len(ratios)}"
        )
    else:
        print(f"ratio median=nan reached=0/{len(ratios)}")


if __name__ == "__main__":
    main()
