"""`train --precision` and `--preset`: recorded as they ran, fallbacks said, fixed when resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_gui.cli import main
from lstm_gui.core import numerics
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata

QUICK = ["--train-limit", "56", "--test-limit", "28", "--epochs", "1", "--hidden", "8", "--json"]


def test_precision_is_recorded_and_a_fallback_is_said(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    digits_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    latest = tmp_path / "run" / "latest.safetensors"
    argv = ["train", "--data-dir", str(digits_dir), *QUICK, "--output", str(latest)]
    monkeypatch.setattr(numerics, "bf16_supported", lambda device: False)
    assert main([*argv, "--precision", "bf16"]) == 0
    err = capsys.readouterr().err
    assert "note: bf16 is not fast on this CPU" in err
    assert read_checkpoint_metadata(latest)["train_config"]["precision"] == "fp32"

    monkeypatch.setattr(numerics, "bf16_supported", lambda device: True)
    assert main([*argv, "--precision", "bf16"]) == 0
    assert "note:" not in capsys.readouterr().err
    assert read_checkpoint_metadata(latest)["train_config"]["precision"] == "bf16"

    resume = ["train", "--resume", str(latest), "--epochs", "2", "--no-download"]
    status = main([*resume, "--precision", "bf16"])
    assert status == 1
    assert "drop --precision" in capsys.readouterr().err


def test_the_fast_preset_sets_its_recipe_and_explicit_options_win(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digits_dir: Path
) -> None:
    latest = tmp_path / "fast" / "latest.safetensors"
    argv = ["train", "--data-dir", str(digits_dir), "--preset", "fast", "--output", str(latest)]
    small = ["--train-limit", "128", "--test-limit", "28", "--hidden", "8", "--json"]
    assert main([*argv, *small, "--epochs", "1"]) == 0
    recorded = read_checkpoint_metadata(latest)["train_config"]
    assert (recorded["batch_size"], recorded["lr"], recorded["lr_schedule"]) == (
        128,
        3e-3,
        "cosine",
    )
    assert recorded["epochs"] == 1  # given explicitly, so not the preset's 12
    assert recorded["precision"] in ("bf16", "fp32")  # fp32 where the CPU has no bf16
    epochs = [line for line in capsys.readouterr().out.splitlines() if '"val_acc"' in line]
    assert len(epochs) == 1
