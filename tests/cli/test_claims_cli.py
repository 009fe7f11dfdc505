"""The tutorial's claims on the command line: `train --steps`, `gradients` and `sweep`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_gui.cli import main
from lstm_gui.core.inside.gradients import STEP_GRADIENTS, load_step_gradients
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.data import load_dataset

TINY = ["--hidden", "16", "--threads", "1", "--train-limit", "200", "--test-limit", "64"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def independent_gru_gradients(
    checkpoint_path: Path, data_dir: Path, samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """|dL/dx_t| and |dL/dh_t| of a one-layer GRU, by plain torch: a GRUCell loop, retain_grad."""
    checkpoint = load_checkpoint(checkpoint_path)
    weights = checkpoint.state_dict
    steps = checkpoint.train_config.steps
    hidden_size = checkpoint.model_config.hidden_size
    test = load_dataset("mnist", data_dir, download=False).test
    images = test.images[:samples].to(torch.float32) / 255.0
    x = images.reshape(samples, steps, 784 // steps).clone().requires_grad_(True)
    cell = nn.GRUCell(784 // steps, hidden_size)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(weights[f"rnn.{name}_l0"])
    head = nn.Linear(hidden_size, 10)
    with torch.no_grad():
        head.weight.copy_(weights["head.weight"])
        head.bias.copy_(weights["head.bias"])
    h = torch.zeros(samples, hidden_size)
    states = []
    for t in range(steps):
        h = cell(x[:, t], h)
        h.retain_grad()
        states.append(h)
    loss = nn.functional.cross_entropy(head(h), test.labels[:samples])
    loss.backward()
    assert x.grad is not None
    input_norms = x.grad.norm(dim=2).mean(dim=0).numpy()
    hidden_norms = torch.stack([s.grad for s in states], dim=1).norm(dim=2).mean(dim=0).numpy()
    return input_norms, hidden_norms


def test_train_gru_56_steps_records_gradient_profiles_that_gradients_reproduces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digits_dir: Path
) -> None:
    output = tmp_path / "run" / "latest.safetensors"
    status, out, _ = run_cli(
        capsys,
        "train", "--data-dir", str(digits_dir), "--cell", "gru", "--steps", "56",
        "--epochs", "2", "--json", "--output", str(output), *TINY,
    )  # fmt: skip
    assert status == 0
    epochs = [json.loads(line) for line in out.splitlines()][:2]
    assert [len(epoch["step_gradient_norms"]) for epoch in epochs] == [56, 56]
    assert len(epochs[0]["initial_step_gradient_norms"]) == 56
    assert "initial_step_gradient_norms" not in epochs[1]
    assert all(value > 0 for value in epochs[1]["step_gradient_norms"])
    # The checkpoint's history and the run folder keep the same profiles.
    history = load_checkpoint(output).history
    assert [entry["step_gradient_norms"] for entry in history] == [
        epoch["step_gradient_norms"] for epoch in epochs
    ]
    stored = load_step_gradients(output.parent)
    assert stored is not None and (output.parent / STEP_GRADIENTS).is_file()
    assert stored[0].tolist() == [0, 1, 2]
    assert stored[1].shape == (3, 56)
    assert stored[1][2].tolist() == epochs[1]["step_gradient_norms"]
    assert stored[1][0].tolist() == epochs[0]["initial_step_gradient_norms"]

    status, out, _ = run_cli(
        capsys,
        "gradients", "--checkpoint", str(output), "--data-dir", str(digits_dir),
        "--samples", "64", "--json",
    )  # fmt: skip
    assert status == 0
    report = json.loads(out)
    assert report["steps"] == 56
    expected_inputs, expected_hidden = independent_gru_gradients(output, digits_dir, 64)
    np.testing.assert_allclose(report["input_gradient_norms"], expected_inputs, rtol=1e-3)
    np.testing.assert_allclose(report["hidden_gradient_norms"], expected_hidden, rtol=1e-3)
    # Training's probe is the first 64 test images too: its last profile is this one.
    np.testing.assert_allclose(
        epochs[1]["step_gradient_norms"], report["input_gradient_norms"], rtol=1e-3
    )


def test_gradients_prints_a_table_and_sparklines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digits_dir: Path
) -> None:
    output = tmp_path / "run" / "latest.safetensors"
    common = ["--data-dir", str(digits_dir), "--epochs", "1", "--output", str(output), *TINY]
    assert run_cli(capsys, "train", "--cell", "rnn", "--steps", "112", "--json", *common)[0] == 0

    status, out, _ = run_cli(
        capsys, "gradients", "--checkpoint", str(output), "--data-dir", str(digits_dir)
    )

    assert status == 0
    assert "RNN on 112 steps" in out and "first 200 MNIST test images" in out
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 28 and rows[0][0] == "1-4" and rows[-1][0] == "109-112"
    assert "|dL/dx_t| by step (log scale): " in out
    assert "early/late ratio" in out


def test_a_length_that_does_not_divide_784_is_one_sentence(
    capsys: pytest.CaptureFixture[str], digits_dir: Path
) -> None:
    status, out, err = run_cli(capsys, "train", "--steps", "100", "--data-dir", str(digits_dir))

    assert status == 1 and out == ""
    assert err.startswith("error: steps must cut the image's 784 pixels into equal chunks")
    assert "Traceback" not in err


def test_sweep_prints_one_row_per_run_with_hand_counted_costs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digits_dir: Path
) -> None:
    status, out, _ = run_cli(
        capsys,
        "sweep", "--cells", "rnn,lstm", "--steps", "28,56", "--epochs", "1",
        "--train-limit", "56", "--test-limit", "16", "--threads", "1",
        "--data-dir", str(digits_dir), "--runs-dir", str(tmp_path), "--json",
    )  # fmt: skip

    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["cell"], row["steps"]) for row in rows] == [
        ("rnn", 28), ("rnn", 56), ("lstm", 28), ("lstm", 56)
    ]  # fmt: skip
    hidden, head = 128, 128 * 10 + 10
    for row in rows:
        gates = {"rnn": 1, "lstm": 4}[row["cell"]]
        features = 784 // row["steps"]
        assert row["params"] == gates * hidden * (features + hidden + 2) + head
        assert row["macs_per_sample"] == gates * row["steps"] * (
            features * hidden + hidden * hidden
        )
        assert row["samples_per_s"] > 0 and row["seconds"] > 0 and 0 <= row["val_acc"] <= 1
        assert row["early_late_gradient_ratio"] > 0
        # Ordinary runs: each has its own folder with its checkpoint and curves.
        checkpoint = Path(row["checkpoint"])
        assert checkpoint.parent.parent == tmp_path and (checkpoint.parent / "curves.csv").is_file()
        assert load_checkpoint(checkpoint).train_config.steps == row["steps"]
    assert rows[2]["params"] == 82_186  # the tutorial's LSTM
    assert rows[2]["macs_per_sample"] == 4 * 28 * (28 * 128 + 128 * 128) == 2_236_416
    assert len({row["checkpoint"] for row in rows}) == 4
