"""`lstm-gui script`: train's options in, a stand-alone PyTorch script out (printed or written)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from lstm_gui.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_script_is_printed_with_the_tutorials_settings(
    capsys: pytest.CaptureFixture[str], digits_dir: Path
) -> None:
    status, out, err = run_cli(capsys, "script", "--data-dir", str(digits_dir))
    assert status == 0 and err == ""
    assert out.startswith('"""Train an LSTM on MNIST, as lstm-gui does, in plain PyTorch.')
    assert f'DATA_DIR = "{digits_dir.resolve()}"' in out
    assert "HIDDEN_SIZE = 128 " in out and "BATCH_SIZE = 28\n" in out and "EPOCHS = 20\n" in out
    assert out.endswith('if __name__ == "__main__":\n    main()\n')


def test_the_fast_preset_and_explicit_options_reach_the_script(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "script", "--preset", "fast", "--epochs", "3")
    assert status == 0
    # The preset's batch, rate, schedule and precision; the explicit --epochs wins.
    assert "BATCH_SIZE = 128\n" in out and "LEARNING_RATE = 0.003\n" in out
    assert "EPOCHS = 3\n" in out and "CosineAnnealingLR" in out and "bfloat16" in out


def test_written_to_a_file_it_trains_on_the_drawn_digits(
    capsys: pytest.CaptureFixture[str],
    digits_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "train_gru.py"
    options = ["--cell", "gru", "--steps", "56", "--optimizer", "rmsprop", "--lr-schedule"]
    options += ["step", "--epochs", "1", "--train-limit", "300", "--test-limit", "100"]
    status, out, _ = run_cli(
        capsys, "script", *options, "--threads", "1", "--output", str(path), "--data-dir", "."
    )
    assert status == 0 and out == f"Wrote {path}; run it with: python {path}\n"
    monkeypatch.setattr(sys, "argv", [str(path), "--data-dir", str(digits_dir)])
    runpy.run_path(str(path), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3].startswith("Epoch 1/1 - ") and " - val_acc: " in lines[-3]
    assert lines[-2].startswith("loss: ") and lines[-1].startswith("acc: ")


@pytest.mark.parametrize(
    "bad",
    [
        ["--steps", "5"],
        ["--dropout", "0.5"],
        ["--lr", "20"],
        ["--sequence", "pixels", "--steps", "28"],
    ],
)
def test_bad_values_get_the_same_error_as_train(
    capsys: pytest.CaptureFixture[str], bad: list[str], tmp_path: Path
) -> None:
    status, out, err = run_cli(capsys, "script", *bad)
    assert status == 1 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    trained = run_cli(capsys, "train", *bad, "--output", str(tmp_path / "m.safetensors"))
    assert trained[0] == 1 and trained[2] == err


@pytest.mark.parametrize("bad", [["--hidden", "0"], ["--cell", "transformer"], ["--json"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], bad: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["script", *bad])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: lstm-gui") and bad[0] in err


def test_an_unwritable_output_is_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "train.py"
    status, out, err = run_cli(capsys, "script", "--output", str(target))
    assert status == 1 and out == ""
    assert err.startswith(f"error: Cannot write {target} (") and err.count("\n") == 1
