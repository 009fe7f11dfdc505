"""Small untrained models for the inside views' tests: seeded, so their states are fixed."""

from __future__ import annotations

import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint
from lstm_gui.core.run.model import SequenceClassifier


def small_predictor(hidden: int = 12, seed: int = 0, **train: object) -> Predictor:
    """An untrained LSTM of `hidden` units with seeded weights (its states are what it is)."""
    torch.manual_seed(seed)
    train_config = TrainConfig(**train)  # type: ignore[arg-type]
    config = train_config.model_config(hidden_size=hidden)
    return Predictor(Checkpoint(config, train_config, SequenceClassifier(config).state_dict()))
