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
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, LstmGuiError, StorageError
from lstm_gui.core.run import checkpoint as checkpoint_module
from lstm_gui.core.run import checkpoint_header
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.checkpoint_header import expected_parameter_shapes
from lstm_gui.core.run.model import SequenceClassifier

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

    with pytest.raises(StorageError, match="the disk is full") as error:
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
        pickle.load(stream)

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


# --------------------------------------------------------------------------- header-first checks


def tiny_checkpoint(path: Path) -> Path:
    """A small checkpoint with Adam state: 8 LSTM units."""
    checkpoint, _, _ = trained_checkpoint(hidden_size=8)
    return save_checkpoint(path, checkpoint)


def crafted(tmp_path: Path, **claims) -> Path:
    """A tiny model's tensors under metadata that claims another model, as an attacker would."""
    path = tiny_checkpoint(tmp_path / "crafted.safetensors")
    rewrite(path, edit_metadata=lambda m: m["model_config"].update(claims))
    return path


def forbid_building_and_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, fail the test if a model is built or a tensor read: the header must do."""

    def built(*args, **kwargs):
        pytest.fail("a model was built before the checkpoint's header was checked")

    def loaded(*args, **kwargs):
        pytest.fail("tensors were loaded before the checkpoint's header was checked")

    monkeypatch.setattr(SequenceClassifier, "__init__", built)
    monkeypatch.setattr(checkpoint_module, "load_file", loaded)


def edit_header(path: Path, edit) -> None:
    """Change a safetensors file's JSON header in place, keeping its data bytes as they are."""
    raw = path.read_bytes()
    length = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + length])
    edit(header)
    encoded = json.dumps(header).encode()
    path.write_bytes(len(encoded).to_bytes(8, "little") + encoded + raw[8 + length :])


def tensor_entries(header: dict) -> list[tuple[str, dict]]:
    """The header's tensor entries in the order of their bytes in the file."""
    entries = [(k, v) for k, v in header.items() if k != "__metadata__"]
    return sorted(entries, key=lambda item: item[1]["data_offsets"])


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"hidden_size": 4096, "num_layers": 8}, r"1,007,394,826 parameters, more than lstm-gui"),
        ({"hidden_size": 4096}, r"another architecture.*rnn\.weight_ih_l0"),
        ({"num_layers": 8, "bidirectional": True}, r"another architecture.*rnn\.weight_ih_l0_rev"),
    ],
    ids=["huge", "large-but-allowed", "more-layers"],
)
def test_a_file_lying_about_its_model_is_refused_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claims: dict, expected: str
) -> None:
    path = crafted(tmp_path, **claims)
    forbid_building_and_loading(monkeypatch)

    with pytest.raises(CheckpointError, match=expected) as error:
        load_checkpoint(path)

    assert str(error.value).startswith("crafted.safetensors ")
    assert str(error.value).endswith("it cannot be loaded.")


def test_listing_a_lying_file_reads_only_its_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = crafted(tmp_path, hidden_size=4096, num_layers=8)
    forbid_building_and_loading(monkeypatch)

    metadata = checkpoint_header.read_checkpoint_metadata(path)

    assert metadata["model_config"]["hidden_size"] == 4096


def test_the_parameter_bound_applies_to_real_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tiny_checkpoint(tmp_path / "tiny.safetensors")
    parameters = sum(t.numel() for t in load_checkpoint(path).state_dict.values())

    monkeypatch.setattr(checkpoint_header, "MAX_PARAMETERS", parameters - 1)
    with pytest.raises(CheckpointError, match=f"{parameters:,} parameters, more than"):
        load_checkpoint(path)

    monkeypatch.setattr(checkpoint_header, "MAX_PARAMETERS", parameters)
    assert load_checkpoint(path).model_config.hidden_size == 8


def test_the_biggest_model_the_gui_allows_is_far_below_the_bound() -> None:
    biggest = ModelConfig(hidden_size=1024, num_layers=4, bidirectional=True)
    parameters = sum(
        torch.Size(shape).numel() for shape in expected_parameter_shapes(biggest).values()
    )
    assert parameters * 3 < checkpoint_header.MAX_PARAMETERS


def test_weights_that_are_not_floating_point_are_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "ints.safetensors")
    rewrite(path, edit_tensors=lambda t: t.update({"model.head.bias": torch.zeros(10).int()}))

    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path)

    assert str(error.value) == (
        "ints.safetensors stores head.bias as I32, not as floating point numbers "
        "(F16, BF16, F32 or F64); it cannot be loaded."
    )


def test_float64_weights_still_load(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "f64.safetensors")
    rewrite(path, edit_tensors=lambda t: t.update({"model.head.bias": torch.zeros(10).double()}))

    assert load_checkpoint(path).build_model().head.bias.abs().sum() == 0


def test_offsets_past_the_end_of_the_file_are_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "past.safetensors")

    def push_last_past_the_end(header: dict) -> None:
        name, entry = tensor_entries(header)[-1]
        entry["data_offsets"] = [offset + 64 for offset in entry["data_offsets"]]

    edit_header(path, push_last_past_the_end)

    with pytest.raises(CheckpointError, match=r"^past\.safetensors is truncated or corrupt \("):
        load_checkpoint(path)


def test_overlapping_tensors_are_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "overlap.safetensors")

    def overlap(header: dict) -> None:
        # A later tensor of the same byte length is pointed at an earlier one's bytes.
        entries = tensor_entries(header)
        for index, (_, later) in enumerate(entries):
            start, end = later["data_offsets"]
            for _, earlier in entries[:index]:
                if earlier["data_offsets"][1] - earlier["data_offsets"][0] == end - start > 0:
                    later["data_offsets"] = list(earlier["data_offsets"])
                    return
        raise AssertionError("no two tensors of the same size")

    edit_header(path, overlap)

    with pytest.raises(
        CheckpointError, match=r"^overlap\.safetensors is corrupt \(tensors .* over"
    ):
        load_checkpoint(path)


