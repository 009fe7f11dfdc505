"""Tests for checkpoints: round trips, atomic writes, and refusing untrusted or broken files."""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import random
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from torch import nn

from lstm_gui import __version__
from lstm_gui.core import checkpoint as checkpoint_module
from lstm_gui.core.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, LstmGuiError
from lstm_gui.core.model import SequenceClassifier

HISTORY = [
    {"epoch": 1, "loss": 0.61, "acc": 0.81, "val_loss": 0.31, "val_acc": 0.905},
    {"epoch": 2, "loss": 0.22, "acc": 0.93, "val_loss": 0.19, "val_acc": 0.942},
]


def inputs(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(8, 28, 28, generator=generator), torch.randint(
        0, 10, (8,), generator=generator
    )


def adam_step(model: nn.Module, optimizer: torch.optim.Optimizer, seed: int) -> None:
    images, labels = inputs(seed)
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(images), labels).backward()
    optimizer.step()


def trained_checkpoint(**model_settings) -> tuple[Checkpoint, SequenceClassifier, torch.optim.Adam]:
    """A model after two Adam steps, and its checkpoint with optimizer state."""
    torch.manual_seed(0)
    model = SequenceClassifier(ModelConfig(**model_settings))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    adam_step(model, optimizer, 1)
    adam_step(model, optimizer, 2)
    checkpoint = Checkpoint(
        model_config=model.config,
        train_config=TrainConfig(epochs=5, lr=1e-3, seed=7),
        state_dict=model.state_dict(),
        epochs_done=2,
        history=HISTORY,
        best_val_acc=0.942,
        optimizer_state=optimizer.state_dict(),
        status="training",
        name="my run",
    )
    return checkpoint, model, optimizer


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    checkpoint, _, _ = trained_checkpoint()
    return save_checkpoint(tmp_path / "run" / "latest.safetensors", checkpoint)


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_weights_settings_and_history(tmp_path: Path) -> None:
    checkpoint, model, _ = trained_checkpoint()

    path = save_checkpoint(tmp_path / "runs" / "a" / "latest.safetensors", checkpoint)
    loaded = load_checkpoint(path)

    assert path.is_file()  # missing folders are created
    assert loaded.model_config == checkpoint.model_config
    assert loaded.train_config == checkpoint.train_config
    assert loaded.train_config.seed == 7
    assert set(loaded.state_dict) == set(model.state_dict())
    for name, tensor in model.state_dict().items():
        assert torch.equal(loaded.state_dict[name], tensor), name
    assert loaded.history == HISTORY
    assert loaded.val_acc == 0.942
    assert loaded.best_val_acc == 0.942
    assert loaded.epochs_done == 2
    assert loaded.status == "training"
    assert loaded.name == "my run"
    assert loaded.created  # an ISO timestamp is filled in
    assert loaded.versions == {"lstm_gui": __version__, "torch": torch.__version__}


def test_loaded_model_gives_the_same_answers(saved: Path) -> None:
    checkpoint, model, _ = trained_checkpoint()
    images, _ = inputs(5)

    rebuilt = load_checkpoint(saved).build_model()

    assert not rebuilt.training
    with torch.no_grad():
        torch.testing.assert_close(rebuilt(images), model.eval()(images), rtol=0, atol=0)


def test_optimizer_state_resumes_adam_exactly(saved: Path) -> None:
    # Without saving: the same model and optimizer take a third step.
    _, model, optimizer = trained_checkpoint()
    adam_step(model, optimizer, 3)

    # With saving: rebuild both from the file and take the same step.
    loaded = load_checkpoint(saved)
    resumed = loaded.build_model().train()
    resumed_optimizer = torch.optim.Adam(resumed.parameters(), lr=loaded.train_config.lr)
    assert loaded.optimizer_state is not None
    resumed_optimizer.load_state_dict(loaded.optimizer_state)
    adam_step(resumed, resumed_optimizer, 3)

    assert resumed_optimizer.state_dict()["state"][0]["step"].item() == 3
    for (name, expected), actual in zip(
        model.state_dict().items(), resumed.state_dict().values(), strict=True
    ):
        torch.testing.assert_close(actual, expected, rtol=0, atol=1e-7, msg=name)


