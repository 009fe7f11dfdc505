"""The unit atlas: each unit's driving digits, gate saturation and the cost of silencing it."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from typing import Any

import numpy as np
import pytest
import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.inside.row_states import collect_row_states
from lstm_gui.core.inside.unit_atlas import (
    compute_unit_atlas,
    silenced_scores,
    top_drivers,
    unit_atlas,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.model import Gate, SequenceClassifier
from lstm_gui.core.run.sequences import to_unit
from tests.core.inside_models import small_predictor


def test_the_drivers_are_the_digits_with_the_highest_peak_magnitude() -> None:
    rng = np.random.default_rng(0)
    hidden = rng.uniform(-1, 1, size=(20, 7, 3))
    drivers = top_drivers(hidden, k=4)
    for unit in range(3):
        # By hand: each digit's peak |h| and where, then the four highest peaks.
        peaks = []
        for digit in range(20):
            magnitudes = [abs(hidden[digit, entry, unit]) for entry in range(7)]
            entry = magnitudes.index(max(magnitudes))
            peaks.append((max(magnitudes), digit, entry))
        best = sorted(peaks, reverse=True)[:4]
        assert drivers.digits[unit].tolist() == [digit for _, digit, _ in best]
        assert drivers.entries[unit].tolist() == [entry + 1 for _, _, entry in best]
        assert np.allclose(
            drivers.values[unit], [hidden[digit, entry, unit] for _, digit, entry in best]
        )


def test_a_negative_state_drives_a_unit_as_much_as_a_positive_one() -> None:
    hidden = np.zeros((3, 2, 1))
    hidden[1, 1, 0] = -0.9
    hidden[2, 0, 0] = 0.5
    drivers = top_drivers(hidden, k=2)
    assert drivers.digits[0].tolist() == [1, 2]
    assert drivers.values[0].tolist() == [-0.9, 0.5]


def independent_scores(
    predictor: Predictor, images: torch.Tensor, labels: torch.Tensor, unit: int | None
) -> tuple[float, float]:
    """Accuracy and mean true-class probability with unit `unit`'s outputs cut from the weights.

    The top layer's h_j reaches the rest of the network only through column j of its W_hh (the
    next step) and of the classifier: zeroing those columns silences it, and nn.LSTM's own
    forward reads it. Lower layers keep their weights.
    """
    model = copy.deepcopy(predictor.model)
    with torch.no_grad():
        if unit is not None:
            recurrent_weights = getattr(model.rnn, f"weight_hh_l{model.config.num_layers - 1}")
            assert isinstance(recurrent_weights, torch.Tensor)
            recurrent_weights[:, unit] = 0.0
            model.head.weight[:, unit] = 0.0
        probabilities = model(predictor.encoder(to_unit(images))).softmax(dim=1)
    right = float((probabilities.argmax(dim=1) == labels).double().mean())
    sure = float(probabilities.gather(1, labels[:, None]).double().mean())
    return right, sure


def test_silencing_a_unit_scores_as_cutting_its_outgoing_weights(digits: DatasetSplits) -> None:
    predictor = small_predictor(hidden=6, seed=3)
    test = digits.test.head(120)
    records = list(silenced_scores(predictor, test.images, test.labels))
    assert [record.done for record in records] == [1, 2, 3, 4, 5, 6]
    final = records[-1]
    right, sure = independent_scores(predictor, test.images, test.labels, None)
    assert final.accuracy_all == pytest.approx(right)
    assert final.confidence_all == pytest.approx(sure, abs=1e-6)
    for unit in range(6):
        right, sure = independent_scores(predictor, test.images, test.labels, unit)
        assert final.accuracy[unit] == pytest.approx(right)
        assert final.confidence[unit] == pytest.approx(sure, abs=1e-6)
    # Silencing does change what this network says.
    assert np.abs(final.confidence - final.confidence_all).max() > 1e-4


def test_in_a_deep_network_only_the_top_layers_unit_is_silenced(digits: DatasetSplits) -> None:
    torch.manual_seed(6)
    train = TrainConfig()
    config = train.model_config(hidden_size=5, num_layers=2)
    predictor = Predictor(Checkpoint(config, train, SequenceClassifier(config).state_dict()))
    test = digits.test.head(60)

    final = list(silenced_scores(predictor, test.images, test.labels))[-1]

    for unit in range(5):
        right, sure = independent_scores(predictor, test.images, test.labels, unit)
        assert final.accuracy[unit] == pytest.approx(right)
        assert final.confidence[unit] == pytest.approx(sure, abs=1e-6)


def test_the_atlas_brings_drivers_saturation_and_drops_together(digits: DatasetSplits) -> None:
    predictor = small_predictor(hidden=5, seed=4)
    test = digits.test.head(50)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    records = list(unit_atlas(predictor, states, test.images, test.labels, top_k=3))
    assert [record.done for record in records] == [1, 2, 3, 4, 5, 5]
    atlas = records[-1].atlas
    assert atlas is not None and all(record.atlas is None for record in records[:-1])
    assert atlas.units == 5 and atlas.samples == 50 and atlas.seconds > 0
    assert atlas.drivers.digits.shape == (5, 3)
    # The LSTM's four gates, a share per unit (test_inside_trajectories checks the values).
    assert set(atlas.saturation) == {Gate.INPUT, Gate.FORGET, Gate.CELL_CANDIDATE, Gate.OUTPUT}
    assert all(shares.shape == (5,) for shares in atlas.saturation.values())
    assert atlas.accuracy == pytest.approx(states.accuracy)
    right, sure = independent_scores(predictor, test.images, test.labels, 2)
    assert atlas.accuracy_drop[2] == pytest.approx(atlas.accuracy - right)
    assert atlas.confidence_drop[2] == pytest.approx(atlas.scores.confidence_all - sure, abs=1e-6)
    ranked = atlas.ranked().tolist()
    assert sorted(ranked) == list(range(5))
    keys = [(-atlas.accuracy_drop[u], -atlas.confidence_drop[u]) for u in ranked]
    assert keys == sorted(keys)


def test_a_long_memory_tasks_drivers_name_the_blank_step_they_peak_at(
    digits: DatasetSplits,
) -> None:
    predictor = small_predictor(hidden=3, seed=2, blank_steps=150)
    test = digits.test.head(4)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None and states.entries == 128
    # Digit d peaks at entry 101 + d, the blank steps kept there, whatever the untrained net.
    peaks = np.zeros_like(states.hidden)
    for digit in range(4):
        peaks[digit, 100 + digit] = 1.0 + digit

    atlas = compute_unit_atlas(
        predictor, dataclasses.replace(states, hidden=peaks), test.images, test.labels
    )

    assert atlas is not None
    rows = states.entry_rows
    assert atlas.drivers.entries[0].tolist() == [rows[103], rows[102], rows[101], rows[100]]
    assert rows[100] > 28 + 100  # a blank step's row (29 + its number), not the entry


def test_the_atlas_reports_progress_and_stops_when_no_longer_iterated(
    digits: DatasetSplits, monkeypatch: pytest.MonkeyPatch
) -> None:
    predictor = small_predictor(hidden=4, seed=5)
    test = digits.test.head(20)  # one chunk: one traced pass per score
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    passes: list[int] = []
    trace = predictor.model.trace

    def counted_trace(*args: Any) -> Any:
        passes.append(1)
        return trace(*args)

    monkeypatch.setattr(predictor.model, "trace", counted_trace)
    records = unit_atlas(predictor, states, test.images, test.labels)
    first_two = list(itertools.islice(records, 2))  # then no longer iterated

    assert [(r.done, r.total, r.atlas) for r in first_two] == [(1, 4, None), (2, 4, None)]
    assert len(passes) == 3  # all units, then units 1 and 2 silenced; units 3 and 4 never


@pytest.mark.slow
def test_on_mnist_the_bundled_model_loses_little_to_any_one_unit(mnist: DatasetSplits) -> None:
    predictor = Predictor.bundled()
    test = mnist.test.head(300)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    atlas = compute_unit_atlas(predictor, states, test.images, test.labels)
    assert atlas is not None and atlas.units == 128
    assert atlas.accuracy > 0.97
    # A distributed code: no single unit costs more than a few digits of 300.
    assert atlas.accuracy_drop.max() < 0.05
    assert (atlas.confidence_drop != 0).all()
