"""What the headless commands print while they work: epoch lines, a progress bar, downloads."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TextIO


def print_epoch(record: Any, as_json: bool, out: TextIO) -> None:
    """One line per epoch, Keras-style, or its JSON object."""
    if as_json:
        print(json.dumps(record.to_dict()), file=out, flush=True)
        return
    print(
        f"Epoch {record.epoch}/{record.epochs} - {record.train_seconds:.1f}s "
        f"({record.samples_per_s:,.0f} samples/s) - loss: {record.loss:.4f} - "
        f"acc: {record.acc:.4f} - val_loss: {record.val_loss:.4f} - val_acc: {record.val_acc:.4f}",
        file=out,
        flush=True,
    )


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.enabled = stream.isatty()
        self._last = 0.0

    def update(self, record: Any) -> None:
        """Redraw for a BatchProgress, at most ten times a second."""
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and record.batch != record.batches):
            return
        self._last = now
        filled = int(self.width * record.batch / record.batches)
        bar = "=" * filled + ">" + "." * (self.width - filled)
        self.stream.write(
            f"\rEpoch {record.epoch}/{record.epochs} [{bar[: self.width]}] "
            f"{record.batch}/{record.batches} - loss: {record.running_loss:.4f} - "
            f"acc: {record.running_acc:.4f} - {record.samples_per_s:,.0f} samples/s"
        )
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar, before an epoch line is printed."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def download_reporter(stream: TextIO) -> Callable[[Any], None]:
    """A download progress callback that writes a line at most twice a second."""
    last = [0.0]

    def report(progress: Any) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and progress.done != progress.total:
            return
        last[0] = now
        total = f"/{progress.total / 1e6:.1f}" if progress.total else ""
        stream.write(f"downloading {progress.filename}: {progress.done / 1e6:.1f}{total} MB\n")
        stream.flush()

    return report
