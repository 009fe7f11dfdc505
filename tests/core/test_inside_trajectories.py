"""State trajectories: the row states read, the PCA plane, the paths and how apart classes are."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import CheckpointError
from lstm_gui.core.inside.row_states import RowStates, collect_row_states, pick_entries
from lstm_gui.core.inside.trajectories import (
    PcaFit,
    apart_from,
    between_class_share,
    fit_pca,
    nearest_mean_recall,
    state_trajectories,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.model import Gate, SequenceClassifier
from tests.core.inside_models import small_predictor


def unit_images(images: torch.Tensor) -> np.ndarray:
    return images.numpy().astype(np.float32) / 255.0


# --------------------------------------------------------------------------- the PCA


def test_the_plane_is_the_covariance_matrix_s_top_eigenvectors() -> None:
    rng = np.random.default_rng(0)
    states = rng.normal(size=(300, 6)) @ rng.normal(size=(6, 6))
    pca = fit_pca(states)
    covariance = np.cov(states, rowvar=False)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)  # ascending
    eigenvalues, eigenvectors = eigenvalues[::-1], eigenvectors[:, ::-1]
    assert np.allclose(pca.explained_variance_ratio, eigenvalues / eigenvalues.sum())
    assert pca.explained_variance_ratio.sum() == pytest.approx(1.0)
    for component, eigenvector in zip(pca.components, eigenvectors.T[:2], strict=True):
        assert abs(float(component @ eigenvector)) == pytest.approx(1.0)  # the same up to sign
    assert pca.plane_share == pytest.approx(eigenvalues[:2].sum() / eigenvalues.sum())


def test_a_known_point_lands_where_its_components_say() -> None:
    rng = np.random.default_rng(1)
    pca = fit_pca(rng.normal(size=(50, 5)) * [5, 3, 1, 0.5, 0.1])
    assert np.allclose(pca.project(pca.mean), [0.0, 0.0])
    point = pca.mean + 2.0 * pca.components[0] - 3.0 * pca.components[1]
    assert np.allclose(pca.project(point), [2.0, -3.0])
    # The sign is fixed: each direction's largest loading is positive.
    for component in pca.components:
        assert component[np.abs(component).argmax()] > 0


def test_a_pca_of_fewer_than_two_states_is_refused() -> None:
    with pytest.raises(ValueError, match="at least two states"):
        fit_pca(np.zeros((1, 4)))


# --------------------------------------------------------------------------- the row states


def saturating(predictor: Predictor) -> Predictor:
    """The predictor with its recurrent weights scaled up, so that some gates are pinned."""
    with torch.no_grad():
        for weights in predictor.model.rnn.parameters():
            weights.mul_(6.0)
    return predictor


def test_the_row_states_are_those_of_the_draw_tab_s_row_scan(digits: DatasetSplits) -> None:
    predictor = saturating(small_predictor())
    test = digits.test.head(40)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    assert states.hidden.shape == (40, 28, 12)
    images = unit_images(test.images)
    scans = [predictor.row_scan(image) for image in images]
    for index in (0, 17, 39):
        assert np.allclose(states.hidden[index], scans[index].hidden, atol=1e-6)
    assert set(states.saturation) == {Gate.INPUT, Gate.FORGET, Gate.CELL_CANDIDATE, Gate.OUTPUT}
    forget = np.stack([scan.gates[Gate.FORGET] for scan in scans])  # (40, 28, 12)
    shut_or_open = ((forget < 0.05) | (forget > 0.95)).mean(axis=(0, 1))
    assert np.allclose(states.saturation[Gate.FORGET], shut_or_open)
    candidate = np.stack([scan.gates[Gate.CELL_CANDIDATE] for scan in scans])
    assert np.allclose(states.saturation[Gate.CELL_CANDIDATE], (abs(candidate) > 0.95).mean((0, 1)))
    assert 0 < shut_or_open.max() and shut_or_open.min() < 1  # the shares were worth counting
    answers = predictor.probabilities(images).argmax(axis=1)
    assert np.array_equal(states.predictions, answers)
    assert states.accuracy == pytest.approx(float((answers == test.labels.numpy()).mean()))


def test_a_memory_task_model_adds_one_entry_per_blank_step(digits: DatasetSplits) -> None:
    predictor = small_predictor(hidden=6, blank_steps=3)
    test = digits.test.head(5)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None and states.entries == 31 and states.blank_steps == 3
    scan = predictor.row_scan(unit_images(test.images)[2])
    assert np.allclose(states.hidden[2], scan.hidden, atol=1e-6)


def test_a_long_memory_task_keeps_a_hundred_evenly_spaced_blank_steps_and_the_last(
    digits: DatasetSplits,
) -> None:
    predictor = saturating(small_predictor(hidden=4, blank_steps=250))
    test = digits.test.head(3)

    states = collect_row_states(predictor, test.images, test.labels)

    assert states is not None and states.entries == 28 + 100 == len(states.entry_rows)
    rows = states.entry_rows
    assert rows[:28].tolist() == list(range(1, 29))
    assert rows[28] == 29 and rows[-1] == 28 + 250  # the first and the last blank step
    gaps = np.diff(rows[28:])
    assert set(gaps.tolist()) <= {2, 3} and np.all(gaps > 0)  # evenly spaced, none twice
    scans = [predictor.row_scan(image) for image in unit_images(test.images)]  # every step
    assert np.allclose(states.hidden[1], scans[1].hidden[rows - 1], atol=1e-6)
    assert np.array_equal(pick_entries(scans[1].hidden, 250), scans[1].hidden[rows - 1])
    # Saturation is counted at the entries kept, as the trajectories show them.
    output = np.stack([scan.gates[Gate.OUTPUT][rows - 1] for scan in scans])
    pinned = ((output < 0.05) | (output > 0.95)).mean(axis=(0, 1))
    assert np.allclose(states.saturation[Gate.OUTPUT], pinned)
    assert 0 < pinned.max() and pinned.min() < 1


def test_a_784_step_model_keeps_the_state_at_each_row_s_end(digits: DatasetSplits) -> None:
    predictor = small_predictor(hidden=4, sequence="pixels")
    test = digits.test.head(2)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None and states.entries == 28
    sequences = predictor.encoder(torch.from_numpy(unit_images(test.images)))
    every_step = predictor.model.trace(sequences).top.hidden.numpy()  # (2, 784, 4)
    assert np.allclose(states.hidden, every_step[:, 27::28], atol=1e-6)


def test_reading_stops_when_asked_and_reports_progress(digits: DatasetSplits) -> None:
    predictor = small_predictor(hidden=4, sequence="pixels")  # 35 digits a chunk
    test = digits.test.head(80)
    seen: list[tuple[int, int]] = []
    states = collect_row_states(
        predictor, test.images, test.labels, progress=lambda *done: seen.append(done)
    )
    assert states is not None and seen[-1] == (80, 80) and len(seen) == 3
    assert collect_row_states(predictor, test.images, test.labels, stopped=lambda: True) is None


def test_a_bidirectional_model_is_refused_in_one_sentence(digits: DatasetSplits) -> None:
    train_config = TrainConfig()
    config = train_config.model_config(hidden_size=4, bidirectional=True)
    predictor = Predictor(Checkpoint(config, train_config, SequenceClassifier(config).state_dict()))
    with pytest.raises(CheckpointError, match="bidirectional"):
        collect_row_states(predictor, digits.test.images[:2], digits.test.labels[:2])


# --------------------------------------------------------------------------- the trajectories


@pytest.mark.parametrize("fit", list(PcaFit))
def test_every_entry_is_projected_into_the_plane_of_the_chosen_states(
    digits: DatasetSplits, fit: PcaFit
) -> None:
    predictor = small_predictor()
    test = digits.test.head(60)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    paths = state_trajectories(states, fit)
    fitted = states.hidden[:, -1] if fit == PcaFit.FINAL else states.hidden.reshape(-1, 12)
    assert np.allclose(paths.pca.mean, fitted.mean(axis=0))
    eigenvalues = np.linalg.eigvalsh(np.cov(fitted, rowvar=False))[::-1]
    assert np.allclose(paths.pca.explained_variance_ratio[:12], eigenvalues / eigenvalues.sum())
    assert paths.points.shape == (60, 28, 2)
    manual = (states.hidden[7, 13] - fitted.mean(axis=0)) @ paths.pca.components.T
    assert np.allclose(paths.points[7, 13], manual)
    # The fitted states are centred in the plane.
    fitted_points = paths.points[:, -1] if fit == PcaFit.FINAL else paths.points.reshape(-1, 2)
    assert np.allclose(fitted_points.mean(axis=0), 0.0, atol=1e-9)


def test_a_class_s_mean_path_is_the_mean_of_its_digits_projections(
    digits: DatasetSplits,
) -> None:
    predictor = small_predictor()
    test = digits.test.head(50)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    paths = state_trajectories(states)
    for digit in (0, 3, 9):
        members = [i for i, label in enumerate(test.labels.tolist()) if label == digit]
        by_hand = sum(paths.points[i] for i in members) / len(members)
        assert np.allclose(paths.mean_paths[digit], by_hand)


def test_a_drawn_digit_s_path_matches_the_same_test_digit_s_points(
    digits: DatasetSplits,
) -> None:
    predictor = small_predictor()
    test = digits.test.head(30)
    states = collect_row_states(predictor, test.images, test.labels)
    assert states is not None
    paths = state_trajectories(states, PcaFit.ALL)
    drawn = predictor.row_scan(unit_images(test.images)[11])
    assert np.allclose(paths.project_path(drawn.hidden), paths.points[11], atol=1e-5)


def test_the_between_class_share_of_a_hand_made_cloud() -> None:
    # Entry 0: classes 0 and 1 at +-1 on x, each with spread 0.5 on y -> between share
    # 2*(2*1) / (2*(2*1) + 4*0.25) = 0.8. Entry 1: both classes on the same two points -> 0.
    hidden = np.array(
        [
            [[-1.0, 0.5], [1.0, 0.0]],
            [[-1.0, -0.5], [-1.0, 0.0]],
            [[1.0, 0.5], [1.0, 0.0]],
            [[1.0, -0.5], [-1.0, 0.0]],
        ]
    )
    labels = np.array([0, 0, 1, 1])
    assert np.allclose(between_class_share(hidden, labels), [0.8, 0.0])


def test_nearest_mean_recall_and_the_entry_from_which_a_class_stays_apart() -> None:
    # Entry 0: everyone at 0 (a tie is no one's); entry 1: the classes apart, but for one 1.
    hidden = np.array(
        [[[0.0], [-1.0]], [[0.0], [-1.1]], [[0.0], [1.0]], [[0.0], [1.2]], [[0.0], [-0.9]]]
    )
    labels = np.array([0, 0, 1, 1, 1])
    # Means at entry 1: class 0 at -1.05, class 1 at 1.3 / 3; the 1 at -0.9 is nearer class 0.
    recall = nearest_mean_recall(hidden, labels, classes=3)
    assert np.allclose(recall[:, :2], [[0.0, 0.0], [1.0, 2 / 3]])
    assert np.isnan(recall[:, 2]).all()
    assert apart_from(recall).tolist() == [2, 0, 0]
    # A class that is apart, then mixed again, then apart counts from its last return.
    assert apart_from(np.array([[0.95], [0.5], [0.92], [0.99]])).tolist() == [3]


def test_the_classes_apart_after_an_entry_are_those_whose_digits_sit_nearest_their_own_mean() -> (
    None
):
    # Entry 1: everyone together; entry 2: the 0s apart, one of the three 1s nearer the 0s
    # (2/3 of the 1s home: under APART_RECALL); entry 3: both classes apart.
    first = [[0.0, 0.0], [-1.0, 0.1], [-1.0, 0.0]]
    second = [[0.0, 0.0], [-1.1, -0.1], [-1.0, 0.1]]
    ones = [[[0.0, 0.0], [1.0, 0.0], [1.0, 0.2]], [[0.0, 0.0], [1.2, 0.1], [1.1, 0.0]]]
    straying_one = [[0.0, 0.0], [-0.9, 0.0], [0.9, -0.1]]
    hidden = np.array([first, second, *ones, straying_one])
    labels = np.array([0, 0, 1, 1, 1])
    states = RowStates(hidden, {}, labels, labels, blank_steps=0)
    paths = state_trajectories(states, classes=3)
    assert [paths.apart_at(entry) for entry in (1, 2, 3)] == [[], [0], [0, 1]]