def test_stray_bytes_between_tensors_are_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "gap.safetensors")

    def shift_first(header: dict) -> None:
        # The first tensor is said to start 4 bytes in: those 4 bytes belong to no tensor.
        _, first = tensor_entries(header)[0]
        first["data_offsets"] = [offset + 4 for offset in first["data_offsets"]]

    edit_header(path, shift_first)

    with pytest.raises(CheckpointError, match=r"^gap\.safetensors is corrupt \(4 stray bytes"):
        load_checkpoint(path)


def test_a_shape_that_does_not_fit_its_bytes_is_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "shape.safetensors")
    edit_header(path, lambda header: header["model.head.bias"].update(shape=[11]))

    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path)

    assert str(error.value) == (
        "shape.safetensors is corrupt (tensor model.head.bias of shape [11] needs 44 bytes "
        "but has 40); it cannot be loaded."
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"dtype": "F128", "shape": [10], "data_offsets": [0, 40]}, "unsupported type F128"),
        ({"dtype": "F32", "shape": [-10], "data_offsets": [0, 40]}, "invalid header entry"),
        ({"dtype": "F32", "shape": [10], "data_offsets": [40, 0]}, "invalid header entry"),
        ({"dtype": "F32", "shape": [True], "data_offsets": [0, 4]}, "invalid header entry"),
        ({"dtype": "F32", "shape": 10, "data_offsets": [0, 40]}, "invalid header entry"),
        ([], "invalid header entry"),
    ],
    ids=["dtype", "negative-size", "backwards-offsets", "bool-size", "shape-not-a-list", "list"],
)
def test_malformed_header_entries_are_refused(tmp_path: Path, entry, expected: str) -> None:
    path = tiny_checkpoint(tmp_path / "entry.safetensors")
    edit_header(path, lambda header: header.update({"model.head.bias": entry}))

    with pytest.raises(CheckpointError, match=f"^entry.safetensors is corrupt .*{expected}"):
        load_checkpoint(path)


def test_too_many_tensors_are_refused(tmp_path: Path) -> None:
    path = tiny_checkpoint(tmp_path / "many.safetensors")
    extra = {f"extra.{i}": torch.zeros(()) for i in range(checkpoint_header.MAX_TENSORS)}
    rewrite(path, edit_tensors=lambda t: t.update(extra))

    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path)

    tensors = checkpoint_header.MAX_TENSORS + len(load_file(str(path))) - len(extra)
    assert str(error.value) == (
        f"many.safetensors holds {tensors:,} tensors, more than a checkpoint has "
        f"(at most {checkpoint_header.MAX_TENSORS:,}); it cannot be loaded."
    )


def test_an_oversized_header_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tiny_checkpoint(tmp_path / "header.safetensors")
    length = int.from_bytes(path.read_bytes()[:8], "little")
    monkeypatch.setattr(checkpoint_header, "MAX_HEADER_BYTES", length - 1)

    with pytest.raises(CheckpointError, match=f"has a header of {length:,} bytes, more than"):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.update({"optimizer.0.exp_avg": torch.zeros(3, 3)}),
            r"does not fit its model \(optimizer\.0\.exp_avg of shape \[3, 3\]\)",
        ),
        (
            lambda t: t.update({"optimizer.6.step": torch.zeros(())}),  # 6 parameters: 0 to 5
            r"does not fit its model \(optimizer\.6\.step",
        ),
        (
            lambda t: t.update({"optimizer.0.exp_avg": torch.zeros(32, 28).int()}),
            r"does not fit its model \(optimizer\.0\.exp_avg",
        ),
        (
            lambda t: t.update({f"optimizer.1.s{i}": torch.zeros(()) for i in range(6)}),
            "more than 8 optimizer states for parameter 1",
        ),
        (lambda t: t.update({"optimizer.01.step": torch.zeros(())}), r"does not know \(optim"),
        (lambda t: t.update({"weights.head": torch.zeros(())}), r"does not know \(weights\.head"),
    ],
    ids=["shape", "index", "dtype", "count", "index-spelling", "unknown-name"],
)
def test_optimizer_state_must_fit_the_model(tmp_path: Path, edit, expected: str) -> None:
    path = tiny_checkpoint(tmp_path / "adam.safetensors")
    assert load_checkpoint(path).optimizer_state is not None  # the file really has Adam's state
    rewrite(path, edit_tensors=edit)

    with pytest.raises(CheckpointError, match=f"^adam.safetensors holds .*{expected}"):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "not a safetensors checkpoint"),
        (b'{"a": ' + b"9" * 5000 + b"}", "not a safetensors checkpoint"),
    ],
    ids=["deeply-nested", "huge-number"],
)
def test_headers_that_defeat_the_json_parser_are_refused(
    tmp_path: Path, header: bytes, expected: str
) -> None:
    path = tmp_path / "parser.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header)

    with pytest.raises(CheckpointError, match=expected):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"hidden_size": 8.0}, "hidden size must be a whole number, not 8.0."),
        ({"num_layers": True}, "layers must be a number, not True."),
        ({"bidirectional": 0}, "bidirectional must be true or false, not 0."),
    ],
)
def test_settings_of_the_wrong_type_are_refused(
    tmp_path: Path, claims: dict, expected: str
) -> None:
    path = crafted(tmp_path, **claims)

    with pytest.raises(CheckpointError) as error:
        load_checkpoint(path)

    assert str(error.value) == f"crafted.safetensors has invalid settings: {expected}"
