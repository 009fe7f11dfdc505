"""The memory task: blank steps after the image, and the memory gate's starting bias."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from lstm_gui.core.config import MAX_BLANK_STEPS, ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.export.scan_animation import render_frames
from lstm_gui.core.export.scan_frames import progress_text
from lstm_gui.core.inside.gradients import load_step_gradients
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.row_experiments import running_probabilities, stop_after
from lstm_gui.core.reading.scan_record import MAX_BLANK_FRAMES, scan_record
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier, format_summary, memory_gate_bias
from lstm_gui.core.run.progress import BatchProgress, EpochResult
from lstm_gui.core.run.sequences import SequenceEncoder, pixel_permutation
from lstm_gui.core.run.session import plan_new_run, prepare_run
from tests.conftest import draw_digit

HIDDEN = 6


def bias(model: SequenceClassifier, name: str) -> torch.Tensor:
    """One of the recurrent layer's bias vectors, e.g. bias_ih_l0."""
    vector = getattr(model.rnn, name)
    assert isinstance(vector, torch.Tensor)
    return vector


def images(count: int = 3, seed: int = 0) -> torch.Tensor:
    return torch.rand(count, 28, 28, generator=torch.Generator().manual_seed(seed))


def predictor(blank_steps: int, steps: int = 28, **model: object) -> Predictor:
    torch.manual_seed(blank_steps)
    train = TrainConfig(steps=steps, blank_steps=blank_steps)
    config = train.model_config(hidden_size=HIDDEN, **model)
    return Predictor(Checkpoint(config, train, SequenceClassifier(config).state_dict()))


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    return draw_digit(7, np.random.default_rng(3)).astype(np.float32) / 255.0


# --------------------------------------------------------------------------- the sequences


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"standardize": True},
        {"sequence": "permuted", "steps": 112, "permutation_seed": 4},
        {"steps": 56, "standardize": True},
    ],
    ids=["rows", "standardized", "permuted", "56-steps-standardized"],
)
def test_the_encoder_appends_exactly_the_blank_steps(settings: dict[str, object]) -> None:
    batch = images()
    plain = SequenceEncoder.for_config(TrainConfig(**settings))(batch)  # type: ignore[arg-type]
    config = TrainConfig(blank_steps=7, **settings)  # type: ignore[arg-type]

    memory = SequenceEncoder.for_config(config)(batch)

    steps, features = plain.shape[1:]
    assert config.sequence_length == steps + 7
    assert memory.shape == (3, steps + 7, features)
    assert torch.equal(memory[:, :steps], plain)  # the image as before, scaled as before
    assert torch.count_nonzero(memory[:, steps:]) == 0  # zeros, after any standardising
    assert torch.count_nonzero(memory[:, :steps]) > 0


def test_the_permuted_view_keeps_its_order_before_the_blanks() -> None:
    batch = images()
    config = TrainConfig(sequence="permuted", blank_steps=3, permutation_seed=2)

    memory = SequenceEncoder.for_config(config)(batch)

    assert memory.shape == (3, 784 + 3, 1)
    order = pixel_permutation(2)
    assert torch.equal(memory[:, :784, 0], batch.reshape(3, -1)[:, order])


def test_the_settings_name_and_bound_the_blanks() -> None:
    config = TrainConfig(blank_steps=100)

    assert (config.time_steps, config.sequence_length) == (28, 128)
    assert config.sequence_name == "rows + 100 blank"
    assert TrainConfig().sequence_name == "rows"
    for bad in (-1, MAX_BLANK_STEPS + 1, 2.5, True):
        with pytest.raises(ConfigError, match="blank steps must be"):
            TrainConfig(blank_steps=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="forget-gate bias must be between -20 and 20"):
        ModelConfig(forget_bias=21.0)


# --------------------------------------------------------------------------- the gate's bias


@pytest.mark.parametrize("keras_init", [True, False])
@pytest.mark.parametrize(("cell", "blocks"), [("lstm", 4), ("gru", 3)])
def test_the_memory_gate_starts_at_the_bias_asked_for(
    cell: str, blocks: int, keras_init: bool
) -> None:
    torch.manual_seed(0)
    config = ModelConfig(
        cell=cell, hidden_size=HIDDEN, num_layers=2, forget_bias=5.0, keras_init=keras_init
    )

    model = SequenceClassifier(config)

    h = HIDDEN
    for layer in range(2):
        bias_ih = bias(model, f"bias_ih_l{layer}")
        bias_hh = bias(model, f"bias_hh_l{layer}")
        assert bias_ih.shape == (blocks * h,)
        assert torch.all(bias_ih[h : 2 * h] == 5.0)
        assert torch.all(bias_hh[h : 2 * h] == 0.0)
        # The other gates are left as the initialisation made them.
        assert not torch.any(bias_ih[:h] == 5.0)


