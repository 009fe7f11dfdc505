"""Denormal flushing, bf16 autocast and the precision a run really uses."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import torch

from lstm_gui.core import numerics
from lstm_gui.core.choices import Precision
from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.progress import EpochResult
from lstm_gui.core.run.session import plan_new_run, prepare_run

DENORMAL = 1e-39  # below float32's smallest normal number, about 1.18e-38


def test_flushing_turns_denormals_into_zero() -> None:
    torch.set_flush_denormal(False)
    tiny = torch.tensor([DENORMAL], dtype=torch.float32)  # made after: flushing makes it 0
    assert float(tiny * 1.0) > 0  # a denormal, kept
    numerics.flush_denormals()
    assert float(tiny * 1.0) == 0.0
    assert float(torch.tensor([1e-37]) * 1.0) == pytest.approx(1e-37)  # normal numbers stay


def test_training_flushes_denormals_in_the_thread_that_trains(
    tmp_path: Path, digits: DatasetSplits
) -> None:
    seen: list[float] = []

    def train_in_a_thread() -> None:
        torch.set_flush_denormal(False)
        config = TrainConfig(epochs=1, train_limit=56, test_limit=28, device="cpu")
        plan = plan_new_run(config.model_config(hidden_size=8), config, output=tmp_path / "x")
        run = prepare_run(plan, data=digits)
        for _ in run.records():
            seen.append(float(torch.tensor([DENORMAL]) * 1.0))

    thread = threading.Thread(target=train_in_a_thread)
    thread.start()
    thread.join()
    assert seen and all(value == 0.0 for value in seen)


def test_bf16_autocast_computes_matrix_products_in_bf16() -> None:
    layer = torch.nn.Linear(4, 3)
    inputs = torch.randn(2, 4)
    cpu = torch.device("cpu")
    with numerics.autocast(Precision.BF16, cpu):
        assert layer(inputs).dtype == torch.bfloat16
    with numerics.autocast(Precision.FP32, cpu):
        assert layer(inputs).dtype == torch.float32


def test_a_machine_without_bf16_trains_in_fp32_and_says_so(
    tmp_path: Path, digits: DatasetSplits, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(numerics, "bf16_supported", lambda device: False)
    config = TrainConfig(epochs=1, train_limit=56, test_limit=28, device="cpu", precision="bf16")
    plan = plan_new_run(config.model_config(hidden_size=8), config, output=tmp_path / "x")
    run = prepare_run(plan, data=digits)
    assert run.plan.train_config.precision == Precision.FP32  # recorded as it ran
    assert "bf16 is not fast on this CPU" in run.notice and "fp32 instead" in run.notice


BF16_CPU = pytest.mark.skipif(
    not numerics.bf16_supported(torch.device("cpu")), reason="this CPU has no bf16 instructions"
)


def train_both(
    tmp_path: Path, digits: DatasetSplits, hidden: int = 8, **settings: int
) -> dict[str, EpochResult]:
    """The last epoch of the same run in fp32 and in bf16."""
    results = {}
    for precision in ("fp32", "bf16"):
        config = TrainConfig(device="cpu", precision=precision, **settings)
        plan = plan_new_run(
            config.model_config(hidden_size=hidden), config, output=tmp_path / precision / "x"
        )
        run = prepare_run(plan, data=digits)
        assert run.notice == "" and run.plan.train_config.precision == precision
        results[precision] = [r for r in run.records() if isinstance(r, EpochResult)][-1]
    return results


@BF16_CPU
def test_bf16_really_changes_the_arithmetic(tmp_path: Path, digits: DatasetSplits) -> None:
    results = train_both(tmp_path, digits, epochs=1, train_limit=56, test_limit=28)
    assert results["fp32"].loss != results["bf16"].loss
    assert results["bf16"].loss == pytest.approx(results["fp32"].loss, rel=0.05)


@BF16_CPU
@pytest.mark.slow
def test_bf16_learns_like_fp32(tmp_path: Path, digits: DatasetSplits) -> None:
    results = train_both(tmp_path, digits, epochs=3, train_limit=600, test_limit=200, hidden=64)
    fp32, bf16 = results["fp32"], results["bf16"]
    assert fp32.val_acc > 0.5 and abs(bf16.val_acc - fp32.val_acc) < 0.1
