"""A run's gradient profiles by epoch: from records and files, zeros kept visible on a log scale."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lstm_gui.core.inside.gradient_history import (
    FLOAT32_FLOOR,
    GradientHistory,
    latest_profile,
    log_profiles,
)
from lstm_gui.core.inside.gradients import StepGradientLog
from lstm_gui.core.run.progress import EpochResult


def result(epoch: int, norms: list[float], initial: list[float] | None = None) -> EpochResult:
    return EpochResult(
        epoch, 3, 0.5, 0.8, 0.6, 0.7, 1.0, 1.2, 100.0, 1e-3, np.zeros((10, 10)), np.zeros(0),
        tuple(norms), None if initial is None else tuple(initial),
    )  # fmt: skip


def test_records_fill_rows_from_the_initial_profile_on() -> None:
    history = GradientHistory()
    history.add_result(result(1, [1.0, 2.0], initial=[3.0, 4.0]))
    history.add_result(result(2, [5.0, 6.0]))
    assert history.epochs.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(history.norms, [[3, 4], [1, 2], [5, 6]])
    np.testing.assert_array_equal(history.latest, [5, 6])
    history.add_result(result(2, [7.0, 8.0]))  # redone after a resume: replaced
    history.add_result(result(1, [9.0, 9.0]))  # an earlier epoch again: later ones go
    assert history.epochs.tolist() == [0, 1]
    history.add(1, [1.0, 2.0, 3.0])  # another length: a new history
    assert history.norms.shape == (1, 3)


def test_zeros_sit_at_the_smallest_positive_value_and_are_marked() -> None:
    norms = np.array([[1e-30, 0.0, 10.0], [0.0, 1e-3, 1.0]])
    shown = log_profiles(norms)
    assert shown.floor == 1e-30
    np.testing.assert_allclose(shown.values, [[-30, -30, 1], [-30, -3, 0]])
    assert shown.zeros.tolist() == [[False, True, False], [True, False, False]]
    assert log_profiles(np.zeros((1, 2))).floor == FLOAT32_FLOOR
    assert log_profiles(norms, floor=1e-40).values[0, 1] == pytest.approx(-40)


def test_a_folder_and_its_latest_profile(tmp_path: Path) -> None:
    with StepGradientLog(tmp_path) as log:
        for epoch in range(4):
            log.append(epoch, [epoch + 1.0, 0.5])
    history = GradientHistory.from_folder(tmp_path, up_to_epoch=2)
    assert history.epochs.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(latest_profile(tmp_path, ()), [4.0, 0.5])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(GradientHistory.from_folder(empty)) == 0
    stored = ({"step_gradient_norms": [2.0, 1.0]}, {"epoch": 2})
    np.testing.assert_array_equal(latest_profile(empty, stored), [2.0, 1.0])
    assert latest_profile(empty, ()) is None