def test_checkpoint_without_optimizer_state(tmp_path: Path) -> None:
    model = SequenceClassifier(ModelConfig(hidden_size=8))
    checkpoint = Checkpoint(model.config, TrainConfig(), model.state_dict())

    loaded = load_checkpoint(save_checkpoint(tmp_path / "plain.safetensors", checkpoint))

    assert loaded.optimizer_state is None
    assert loaded.history == [] and loaded.val_acc is None
    assert loaded.status == "completed"


def test_a_gru_checkpoint_builds_a_gru(tmp_path: Path) -> None:
    checkpoint, model, _ = trained_checkpoint(cell="gru", num_layers=2, dropout=0.1, hidden_size=32)
    images, _ = inputs(5)

    rebuilt = load_checkpoint(
        save_checkpoint(tmp_path / "gru.safetensors", checkpoint)
    ).build_model()

    assert isinstance(rebuilt.rnn, nn.GRU)
    assert rebuilt.config.cell == "gru" and rebuilt.rnn.num_layers == 2
    with torch.no_grad():
        torch.testing.assert_close(rebuilt(images), model.eval()(images), rtol=0, atol=0)


# --------------------------------------------------------------------------- atomic writes


def test_a_failed_write_keeps_the_previous_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    torch.manual_seed(99)
    other = SequenceClassifier(ModelConfig())

    def disk_full(tensors, filename, metadata=None):
        with open(filename, "wb") as stream:
            stream.write(b"\x00" * 1000)  # half a file, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checkpoint_module, "save_file", disk_full)

    with pytest.raises(CheckpointError, match="No space left on device") as error:
        save_checkpoint(saved, Checkpoint(other.config, TrainConfig(), other.state_dict()))

    assert str(saved) in str(error.value)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]  # no temporary file left behind
    assert load_checkpoint(saved).history == HISTORY


def test_overwriting_replaces_the_file(saved: Path) -> None:
    checkpoint, _, _ = trained_checkpoint()

    save_checkpoint(saved, Checkpoint(**{**checkpoint.__dict__, "epochs_done": 3}))

    assert load_checkpoint(saved).epochs_done == 3
    assert os.listdir(saved.parent) == [saved.name]


# --------------------------------------------------------------------------- untrusted files


