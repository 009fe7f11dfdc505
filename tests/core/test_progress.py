"""Estimates made from progress records: the time left shown beside the progress bars."""

from __future__ import annotations

import pytest

from lstm_gui.core.run.progress import TimeLeft


def test_time_left_counts_the_remaining_batches_and_epochs() -> None:
    time_left = TimeLeft(batch_size=28)
    # 50 of 100 batches of 28 done at 1,400 samples/s: 1 s left in the epoch, 1 + 2 in the run.
    assert time_left.update(1, 2, 50, 100, 1400.0) == pytest.approx((1.0, 3.0))
    # Evaluating epoch 1 took 2 s: the rest of epoch 2 is 1 s of training and 2 s of testing.
    time_left.epoch_finished(2.0)
    assert time_left.update(2, 2, 50, 100, 1400.0) == pytest.approx((1.0, 3.0))
    assert time_left.update(2, 2, 100, 100, 1400.0) == pytest.approx((0.0, 2.0))


def test_time_left_smooths_the_speed() -> None:
    time_left = TimeLeft(batch_size=10)
    time_left.update(1, 1, 0, 100, 1000.0)
    epoch_left, _ = time_left.update(1, 1, 0, 100, 2000.0)  # 0.8 * 1000 + 0.2 * 2000 = 1200
    assert epoch_left == pytest.approx(1000 / 1200)
