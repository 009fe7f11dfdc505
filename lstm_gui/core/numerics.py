"""How the numbers are computed: denormals flushed on the CPU, bf16 autocast where it pays."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

from lstm_gui.core.choices import Precision


def flush_denormals() -> None:
    """Treat denormal floats as zero in the calling thread's CPU arithmetic.

    Backpropagated through hundreds of steps, gradients shrink into denormals (below about
    1e-38), which x86 CPUs handle many times slower than normal floats: at 784 steps one epoch
    took 38 minutes instead of a few. Values that small change no loss or accuracy a person can
    see. The setting belongs to a thread (it is a CPU flag), and the CPU threads PyTorch starts
    to help a thread copy it when they are created, at that thread's first parallel operation:
    so a thread that trains calls this first, before any tensor work (core/run/session.py does).
    """
    torch.set_flush_denormal(True)


def bf16_supported(device: torch.device) -> bool:
    """Whether bf16 autocast is fast on `device`: a CUDA GPU with it, a CPU with AVX512-BF16/AMX."""
    if device.type == "cuda":
        return bool(torch.cuda.is_bf16_supported())
    if device.type == "cpu":
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    return False


def effective_precision(precision: Precision | str, device: torch.device) -> tuple[Precision, str]:
    """The precision a run will use on `device`, and a sentence when it differs from the asked."""
    asked = Precision(precision)
    if asked == Precision.BF16 and not bf16_supported(device):
        return Precision.FP32, (
            f"bf16 is not fast on this {device.type.upper()} (no bf16 instructions); "
            "training in fp32 instead."
        )
    return asked, ""


@contextlib.contextmanager
def autocast(precision: Precision | str, device: torch.device) -> Iterator[None]:
    """Run the forward pass in `precision` (bf16: matrix products in bf16, the rest in fp32)."""
    enabled = Precision(precision) == Precision.BF16
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=enabled):
        yield
