"""The command line as a user meets it: output lines, files written, exit statuses, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lstm_gui import __version__
from lstm_gui.cli import main
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.data import read_idx

MNIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"
needs_mnist = pytest.mark.skipif(not MNIST.is_dir(), reason="MNIST IDX files not found")

TINY_TRAIN = ["--train-limit", "600", "--test-limit", "300", "--threads", "1"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"lstm-gui {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--epochs", "0"],
        ["train", "--lr", "-1"],
        ["train", "--cell", "transformer"],
        ["predict"],
        ["evaluate"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2_with_usage(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert "usage: lstm-gui" in capsys.readouterr().err


def test_missing_data_names_the_files_and_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run_cli(
        capsys, "train", "--data-dir", str(tmp_path), "--no-download", "--epochs", "1"
    )
    assert status == 1
    assert err.startswith("error: MNIST was not found")
    assert "train-images-idx3-ubyte.gz" in err and str(tmp_path) in err
    assert "Traceback" not in err + out


def test_bad_values_are_one_sentence_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run_cli(
        capsys, "train", "--data-dir", str(tmp_path), "--dropout", "0.5", "--epochs", "1"
    )
    assert status == 1
    assert err == "error: Dropout acts between recurrent layers; use 2 or more layers or 0.\n"


def test_predict_refuses_bad_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text_file = tmp_path / "notes.png"
    text_file.write_text("not an image")
    status, out, err = run_cli(capsys, "predict", str(text_file))
    assert status == 1 and out == ""
    assert err.startswith("error: ") and "notes.png" in err
    status, _, err = run_cli(capsys, "predict", str(tmp_path / "missing.png"))
    assert status == 1 and "missing.png" in err


def test_pickle_checkpoint_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import torch

    pickled = tmp_path / "model.pt"
    torch.save({"weights": torch.zeros(3)}, pickled)
    status, _, err = run_cli(capsys, "predict", "--checkpoint", str(pickled), "x.png")
    assert status == 1
    assert "pickle" in err and "never unpickles" in err


@needs_mnist
def test_predict_reads_mnist_digits_on_either_background(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    images = read_idx(MNIST / "t10k-images-idx3-ubyte.gz")[:8]
    labels = read_idx(MNIST / "t10k-labels-idx1-ubyte.gz")[:8]
    paths = []
    for index, image in enumerate(images):
        # Even images as dark ink on white paper, scaled up like a scan; odd ones as MNIST.
        picture = Image.fromarray(255 - image if index % 2 == 0 else image)
        path = tmp_path / f"digit{index}.png"
        picture.resize((112, 112)).save(path)
        paths.append(str(path))
    status, out, _ = run_cli(capsys, "predict", "--json", *paths)
    assert status == 0
    results = json.loads(out)
    assert [r["path"] for r in results] == paths
    assert [r["digit"] for r in results] == labels.tolist()
    for result in results:
        assert sum(result["probabilities"]) == pytest.approx(1.0, abs=1e-4)
        assert result["confidence"] == max(result["probabilities"])
    status, out, _ = run_cli(capsys, "predict", paths[0])
    assert out.strip().startswith(f"{paths[0]}: {labels[0]} (")


@needs_mnist
def test_train_json_evaluate_resume_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "run" / "latest.safetensors"
    common = ["--data-dir", str(MNIST), *TINY_TRAIN, "--output", str(output)]
    status, out, _ = run_cli(capsys, "train", "--epochs", "1", "--json", *common)
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 2
    epoch, final = lines
    for key in ("epoch", "loss", "acc", "val_loss", "val_acc", "train_seconds", "samples_per_s"):
        assert key in epoch
    assert epoch["epoch"] == 1 and epoch["samples_per_s"] > 0
    assert final["final"] is True and final["status"] == "completed"
    assert final["acc"] == pytest.approx(epoch["val_acc"])
    assert output.is_file() and (tmp_path / "run" / "best.safetensors").is_file()

    status, out, _ = run_cli(
        capsys, "evaluate", "--checkpoint", str(output), "--json", "--data-dir", str(MNIST)
    )
    assert status == 0
    report = json.loads(out)
    assert report["samples"] == 10_000
    assert np.trace(np.array(report["confusion"])) == round(report["acc"] * 10_000)

    status, _, err = run_cli(
        capsys, "train", "--resume", str(output), "--epochs", "3", "--cell", "gru", "--lr", "0.01"
    )
    assert status == 1
    assert err.startswith("error: A resumed run keeps the settings it was started with")
    assert "--cell, --lr" in err

    status, out, err = run_cli(
        capsys, "train", "--resume", str(output), "--epochs", "1", "--data-dir", str(MNIST)
    )
    assert status == 1 and "already trained 1 epochs" in err

    status, out, _ = run_cli(
        capsys, "train", "--resume", str(output), "--epochs", "2", "--data-dir", str(MNIST)
    )
    assert status == 0
    assert "Epoch 2/2" in out and "Epoch 1/2" not in out
    assert out.splitlines()[-2].startswith("loss: ") and out.splitlines()[-1].startswith("acc: ")
    resumed = load_checkpoint(output)
    assert resumed.epochs_done == 2 and len(resumed.history) == 2

    small = tmp_path / "small.safetensors"
    status, out, _ = run_cli(capsys, "export", str(output), str(small), "--name", "mine")
    assert status == 0
    assert small.stat().st_size < output.stat().st_size / 2
    exported = load_checkpoint(small)
    assert exported.name == "mine" and exported.optimizer_state is None


@needs_mnist
def test_tutorial_summary_and_final_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run_cli(
        capsys,
        "train",
        "--data-dir",
        str(MNIST),
        "--epochs",
        "1",
        "--train-limit",
        "56",
        "--test-limit",
        "28",
        "--threads",
        "1",
        "--output",
        str(tmp_path / "m.safetensors"),
    )
    assert status == 0
    assert "LSTM(128)" in out and "Total params: 82,186" in out and "81,674" in out
    assert "Epoch 1/1 - " in out and " - val_acc: " in out
    assert out.splitlines()[-2].startswith("loss: ") and out.splitlines()[-1].startswith("acc: ")


@pytest.mark.slow  # a subprocess that imports PyTorch
def test_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_gui", "evaluate", "--checkpoint", str(tmp_path / "x.pt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("error: ") and "Traceback" not in completed.stderr


def test_a_checkpoint_lying_about_its_size_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    from lstm_gui.core.config import ModelConfig, TrainConfig
    from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
    from lstm_gui.core.run.model import SequenceClassifier

    # A tiny model's weights under settings that claim 8 layers of 4096 units.
    config = ModelConfig(hidden_size=8)
    tiny = save_checkpoint(
        tmp_path / "tiny.safetensors",
        Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict()),
    )
    with safe_open(str(tiny), "pt") as handle:
        metadata = json.loads(handle.metadata()["lstm_gui"])
    metadata["model_config"].update(hidden_size=4096, num_layers=8)
    crafted = tmp_path / "crafted.safetensors"
    save_file(load_file(str(tiny)), str(crafted), metadata={"lstm_gui": json.dumps(metadata)})
    image = tmp_path / "some.png"
    Image.fromarray(np.eye(28, dtype=np.uint8) * 255).save(image)

    def built(*args: object, **kwargs: object) -> None:
        pytest.fail("the claimed model was built before the file was checked")

    monkeypatch.setattr(SequenceClassifier, "__init__", built)

    status, out, err = run_cli(capsys, "predict", "--checkpoint", str(crafted), str(image))

    assert status == 1 and out == ""
    assert err.startswith("error: crafted.safetensors describes a model of 1,007,394,826 param")
    assert err.count("\n") == 1 and "Traceback" not in err
    # In a fresh process it is refused before PyTorch is even imported (which takes seconds).
    probe = (
        "import sys; from lstm_gui.cli import main; "
        f"status = main(['predict', '--checkpoint', {str(crafted)!r}, {str(image)!r}]); "
        "print(status, 'torch' in sys.modules)"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert fresh.stdout.split() == ["1", "False"], fresh.stderr
