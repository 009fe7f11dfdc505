"""The pretrained model shipped in resources/: small, loadable, and as good as promised."""

from __future__ import annotations

import pytest
import torch

from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.core.run.training import evaluate
from lstm_gui.resources import bundled_model_path


def test_bundled_model_is_small_and_describes_itself() -> None:
    path = bundled_model_path()
    assert path.stat().st_size < 1024 * 1024
    checkpoint = load_checkpoint(path)
    assert checkpoint.model_config.cell == "lstm"
    assert checkpoint.model_config.hidden_size == 128
    assert checkpoint.train_config.sequence == "rows"
    assert checkpoint.optimizer_state is None  # exported for sharing, not resuming
    assert checkpoint.epochs_done == 20 and len(checkpoint.history) == 20
    assert checkpoint.name


def test_bundled_model_reads_the_drawn_digits(digits: DatasetSplits) -> None:
    checkpoint = load_checkpoint(bundled_model_path())
    encoder = SequenceEncoder.for_config(checkpoint.train_config)
    result = evaluate(checkpoint.build_model(), digits.test, encoder, torch.device("cpu"))
    assert result.samples == 200
    assert result.acc >= 0.95  # 0.995 when the drawn digits were made


@pytest.mark.slow
def test_bundled_model_scores_at_least_98_5_percent_on_mnist_test(mnist: DatasetSplits) -> None:
    checkpoint = load_checkpoint(bundled_model_path())
    encoder = SequenceEncoder.for_config(checkpoint.train_config)
    result = evaluate(checkpoint.build_model(), mnist.test, encoder, torch.device("cpu"))
    assert result.samples == 10_000
    assert result.acc >= 0.985
    # The figure stored in the file is the one a user is shown; it must be the truth.
    assert abs(checkpoint.history[-1]["val_acc"] - result.acc) < 1e-4
