"""Gradient through time in core: the profile's maths, its file beside curves.csv."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_gui.core.config import ModelConfig
from lstm_gui.core.inside.gradients import (
    StepGradientLog,
    early_late_ratio,
    gradient_profile,
    input_gradient_norms,
    load_step_gradients,
)
from lstm_gui.core.run.model import SequenceClassifier


def test_early_late_ratio_compares_the_first_and_last_quarters() -> None:
    assert early_late_ratio([1.0, 1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0]) == pytest.approx(1 / 8)
    assert early_late_ratio([3.0]) == 1.0
    assert math.isnan(early_late_ratio([1.0, 0.0]))


def test_a_stacked_lstm_profile_matches_autograd_on_the_fused_layer() -> None:
    torch.manual_seed(0)
    model = SequenceClassifier(
        ModelConfig(input_size=7, hidden_size=8, num_layers=2, dropout=0.5)
    ).train()
    x = torch.randn(5, 12, 7)
    labels = torch.tensor([0, 1, 2, 3, 4])

    profile = gradient_profile(model, x, labels)

    assert model.training  # the mode comes back
    assert all(p.grad is None for p in model.parameters())  # the weights' gradients untouched
    model.eval()  # no dropout, as the profile measures
    leaf = x.clone().requires_grad_(True)
    nn.functional.cross_entropy(model(leaf), labels).backward()
    assert leaf.grad is not None
    expected = leaf.grad.norm(dim=2).mean(dim=0).numpy()
    np.testing.assert_allclose(profile.input_norms, expected, rtol=1e-4)
    np.testing.assert_allclose(input_gradient_norms(model, x, labels), expected, rtol=1e-4)
    assert profile.hidden_norms is not None and profile.hidden_norms.shape == (12,)
    # The last state feeds the classifier directly: its gradient is that of the head's input.
    features = model.features(x).detach().requires_grad_(True)
    nn.functional.cross_entropy(model.head(features), labels).backward()
    assert features.grad is not None
    last = features.grad.norm(dim=1).mean().item()
    assert profile.hidden_norms[-1] == pytest.approx(last, rel=1e-4)


def test_a_bidirectional_network_has_an_input_profile_only() -> None:
    model = SequenceClassifier(ModelConfig(input_size=4, hidden_size=6, bidirectional=True))

    profile = gradient_profile(model, torch.randn(3, 7, 4), torch.tensor([1, 2, 3]))

    assert profile.hidden_norms is None and profile.input_norms.shape == (7,)
    assert profile.to_dict()["hidden_gradient_norms"] is None


def test_the_log_keeps_finished_epochs_when_a_run_resumes(tmp_path: Path) -> None:
    with StepGradientLog(tmp_path) as log:
        for epoch in range(3):
            log.append(epoch, [0.5 * (epoch + 1), 0.123456789])

    with StepGradientLog(tmp_path, keep_epochs=1) as log:  # resumed after epoch 1
        log.append(2, [9.0, 9.0])

    loaded = load_step_gradients(tmp_path)
    assert loaded is not None
    epochs, norms = loaded
    assert epochs.tolist() == [0, 1, 2]
    assert norms.tolist() == [[0.5, 0.1235], [1.0, 0.1235], [9.0, 9.0]]
    assert load_step_gradients(tmp_path / "nowhere") is None
