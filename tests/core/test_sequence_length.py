"""Any sequence length: the image cut into T chunks, the views it names, and each cell's cost."""

from __future__ import annotations

import pytest
import torch

from lstm_gui.core.config import STEP_CHOICES, ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.reading.inference import row_end_steps
from lstm_gui.core.run.costs import cell_costs
from lstm_gui.core.run.model import SequenceClassifier, format_summary
from lstm_gui.core.run.sequences import SequenceEncoder, pixel_permutation


def test_the_lengths_are_the_divisors_of_784() -> None:
    assert STEP_CHOICES == (1, 2, 4, 7, 8, 14, 16, 28, 49, 56, 98, 112, 196, 392, 784)


@pytest.mark.parametrize(
    ("settings", "view", "steps", "name"),
    [
        ({}, "rows", 28, "rows"),
        ({"sequence": "pixels"}, "pixels", 784, "pixels"),
        ({"sequence": "permuted"}, "permuted", 784, "permuted"),
        ({"steps": 56}, "rows", 56, "56 steps"),
        ({"steps": 784}, "pixels", 784, "pixels"),  # rows at 784 steps is the pixels view
        ({"sequence": "permuted", "steps": 112}, "permuted", 112, "permuted 112 steps"),
    ],
)
def test_views_and_steps_describe_one_reading(
    settings: dict[str, object], view: str, steps: int, name: str
) -> None:
    config = TrainConfig(**settings)  # type: ignore[arg-type]

    assert (config.sequence, config.steps, config.sequence_name) == (view, steps, name)
    assert config.model_config().input_size == 784 // steps
    assert TrainConfig.from_dict(config.to_dict()) == config


def test_a_checkpoint_without_steps_reads_its_view_length() -> None:
    stored = TrainConfig(sequence="pixels").to_dict()
    del stored["steps"]  # as written before steps existed

    assert TrainConfig.from_dict(stored).steps == 784


@pytest.mark.parametrize("steps", [100, 0, 785, 27.0])
def test_a_length_that_does_not_divide_784_is_refused(steps: object) -> None:
    with pytest.raises(ConfigError, match=r"one of 1, 2, 4, .* 784; not"):
        TrainConfig(steps=steps)  # type: ignore[arg-type]


def test_pixels_names_only_784_steps() -> None:
    with pytest.raises(ConfigError, match="for 56 steps use the rows view"):
        TrainConfig(sequence="pixels", steps=56)


def test_steps_cut_the_image_row_by_row() -> None:
    images = torch.arange(2 * 784, dtype=torch.float32).reshape(2, 28, 28)

    sequences = SequenceEncoder.for_config(TrainConfig(steps=56))(images)

    assert sequences.shape == (2, 56, 14)
    # Step 2 is the second half of the first row; step 56 the second half of the last.
    assert sequences[1, 1].tolist() == images[1, 0, 14:].tolist()
    assert sequences[1, 55].tolist() == images[1, 27, 14:].tolist()


def test_permuted_keeps_its_pixel_order_at_any_length() -> None:
    images = torch.rand(3, 28, 28)
    order = pixel_permutation(7)

    long = SequenceEncoder.for_config(TrainConfig(sequence="permuted", permutation_seed=7))
    short = SequenceEncoder.for_config(
        TrainConfig(sequence="permuted", steps=112, permutation_seed=7)
    )

    assert short(images).shape == (3, 112, 7)
    assert torch.equal(short(images).reshape(3, -1), long(images).reshape(3, -1))
    assert torch.equal(short(images).reshape(3, -1), images.reshape(3, -1)[:, order])


def test_row_ends_for_several_lengths() -> None:
    assert row_end_steps(28).tolist() == list(range(28))
    assert row_end_steps(784).tolist() == [28 * row + 27 for row in range(28)]
    assert row_end_steps(56).tolist() == [2 * row + 1 for row in range(28)]
    # A step of 56 pixels reads two rows: rows 1 and 2 both end in step 1.
    assert row_end_steps(14).tolist()[:4] == [0, 0, 1, 1]


def test_cost_per_cell_by_hand() -> None:
    config = ModelConfig(input_size=28, hidden_size=128)

    costs = {cost.cell: cost for cost in cell_costs(config)}

    head = 128 * 10 + 10
    for cell, gates in (("rnn", 1), ("gru", 3), ("lstm", 4)):
        assert costs[cell].parameters == gates * 128 * (28 + 128 + 2) + head
        assert costs[cell].macs_per_step == gates * (28 * 128 + 128 * 128)
        built = SequenceClassifier(ModelConfig(cell=cell, input_size=28, hidden_size=128))
        assert costs[cell].parameters == sum(p.numel() for p in built.parameters())
    assert costs["lstm"].parameters == 82_186
    assert costs["lstm"].macs_per_sample(28) == 2_236_416


def test_summary_shows_the_cost_of_each_cell() -> None:
    model = SequenceClassifier(TrainConfig(steps=56).model_config(cell="gru", hidden_size=16))

    text = format_summary(model, steps=56)

    assert "(None, 56, 14)" in text
    gru_line = next(line for line in text.splitlines() if line.strip().startswith("GRU "))
    macs_per_step = 3 * (14 * 16 + 16 * 16)
    assert f"{macs_per_step:,}" in gru_line and f"{56 * macs_per_step:,}" in gru_line
    assert gru_line.endswith("<- this model")
