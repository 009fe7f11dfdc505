"""`train --precision`: recorded as it ran, said when the machine cannot, fixed when resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_gui.cli import main
from lstm_gui.core import numerics
from lstm_gui.core.checkpoint_header import read_checkpoint_metadata

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
