"""Row experiments change the input as named; the rows-needed curve; fast single-image reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.reading import row_experiments as experiments
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.data import DatasetSplits, ImageSet
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.resources import bundled_model_path
from tests.conftest import DIGITS_TEST


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.bundled()


@pytest.fixture
def image() -> np.ndarray:
    # Distinct rows and columns, so every reordering is visible.
    return (np.arange(28 * 28, dtype=np.float32).reshape(28, 28) + 1) / (28 * 28)


def test_erase_a_row_blanks_that_row_only(image: np.ndarray) -> None:
    experiment = experiments.erase_rows(image, 5)
    assert experiment.kind == experiments.ERASE_ROWS
    np.testing.assert_array_equal(experiment.image[4], 0.0)
    np.testing.assert_array_equal(np.delete(experiment.image, 4, axis=0), np.delete(image, 4, 0))
    assert experiment.rows_read == 28


def test_erase_a_band_blanks_rows_first_to_last_in_either_order(image: np.ndarray) -> None:
    band = experiments.erase_rows(image, 14, 10).image
    np.testing.assert_array_equal(band[9:14], 0.0)
    np.testing.assert_array_equal(band[:9], image[:9])
    np.testing.assert_array_equal(band[14:], image[14:])


def test_stop_after_k_rows_feeds_only_the_first_k(image: np.ndarray) -> None:
    experiment = experiments.stop_after(image, 9)
    assert experiment.rows_read == 9
    np.testing.assert_array_equal(experiment.sequence, image[:9])


def test_reverse_flips_the_row_order(image: np.ndarray) -> None:
    np.testing.assert_array_equal(experiments.reverse_rows(image).image, image[::-1])


def test_columns_instead_of_rows_is_the_transpose(image: np.ndarray) -> None:
    np.testing.assert_array_equal(experiments.columns_as_rows(image).image, image.T)


def test_shuffle_reorders_the_same_rows_repeatably(image: np.ndarray) -> None:
    first = experiments.shuffle_rows(image, seed=3)
    again = experiments.shuffle_rows(image, seed=3)
    other = experiments.shuffle_rows(image, seed=4)
    assert first.row_order is not None
    np.testing.assert_array_equal(first.image, image[first.row_order])
    assert sorted(first.row_order) == list(range(28))
    assert not np.array_equal(first.image, image)
    np.testing.assert_array_equal(first.image, again.image)
    assert not np.array_equal(first.image, other.image)


@pytest.mark.parametrize("bad_row", [0, 29])
def test_rows_outside_1_to_28_are_refused(image: np.ndarray, bad_row: int) -> None:
    with pytest.raises(ValueError, match="rows are numbered"):
        experiments.erase_rows(image, bad_row)
    with pytest.raises(ValueError, match="rows are numbered"):
        experiments.stop_after(image, bad_row)


def test_running_probabilities_match_the_step_wise_row_scan(
    predictor: Predictor, mnist_small: DatasetSplits
) -> None:
    images = mnist_small.test.images[:4].numpy().astype(np.float32) / 255
    running = experiments.running_probabilities(predictor, images)
    assert running.shape == (4, 28, 10)
    for index in range(4):
        scan = predictor.row_scan(images[index])
        np.testing.assert_allclose(running[index], scan.probabilities, atol=1e-5)


def test_experiment_outcomes_are_the_models_answers_to_the_changed_inputs(
    predictor: Predictor, mnist_small: DatasetSplits
) -> None:
    image = mnist_small.test.images[0].numpy().astype(np.float32) / 255
    changed = [
        experiments.reverse_rows(image),
        experiments.stop_after(image, 20),
        experiments.columns_as_rows(image),
    ]
    outcomes = experiments.run_experiments(predictor, changed)
    assert [o.experiment for o in outcomes] == changed
    for outcome in outcomes:
        assert outcome.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(
        outcomes[0].probabilities, predictor.probabilities(image[::-1].copy())[0], atol=1e-5
    )
    np.testing.assert_allclose(
        outcomes[1].probabilities, predictor.row_scan(image).probabilities[19], atol=1e-5
    )
    np.testing.assert_allclose(
        outcomes[2].probabilities, predictor.probabilities(image.T.copy())[0], atol=1e-5
    )


def test_rows_needed_curve_grows_from_chance_to_the_models_accuracy(
    predictor: Predictor, mnist_small: DatasetSplits
) -> None:
    test = mnist_small.test
    records = list(experiments.rows_needed_curve(predictor, test.images, test.labels, 200))
    assert [r.done for r in records] == [200, 400, 500]
    final = records[-1]
    assert final.finished and final.total == 500
    assert final.accuracy.shape == (28,)
    assert final.accuracy[-1] >= 0.97  # the bundled model on MNIST
    assert final.accuracy[0] <= 0.3  # the top row is blank margin: near chance
    assert 5 < final.rows_needed(0.99) <= 28
    guesses = experiments.running_probabilities(
        predictor, test.images.numpy().astype(np.float32) / 255
    ).argmax(axis=2)
    expected = (guesses == test.labels.numpy()[:, None]).mean(axis=0)
    np.testing.assert_allclose(final.accuracy, expected)


def test_one_thread_restores_the_thread_count(predictor: Predictor) -> None:
    before = torch.get_num_threads()
    with experiments.one_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    scan = experiments.scan_drawing(predictor, np.zeros((28, 28), np.float32))
    assert scan.probabilities.shape == (28, 10)


def test_the_test_set_is_read_from_the_folder_named(digits_dir: Path) -> None:
    test = experiments.read_test_set("mnist", digits_dir)
    assert isinstance(test, ImageSet)
    assert len(test) == DIGITS_TEST
    assert test.labels.tolist() == [index % 10 for index in range(DIGITS_TEST)]  # as written


def test_a_missing_test_set_is_the_sentence_saying_where_its_files_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user"))
    message = experiments.read_test_set("mnist", tmp_path / "empty")
    assert isinstance(message, str)
    assert "MNIST was not found" in message and str(tmp_path / "empty") in message


def test_a_model_path_loads_that_checkpoint_and_none_the_bundled_model(tmp_path: Path) -> None:
    config = TrainConfig().model_config(hidden_size=6)
    path = save_checkpoint(
        tmp_path / "small.safetensors",
        Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict()),
    )
    assert Predictor.load(path).checkpoint.model_config.hidden_size == 6
    bundled = load_checkpoint(bundled_model_path()).model_config
    assert Predictor.load(None).checkpoint.model_config == bundled
