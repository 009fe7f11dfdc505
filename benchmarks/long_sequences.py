"""Long sequences on the CPU: denormal flushing, bf16, and the trainer against a minimal loop.

Usage: python benchmarks/long_sequences.py [--data-dir D] [--steps 28,112,784] [--batches N]
       [--repeats R] [--threads T]

For each sequence length, in one run and interleaved so that the machine's state affects all
alike: a minimal hand-written PyTorch loop (the tutorial's LSTM(128), Adam, batch 128) with
denormals kept and with denormals flushed, the same loop under bf16 autocast (flushed), and
lstm-gui's run pipeline (core/run/session.py, which flushes) in fp32 and in bf16. Each measurement
runs in a new thread, as every GUI run does: the flush flag belongs to a thread and PyTorch's
helper threads copy it when they are created, so a thread that has already computed cannot
switch it. The loop times N batches after two warm-up batches; the pipeline trains two
epochs of N batches and reports the second (warm) epoch's training speed, where N is
`--batches` at 784 steps and more at shorter lengths (about as many time steps in all).
Prints samples per second per variant (median, min-max) and the ratios the speed issue asks
for: flushed / kept, bf16 / fp32, and trainer / minimal loop with the same precision and
denormal setting.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import EpochResult
from lstm_gui.core.run.sequences import SequenceEncoder, to_unit
from lstm_gui.core.run.session import plan_new_run, prepare_run

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
BATCH = 128
WARM_UP = 2
THREADS = [2]  # PyTorch threads per measuring thread (set from --threads)


def in_new_thread(measure: Callable[[], float]) -> float:
    """Run one measurement in a thread of its own and return its result."""
    result: list[float] = []
    thread = threading.Thread(target=lambda: result.append(measure()))
    thread.start()
    thread.join()
    return result[0]


def minimal_loop(
    data: DatasetSplits, steps: int, batches: int, flush: bool, bf16: bool, seed: int
) -> float:
    """Samples per second of the plainest loop: no progress records, no checks, no saving."""
    torch.set_flush_denormal(flush)  # first, before any tensor work in this thread
    torch.set_num_threads(THREADS[0])
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
    return batches * BATCH / (time.perf_counter() - start)


def pipeline(data: DatasetSplits, steps: int, batches: int, bf16: bool, seed: int) -> float:
    """Training samples per second of lstm-gui's run pipeline in its second epoch."""
    config = TrainConfig(
        steps=steps,
        batch_size=BATCH,
        epochs=2,
        seed=seed,
        train_limit=batches * BATCH,
        test_limit=BATCH,
        precision="bf16" if bf16 else "fp32",
        torch_threads=THREADS[0],
    )
    with tempfile.TemporaryDirectory() as folder:
        plan = plan_new_run(config.model_config(), config, output=Path(folder) / "latest")
        epochs = [r for r in prepare_run(plan, data=data).records() if isinstance(r, EpochResult)]
    return epochs[-1].samples_per_s


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
    THREADS[0] = args.threads

    def batches_for(steps: int) -> int:
        return max(args.batches, args.batches * 784 // (4 * steps))

    data = load_dataset("mnist", args.data_dir, download=False)
    variants: dict[str, Callable[[int, int], float]] = {
        "loop_fp32_kept": lambda t, s: minimal_loop(data, t, batches_for(t), False, False, s),
        "loop_fp32_flushed": lambda t, s: minimal_loop(data, t, batches_for(t), True, False, s),
        "loop_bf16_flushed": lambda t, s: minimal_loop(data, t, batches_for(t), True, True, s),
        "trainer_fp32": lambda t, s: pipeline(data, t, batches_for(t), False, s),
        "trainer_bf16": lambda t, s: pipeline(data, t, batches_for(t), True, s),
    }
    print(f"threads={args.threads} batch={BATCH} batches={args.batches} repeats={args.repeats}")
    for steps in (int(value) for value in args.steps.split(",")):
        speeds: dict[str, list[float]] = {name: [] for name in variants}
        for repeat in range(args.repeats):
            for name, run in variants.items():
                speeds[name].append(in_new_thread(lambda: run(steps, repeat)))  # noqa: B023
            line = " ".join(f"{name}={values[-1]:.0f}" for name, values in speeds.items())
            print(f"steps={steps} repeat={repeat + 1}: {line}", flush=True)

        report(steps, speeds)


if __name__ == "__main__":
    main()
