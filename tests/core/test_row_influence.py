"""How much each image row moved the answer: the Predictor against autograd on the raw image."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint
from lstm_gui.core.run.data import dataset_spec
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.sequences import pixel_permutation


def predictor_for(sequence: str, steps: int, standardize: bool) -> Predictor:
    torch.manual_seed(1)
    train = TrainConfig(sequence=sequence, steps=steps, standardize=standardize)
    model = ModelConfig(input_size=784 // steps, hidden_size=12)
    state = SequenceClassifier(model).state_dict()
    return Predictor(Checkpoint(model, train, state))


def independent_influence(predictor: Predictor, image: np.ndarray, view: str) -> np.ndarray:
    """Differentiate with respect to the image itself, then undo the standardising's scale."""
    pixels = torch.tensor(image, dtype=torch.float64, requires_grad=True)
    config = predictor.checkpoint.train_config
    spec = dataset_spec(config.dataset)
    scaled = (pixels - spec.mean) / spec.std if config.standardize else pixels
    flat = scaled.reshape(-1)
    if view == "permuted":
        flat = flat[pixel_permutation(config.permutation_seed)]
    steps = config.steps or 28
    model = predictor.model.double()
    try:
        probabilities = model(flat.reshape(1, steps, -1)).softmax(dim=1)[0]
        answer = int(probabilities.argmax())
        (grad,) = torch.autograd.grad(probabilities[answer], [pixels])
    finally:
        predictor.model.float()
    # d/dx = d/dimage * std: the image's gradient is the input's divided by std.
    scale = spec.std if config.standardize else 1.0
    return (grad * scale).norm(dim=1).numpy()


@pytest.mark.parametrize(
    ("view", "steps", "standardize"),
    [("rows", 28, False), ("rows", 56, True), ("rows", 14, False), ("permuted", 112, False)],
)
def test_row_influence_matches_autograd_on_the_image(
    view: str, steps: int, standardize: bool
) -> None:
    predictor = predictor_for(view, steps, standardize)
    rng = np.random.default_rng(3)
    image = np.zeros((28, 28), dtype=np.float32)
    image[6:22, 8:20] = rng.random((16, 12), dtype=np.float32)

    influence = predictor.row_influence(image)

    assert influence.shape == (28,)
    expected = independent_influence(predictor, image, view)
    np.testing.assert_allclose(influence, expected, rtol=1e-4, atol=1e-9)
    assert influence.max() > 0
    assert not predictor.model.training
    assert all(p.grad is None for p in predictor.model.parameters())


def test_rows_read_first_move_a_plain_rnn_answer_least() -> None:
    """A sanity check a learner can see: an untrained RNN forgets its first rows."""
    torch.manual_seed(0)
    model = ModelConfig(cell="rnn", hidden_size=8)
    predictor = Predictor(Checkpoint(model, TrainConfig(), SequenceClassifier(model).state_dict()))
    influence = predictor.row_influence(np.full((28, 28), 0.5, dtype=np.float32))
    assert influence[0] < influence[-1]