@pytest.mark.parametrize(("cell", "expected"), [("lstm", 1.0), ("gru", 0.0)])
def test_no_bias_keeps_keras_choice(cell: str, expected: float) -> None:
    torch.manual_seed(0)
    config = ModelConfig(cell=cell, hidden_size=HIDDEN)

    model = SequenceClassifier(config)

    assert memory_gate_bias(config) == expected
    gate = slice(HIDDEN, 2 * HIDDEN)
    assert torch.all(bias(model, "bias_ih_l0")[gate] == expected)
    assert torch.all(bias(model, "bias_hh_l0")[gate] == 0.0)


def test_pytorch_init_without_a_bias_keeps_pytorch_draw() -> None:
    torch.manual_seed(0)
    config = ModelConfig(hidden_size=HIDDEN, keras_init=False)

    model = SequenceClassifier(config)

    assert memory_gate_bias(config) is None
    assert bias(model, "bias_ih_l0")[HIDDEN : 2 * HIDDEN].std() > 0  # uniform draws, not a constant
    assert torch.count_nonzero(bias(model, "bias_hh_l0")[HIDDEN : 2 * HIDDEN]) == HIDDEN


@pytest.mark.parametrize("keras_init", [True, False])
def test_a_plain_rnn_ignores_the_bias(keras_init: bool) -> None:
    config = ModelConfig(cell="rnn", hidden_size=HIDDEN, forget_bias=5.0, keras_init=keras_init)
    torch.manual_seed(0)
    with_bias = SequenceClassifier(config)
    torch.manual_seed(0)
    without = SequenceClassifier(ModelConfig(cell="rnn", hidden_size=HIDDEN, keras_init=keras_init))

    assert memory_gate_bias(config) is None
    for (name, a), (_, b) in zip(
        with_bias.state_dict().items(), without.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name
    assert not torch.any(bias(with_bias, "bias_ih_l0") == 5.0)


# --------------------------------------------------------------------------- stored settings


def test_the_settings_round_trip_through_dicts() -> None:
    train = TrainConfig(blank_steps=250, steps=56)
    model = train.model_config(cell="gru", forget_bias=-2.5)

    assert train.to_dict()["blank_steps"] == 250
    assert model.to_dict()["forget_bias"] == -2.5
    assert TrainConfig.from_dict(train.to_dict()) == train
    assert ModelConfig.from_dict(model.to_dict()) == model
    assert ModelConfig.from_dict(ModelConfig().to_dict()).forget_bias is None


def test_a_checkpoint_keeps_the_blanks_and_the_bias_and_predicts_the_same(
    tmp_path: Path, digit: np.ndarray
) -> None:
    original = predictor(blank_steps=9, forget_bias=3.0)

    path = save_checkpoint(tmp_path / "memory.safetensors", original.checkpoint)
    loaded = Predictor(load_checkpoint(path))

    assert loaded.checkpoint.train_config.blank_steps == 9
    assert loaded.checkpoint.model_config.forget_bias == 3.0
    assert loaded.blank_steps == 9
    assert np.array_equal(loaded.probabilities(digit), original.probabilities(digit))
    # The blanks matter: without them the same weights answer otherwise.
    blind = Predictor(
        Checkpoint(
            loaded.checkpoint.model_config,
            TrainConfig(),
            loaded.checkpoint.state_dict,
        )
    )
    assert not np.allclose(blind.probabilities(digit), original.probabilities(digit))


def test_an_older_checkpoint_without_the_settings_still_loads(
    tmp_path: Path, digit: np.ndarray
) -> None:
    original = predictor(blank_steps=0)
    path = save_checkpoint(tmp_path / "old.safetensors", original.checkpoint)
    tensors = load_file(str(path))
    with safe_open(str(path), "pt") as handle:
        metadata = json.loads(handle.metadata()["lstm_gui"])
    del metadata["train_config"]["blank_steps"]  # as written before the memory task
    del metadata["model_config"]["forget_bias"]
    save_file(tensors, str(path), metadata={"lstm_gui": json.dumps(metadata)})

    checkpoint = load_checkpoint(path)

    assert checkpoint.train_config.blank_steps == 0
    assert checkpoint.model_config.forget_bias is None
    assert np.array_equal(Predictor(checkpoint).probabilities(digit), original.probabilities(digit))


# --------------------------------------------------------------------------- reading a digit


def test_a_row_scan_reads_the_blank_steps_after_the_rows(digit: np.ndarray) -> None:
    reader = predictor(blank_steps=5)

    scan = reader.row_scan(digit)

    assert (scan.steps, scan.blank_steps, scan.entries) == (28, 5, 33)
    assert scan.probabilities.shape == (33, 10)
    assert scan.hidden.shape == scan.cell.shape == (33, HIDDEN)  # type: ignore[union-attr]
    assert all(values.shape == (33, HIDDEN) for values in scan.gates.values())
    assert [scan.is_blank(entry) for entry in (28, 29, 33)] == [False, True, True]
    # The last entry is the answer: what the whole sequence, blanks included, gives.
    assert np.allclose(scan.probabilities[-1], reader.probabilities(digit)[0], atol=1e-5)
    # And each entry is the running guess after that step.
    trace = reader.model.trace(reader.encoder(torch.from_numpy(digit)[None]))
    assert np.allclose(scan.probabilities, trace.probabilities[0].numpy(), atol=1e-6)


def test_a_short_sequence_scans_its_rows_then_its_blanks(digit: np.ndarray) -> None:
    reader = predictor(blank_steps=4, steps=14)

    scan = reader.row_scan(digit)

    assert (scan.steps, scan.entries) == (14, 32)
    trace = reader.model.trace(reader.encoder(torch.from_numpy(digit)[None])).probabilities[0]
    assert trace.shape[0] == 18
    assert np.allclose(scan.probabilities[27], trace[13].numpy(), atol=1e-6)  # row 28: step 14
    assert np.allclose(scan.probabilities[28:], trace[14:].numpy(), atol=1e-6)


def test_row_influence_measures_the_image_rows_only(digit: np.ndarray) -> None:
    influence = predictor(blank_steps=5).row_influence(digit)

    assert influence.shape == (28,)
    assert np.all(np.isfinite(influence)) and influence.sum() > 0


def test_the_answer_after_t_rows_reads_the_blanks_too(digit: np.ndarray) -> None:
    reader = predictor(blank_steps=6)

    running = running_probabilities(reader, digit[None])

    assert running.shape == (1, 28, 10)
    assert np.allclose(running[0, -1], reader.probabilities(digit)[0], atol=1e-5)
    # Row 10: rows 1..10, then the six blank steps; nothing of rows 11..28.
    cut = reader.encoder(torch.from_numpy(digit)[None])
    cut = torch.cat([cut[:, :10], cut[:, 28:]], dim=1)
    with torch.no_grad():
        expected = reader.model(cut).softmax(dim=-1)[0].numpy()
    assert np.allclose(running[0, 9], expected, atol=1e-5)
    assert stop_after(digit, 10).rows_read == 10


def test_the_scan_animation_shows_the_blank_steps(digit: np.ndarray) -> None:
    record = scan_record(predictor(blank_steps=5), digit)

    assert record.frames == 28 + 5
    assert record.model_label.endswith("28 steps + 5 blank")
    assert [record.frame_is_blank(f) for f in (27, 28)] == [False, True]
    assert progress_text(record, 27) == "row 28/28"
    assert progress_text(record, 28) == "blank 1/5"
    assert progress_text(record, 32) == "blank 5/5"
    assert record.pixels_read(32) == 784
    assert len(render_frames(record, width=280)) == 33


def test_a_long_delay_shows_a_bounded_number_of_blank_frames(digit: np.ndarray) -> None:
    reader = predictor(blank_steps=300, steps=28)

    record = scan_record(reader, digit)

    assert record.frames == 28 + MAX_BLANK_FRAMES
    assert progress_text(record, record.frames - 1) == "blank 300/300"
    assert np.allclose(record.probabilities[-1], reader.probabilities(digit)[0], atol=1e-5)


def test_the_summary_counts_the_blank_steps() -> None:
    train = TrainConfig(blank_steps=12)
    model = SequenceClassifier(train.model_config(hidden_size=HIDDEN))

    summary = format_summary(model, train.sequence_length)

    assert "(None, 40, 28)" in summary
    assert "40 steps of 28 inputs" in summary


# --------------------------------------------------------------------------- training


def test_a_short_run_trains_on_the_blanks_and_profiles_every_step(
    digits_dir: Path, tmp_path: Path
) -> None:
    train = TrainConfig(
        blank_steps=3,
        epochs=1,
        train_limit=112,
        test_limit=56,
        device="cpu",
        torch_threads=1,
        report_every=1,
    )
    model = train.model_config(hidden_size=HIDDEN, forget_bias=4.0)
    run = prepare_run(plan_new_run(model, train, runs_root=tmp_path), data_dir=digits_dir)
    before = {name: t.clone() for name, t in run.model.state_dict().items()}

    records = list(run.records())

    batches = [r for r in records if isinstance(r, BatchProgress)]
    assert len(batches) == 4 and all(np.isfinite(b.loss) for b in batches)
    assert any(
        not torch.equal(before[name], tensor) for name, tensor in run.model.state_dict().items()
    )
    (result,) = [r for r in records if isinstance(r, EpochResult)]
    assert len(result.step_gradient_norms) == 28 + 3
    loaded = load_step_gradients(run.plan.folder)
    assert loaded is not None
    epochs, norms = loaded
    assert list(epochs) == [0, 1] and norms.shape == (2, 28 + 3)
    saved = load_checkpoint(run.plan.paths.latest)
    assert saved.train_config.blank_steps == 3 and saved.model_config.forget_bias == 4.0
    assert "+ 3 blank" in run.plan.name