class CreatesAFile:
    """Unpickling this creates `marker`: a stand-in for code a hostile file would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def write_pickle(path: Path, marker: Path, how: str) -> None:
    payload = {"state_dict": CreatesAFile(marker)}
    if how == "torch.save":
        torch.save(payload, path)
    else:
        with path.open("wb") as stream:
            pickle.dump(payload, stream, protocol=int(how.removeprefix("pickle-")))


def test_the_hostile_pickle_really_runs_code_when_unpickled(tmp_path: Path) -> None:
    # Guards the next test: its payload must be live, or refusing it would prove nothing.
    marker = tmp_path / "ran"
    path = tmp_path / "evil.pkl"
    write_pickle(path, marker, "pickle-2")

    with path.open("rb") as stream:
        pickle.load(stream)  # noqa: S301 - deliberately, on our own file

    assert marker.exists()


@pytest.mark.parametrize("suffix", [".pt", ".pth", ".ckpt", ".safetensors"])
@pytest.mark.parametrize("how", ["torch.save", "pickle-2", "pickle-5", "pickle-0"])
def test_pickles_are_refused_without_running_them(tmp_path: Path, suffix: str, how: str) -> None:
    marker = tmp_path / "code-ran"
    path = tmp_path / f"model{suffix}"
    write_pickle(path, marker, how)

    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path)

    assert not marker.exists()
    assert path.name in str(error.value)
    if how != "pickle-0":  # protocol 0 has no signature; it is refused as not-safetensors
        assert "never unpickles" in str(error.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty or truncated"),
        (b"\x05\x00", "empty or truncated"),
        (random.Random(0).randbytes(4096), "not a safetensors checkpoint|PyTorch pickle"),
        (b"\x10\x00\x00\x00\x00\x00\x00\x00not json at all!", "not a safetensors checkpoint"),
        (b"\x02\x00\x00\x00\x00\x00\x00\x00[]", "not a safetensors checkpoint"),
    ],
    ids=["empty", "two-bytes", "random", "bad-header", "header-not-a-dict"],
)
def test_files_that_are_not_checkpoints_are_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(content)

    with pytest.raises(CheckpointError, match=expected) as error:
        load_checkpoint(path)

    assert isinstance(error.value, LstmGuiError)


@pytest.mark.parametrize("cut", [100, 10_000, 300_000])
def test_a_truncated_checkpoint_is_refused(saved: Path, cut: int) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) - cut])

    with pytest.raises(CheckpointError, match="corrupt|truncated") as error:
        load_checkpoint(saved)

    assert saved.name in str(error.value)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "nothing.safetensors")
    with pytest.raises(CheckpointError, match="is a folder"):
        load_checkpoint(tmp_path)


def test_a_plain_safetensors_file_is_not_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "weights.safetensors"
    save_file(SequenceClassifier(ModelConfig()).state_dict(), str(path))

    with pytest.raises(CheckpointError, match="not an lstm-gui checkpoint"):
        load_checkpoint(path)


def rewrite(path: Path, edit_metadata=None, edit_tensors=None) -> None:
    """Rewrite a checkpoint with its metadata or tensors changed, as another program might."""
    tensors = load_file(str(path))
    with safe_open(str(path), "pt") as handle:
        metadata = json.loads(handle.metadata()["lstm_gui"])
    if edit_metadata:
        edit_metadata(metadata)
    if edit_tensors:
        edit_tensors(tensors)
    save_file(tensors, str(path), metadata={"lstm_gui": json.dumps(metadata)})


def test_weights_of_another_architecture_are_refused(saved: Path) -> None:
    # The settings say 64 hidden units but the weights have 128.
    rewrite(saved, edit_metadata=lambda m: m["model_config"].update(hidden_size=64))

    with pytest.raises(CheckpointError, match="another architecture") as error:
        load_checkpoint(saved)

    assert "weight_ih_l0" in str(error.value) or "weight_hh_l0" in str(error.value)


def test_missing_or_extra_weights_are_refused(saved: Path, tmp_path: Path) -> None:
    rewrite(saved, edit_tensors=lambda t: t.pop("model.head.bias"))
    with pytest.raises(CheckpointError, match=r"another architecture.*head\.bias"):
        load_checkpoint(saved)

    rewrite(saved, edit_tensors=lambda t: t.update({"model.head.bias": torch.zeros(10)}))
    rewrite(saved, edit_tensors=lambda t: t.update({"model.extra": torch.zeros(3)}))
    with pytest.raises(CheckpointError, match="another architecture"):
        load_checkpoint(saved)


def test_nan_weights_are_refused(saved: Path) -> None:
    def poison(tensors: dict[str, torch.Tensor]) -> None:
        tensors["model.head.weight"][0, 0] = float("nan")

    rewrite(saved, edit_tensors=poison)

    with pytest.raises(CheckpointError, match="NaN or infinite"):
        load_checkpoint(saved)


def test_invalid_settings_in_a_checkpoint_are_refused(saved: Path) -> None:
    rewrite(saved, edit_metadata=lambda m: m["train_config"].update(optimizer="adagrad"))

    with pytest.raises(CheckpointError, match="invalid settings.*adagrad"):
        load_checkpoint(saved)


def test_a_newer_format_asks_for_an_update(saved: Path) -> None:
    rewrite(saved, edit_metadata=lambda m: m.update(format_version=99))

    with pytest.raises(CheckpointError, match="newer lstm-gui"):
        load_checkpoint(saved)
