"""The memory task on the command line: --blank-steps, --forget-bias, and what reads them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from lstm_gui.cli import _new_run_settings, main
from lstm_gui.cli_parser import build_parser
from lstm_gui.core.reading.preprocess import load_image, to_mnist
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.sequences import SequenceEncoder
from tests.conftest import draw_digit

QUICK = ["--epochs", "1", "--train-limit", "112", "--hidden", "8", "--threads", "1"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def trained(digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small LSTM trained with 4 blank steps and a forget-gate bias of 3."""
    output = tmp_path_factory.mktemp("memory") / "latest.safetensors"
    status = main(
        [
            "train",
            "--data-dir",
            str(digits_dir),
            *QUICK,
            "--blank-steps",
            "4",
            "--forget-bias",
            "3",
            "--output",
            str(output),
            "--json",
        ]
    )
    assert status == 0
    return output


def test_train_records_the_blanks_and_the_bias(
    trained: Path, capsys: pytest.CaptureFixture[str], digits_dir: Path, tmp_path: Path
) -> None:
    checkpoint = load_checkpoint(trained)
    assert checkpoint.train_config.blank_steps == 4
    assert checkpoint.model_config.forget_bias == 3.0
    assert "+ 4 blank" in checkpoint.name
    # The summary counts every step the network reads: 28 rows and 4 blanks.
    status, out, _ = run_cli(
        capsys,
        "train",
        "--data-dir",
        str(digits_dir),
        *QUICK,
        "--blank-steps",
        "4",
        "--output",
        str(tmp_path / "m.safetensors"),
    )
    assert status == 0
    assert "(None, 32, 28)" in out and "32 steps of 28 inputs" in out


def test_evaluate_reads_the_blank_steps_from_the_checkpoint(
    trained: Path, capsys: pytest.CaptureFixture[str], digits_dir: Path
) -> None:
    status, out, _ = run_cli(
        capsys, "evaluate", "--checkpoint", str(trained), "--data-dir", str(digits_dir), "--json"
    )
    assert status == 0
    report = json.loads(out)
    # The same loss as the checkpoint's own reading of the test set, blanks included.
    checkpoint = load_checkpoint(trained)
    from lstm_gui.core.run.data import load_dataset
    from lstm_gui.core.run.training import evaluate

    test = load_dataset("mnist", digits_dir, download=False).test
    model = checkpoint.build_model()
    with_blanks = evaluate(
        model, test, SequenceEncoder.for_config(checkpoint.train_config), torch.device("cpu")
    )
    without = evaluate(
        model,
        test,
        SequenceEncoder.for_run("mnist", "rows", False, 0),
        torch.device("cpu"),
    )
    assert report["loss"] == pytest.approx(with_blanks.loss, rel=1e-5)
    assert report["loss"] != pytest.approx(without.loss, rel=1e-5)


def test_predict_feeds_the_blank_steps(
    trained: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "seven.png"
    Image.fromarray(draw_digit(7, np.random.default_rng(1))).save(path)

    status, out, _ = run_cli(capsys, "predict", "--checkpoint", str(trained), "--json", str(path))

    assert status == 0
    (result,) = json.loads(out)
    checkpoint = load_checkpoint(trained)
    model = checkpoint.build_model()
    image = torch.from_numpy(to_mnist(load_image(path)))[None]
    sequences = SequenceEncoder.for_config(checkpoint.train_config)(image)
    assert sequences.shape == (1, 32, 28)
    with torch.no_grad():
        expected = model(sequences).softmax(dim=1)[0].numpy()
    assert result["probabilities"] == pytest.approx(expected.tolist(), abs=1e-6)


def test_scan_draws_the_blank_steps(
    trained: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "two.png"
    Image.fromarray(draw_digit(2, np.random.default_rng(2))).save(path)

    status, out, _ = run_cli(
        capsys, "scan", str(path), "--checkpoint", str(trained), "--output", str(tmp_path / "s.gif")
    )

    assert status == 0
    assert out.startswith(f"Saved {tmp_path / 's.gif'}: 32 frames")


def test_script_writes_the_blanks_and_the_bias(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(
        capsys, "script", "--cell", "gru", "--blank-steps", "100", "--forget-bias", "2.5"
    )

    assert status == 0
    assert "BLANK_STEPS = 100  #" in out and "GATE_BIAS = 2.5  # the update gate's" in out
    status, out, _ = run_cli(capsys, "script")
    assert status == 0 and "BLANK_STEPS" not in out and "GATE_BIAS" not in out


def test_sweep_takes_the_shared_options() -> None:
    args = build_parser().parse_args(["sweep", "--blank-steps", "50", "--forget-bias", "4"])

    train, model = _new_run_settings(args)

    assert train.blank_steps == 50 and model["forget_bias"] == 4.0
    defaults = build_parser().parse_args(["sweep"])
    train, model = _new_run_settings(defaults)
    assert train.blank_steps == 0 and model["forget_bias"] is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["--blank-steps", "-1"], "error: blank steps must be between 0 and 5000, not -1.\n"),
        (["--blank-steps", "5001"], "error: blank steps must be between 0 and 5000, not 5001.\n"),
        (
            ["--forget-bias", "25"],
            "error: forget-gate bias must be between -20 and 20, not 25.0.\n",
        ),
        (
            ["--forget-bias", "nan"],
            "error: forget-gate bias must be between -20 and 20, not nan.\n",
        ),
    ],
)
def test_bad_values_are_one_sentence_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: list[str], message: str
) -> None:
    for command in ("train", "script"):
        extra = ["--output", str(tmp_path / f"m-{command}.out")]
        status, out, err = run_cli(capsys, command, *bad, *extra)
        assert (status, out, err) == (1, "", message), command
    assert not list(tmp_path.iterdir())  # nothing trained, nothing written


def test_a_non_number_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--blank-steps", "many"])
    assert exit_info.value.code == 2
    assert "--blank-steps" in capsys.readouterr().err


def test_a_resumed_run_keeps_its_blanks_and_bias(
    trained: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run_cli(
        capsys,
        "train",
        "--resume",
        str(trained),
        "--epochs",
        "2",
        "--blank-steps",
        "9",
        "--forget-bias",
        "1",
    )

    assert status == 1
    assert "drop --blank-steps, --forget-bias" in err
