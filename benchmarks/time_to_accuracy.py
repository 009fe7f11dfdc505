"""Wall time for the trainer to reach a test accuracy (the tutorial's 98.98% by default).

Usage: python benchmarks/time_to_accuracy.py [--target 0.9898] [--epochs 20] [--batch-size 28]
       [--lr 0.001] [--lr-schedule none] [--threads N] [--pytorch-init] [--seed 0]

Prints one line per epoch, then `seconds_to_target=… epoch=… best_val_acc=…`
(seconds_to_target is `nan` when the target was not reached). Wall time includes the
evaluation after each epoch, as a user waiting for the number would see it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.data import load_dataset
from lstm_gui.core.model import SequenceClassifier
from lstm_gui.core.progress import EpochResult
from lstm_gui.core.training import train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def main() -> None:
    """Train until the target accuracy or the last epoch, and print the time it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--target", type=float, default=0.9898)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=28)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--lr-schedule", default="none")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--pytorch-init", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-going", action="store_true", help="run all epochs")
    args = parser.parse_args()
    data = load_dataset("mnist", args.data_dir, download=False)
    config = TrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        lr_schedule=args.lr_schedule,
        seed=args.seed,
        torch_threads=args.threads,
        report_every=1000,
    )
    torch.manual_seed(config.seed)
    model = SequenceClassifier(config.model_config(keras_init=not args.pytorch_init))
    start = time.perf_counter()
    reached, best = float("nan"), 0.0
    reached_epoch = 0
    for record in train(model, data, config):
        if not isinstance(record, EpochResult):
            continue
        elapsed = time.perf_counter() - start
        best = max(best, record.val_acc)
        print(
            f"epoch {record.epoch}: val_acc={record.val_acc:.4f} "
            f"train_s={record.train_seconds:.1f} "
            f"samples_per_s={record.samples_per_s:,.0f} elapsed_s={elapsed:.1f}",
            flush=True,
        )
        if record.val_acc >= args.target and not reached_epoch:
            reached, reached_epoch = elapsed, record.epoch
            if not args.keep_going:
                break
    print(
        f"threads={torch.get_num_threads()} batch_size={args.batch_size} lr={args.lr} "
        f"schedule={args.lr_schedule} init={'pytorch' if args.pytorch_init else 'keras'}"
    )
    print(f"seconds_to_target={reached:.1f} epoch={reached_epoch} best_val_acc={best:.4f}")


if __name__ == "__main__":
    main()
