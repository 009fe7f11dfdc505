"""`evaluate` and `predict --intervene`: accuracies and digits under clamps, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from lstm_gui.cli import main
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.preprocess import load_image, to_mnist
from lstm_gui.core.run.data import load_dataset
from lstm_gui.resources import bundled_model_path

BUNDLED = str(bundled_model_path())


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def lstm_logits_with_forget(images: torch.Tensor, forget: float | None) -> torch.Tensor:
    """The bundled LSTM's final logits by explicit matmuls, its forget gate held at `forget`."""
    model = Predictor.bundled().model
    weights = dict(model.named_parameters())
    w_ih, w_hh = weights["rnn.weight_ih_l0"], weights["rnn.weight_hh_l0"]
    bias = weights["rnn.bias_ih_l0"] + weights["rnn.bias_hh_l0"]
    size = model.config.hidden_size
    x = images.float() / 255.0  # (N, 28, 28): row t is step t
    h = torch.zeros(x.shape[0], size)
    c = torch.zeros(x.shape[0], size)
    with torch.no_grad():
        for t in range(28):
            total = x[:, t] @ w_ih.T + h @ w_hh.T + bias
            i, f, g, o = total.split(size, dim=1)
            f = torch.full_like(f, forget) if forget is not None else f.sigmoid()
            c = f * c + i.sigmoid() * g.tanh()
            h = o.sigmoid() * c.tanh()
        return h @ weights["head.weight"].T + weights["head.bias"]


def evaluate_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *specs: str) -> dict:
    intervene = [arg for spec in specs for arg in ("--intervene", spec)]
    args = ["evaluate", "--checkpoint", BUNDLED, "--data-dir", str(data_dir), "--no-download"]
    status, out, err = run_cli(capsys, *args, *intervene, "--json")
    assert status == 0, err
    return json.loads(out)


def test_evaluate_reports_the_accuracy_under_an_intervention(
    capsys: pytest.CaptureFixture[str], digits_dir: Path
) -> None:
    test = load_dataset("mnist", digits_dir, download=False).test
    labels = test.labels.numpy()
    clamped = lstm_logits_with_forget(test.images, 0.0).argmax(dim=1).numpy()
    untouched = lstm_logits_with_forget(test.images, None).argmax(dim=1).numpy()

    report = evaluate_json(capsys, digits_dir, "forget=0")

    assert report["interventions"] == ["forget=0"]
    assert report["samples"] == len(labels)
    assert report["acc"] == pytest.approx(float(np.mean(clamped == labels)))
    assert report["untouched"]["acc"] == pytest.approx(float(np.mean(untouched == labels)))
    assert report["acc"] < report["untouched"]["acc"] - 0.3
    assert np.trace(np.array(report["confusion"])) == round(report["acc"] * len(labels))


def test_evaluate_text_names_the_interventions(
    capsys: pytest.CaptureFixture[str], digits_dir: Path
) -> None:
    args = ["evaluate", "--checkpoint", BUNDLED, "--data-dir", str(digits_dir), "--no-download"]
    status, out, _ = run_cli(
        capsys, *args, "--intervene", "forget=1@rows=15-28", "--intervene", "unit=41:off"
    )

    assert status == 0
    lines = out.splitlines()
    assert lines[1] == "under: forget=1@rows=15-28, unit=41:off"
    assert lines[3].startswith("acc: ") and lines[4].startswith("untouched: loss ")


def test_evaluate_without_interventions_reports_as_before(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lstm_gui.core.inside.interventions as interventions

    def traced(*args: object, **kwargs: object) -> None:
        raise AssertionError("the step-by-step trace ran with nothing to change")

    # Only an intervention needs the slow traced pass (600x the ordinary one, bidirectional).
    monkeypatch.setattr(interventions, "evaluate_under", traced)
    report = evaluate_json(capsys, digits_dir)

    assert "interventions" not in report and "untouched" not in report
    assert set(report) == {"checkpoint", "samples", "loss", "acc", "confusion"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("forget=2", 'error: Intervention "forget=2": a gate holds a value from 0 to 1, not "2".'),
        ("reset=0", 'error: Intervention "reset=0": an LSTM has no reset gate;'),
        ("unit=200:off", "this model's units run from 1 to 128."),
        ("forget=0@rows=1-29", "this model reads rows 1 to 28."),
    ],
)
@pytest.mark.parametrize("command", ["evaluate", "predict"])
def test_a_bad_spec_is_an_error_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, spec: str, message: str, command: str
) -> None:
    if command == "evaluate":
        args = ["evaluate", "--checkpoint", BUNDLED, "--data-dir", str(digits_dir), "--no-download"]
    else:
        args = ["predict", "never-read.png"]

    status, out, err = run_cli(capsys, *args, "--intervene", spec)

    assert status == 1 and out == ""
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1


def test_predict_reads_a_digit_under_an_intervention(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, tmp_path: Path
) -> None:
    test = load_dataset("mnist", digits_dir, download=False).test
    path = tmp_path / "digit.png"
    Image.fromarray(test.images[7].numpy()).save(path)
    image = torch.from_numpy(to_mnist(load_image(path)) * 255.0)[None]
    expected = lstm_logits_with_forget(image, 0.0)[0].softmax(dim=0).numpy()
    untouched = lstm_logits_with_forget(image, None)[0].argmax().item()

    status, out, _ = run_cli(capsys, "predict", "--json", "--intervene", "forget=0", str(path))

    assert status == 0
    (result,) = json.loads(out)
    np.testing.assert_allclose(result["probabilities"], expected, atol=1e-5)
    assert result["digit"] == int(expected.argmax())
    assert result["interventions"] == ["forget=0"]
    assert result["untouched"]["digit"] == untouched
    status, out, _ = run_cli(capsys, "predict", "--intervene", "forget=0", str(path))
    assert out.strip() == (
        f"{path}: {result['label']} ({result['confidence']:.1%}), untouched: "
        f"{result['untouched']['label']} ({result['untouched']['confidence']:.1%})"
    )


@pytest.mark.slow
def test_forget_zero_on_the_mnist_test_set_matches_the_hand_written_loop(
    capsys: pytest.CaptureFixture[str], mnist_dir: Path
) -> None:
    test = load_dataset("mnist", mnist_dir, download=False).test
    labels = test.labels.numpy()
    clamped = lstm_logits_with_forget(test.images, 0.0).argmax(dim=1).numpy()

    report = evaluate_json(capsys, mnist_dir, "forget=0")

    assert report["samples"] == 10_000
    assert report["acc"] == pytest.approx(float(np.mean(clamped == labels)), abs=0.001)
    assert report["untouched"]["acc"] > 0.98
