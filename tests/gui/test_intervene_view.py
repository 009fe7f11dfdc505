"""The intervention view as a person uses it: the form, a digit read both ways, the accuracies."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.inside.interventions import Intervention, evaluate_under
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.training import evaluate
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.inside import intervene_view
from lstm_gui.gui.inside.intervene_view import InterveneView
from lstm_gui.gui.inside.intervene_work import AccuracyResult
from lstm_gui.gui.widgets.figure_export import figures_under
from lstm_gui.gui.widgets.look_for import look_for_buttons
from tests.conftest import write_digits

WAIT_MS = 30_000


@pytest.fixture
def view(qtbot: Any) -> Iterator[InterveneView]:
    """The view on the bundled model, loaded; its work stopped after the test."""
    shown = InterveneView(AppState())
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.form.isEnabled() and not shown.is_busy(), timeout=WAIT_MS)
    yield shown
    shown.shutdown()


def settle(qtbot: Any, view: InterveneView) -> None:
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)


def offered(view: InterveneView) -> list[str]:
    combo = view.form._target
    return [combo.itemData(index) for index in range(combo.count())]


def test_the_form_offers_the_lstms_gates_and_makes_the_intervention(
    qtbot: Any, view: InterveneView
) -> None:
    assert offered(view) == ["forget", "input", "output", "cell", "state", "unit"]
    assert view.form.intervention() == Intervention("forget", 0.0)

    view.form.choose("forget", 1.0, rows=(15, 28))
    assert view.form.intervention() == Intervention("forget", 1.0, rows=(15, 28))
    assert view.form.spec_text().endswith("--intervene forget=1@rows=15-28")

    view.form.choose("unit", rows=(1, 28), units=(41, 41))
    assert view.form.intervention() == Intervention("unit", units=(41, 41))
    assert view.form.spec_text().endswith("--intervene unit=41:off")

    view.form.choose("cell", rows=(14, 14), units=(1, 64))
    assert view.form.intervention() == Intervention("cell", rows=(14, 14), units=(1, 64))
    settle(qtbot, view)


def test_its_figures_have_their_own_titles_and_one_question_mark_each(view: InterveneView) -> None:
    assert [figure.title for figure in figures_under(view)] == [
        "Prediction, untouched",
        "Prediction under the intervention",
        "Guess after each row, untouched and intervened",
    ]
    assert view.guesses.accessibleName() == "Guess after each row, untouched and intervened"
    buttons = {button.keys: button.view for button in look_for_buttons(view)}
    # The pair of answers shares one "?" (not the Draw tab's text, shown there once).
    assert set(buttons) == {("inside.intervention_answers",), ("inside.interventions",)}
    answers = buttons[("inside.intervention_answers",)]
    assert answers.isAncestorOf(view.untouched_panel) and answers.isAncestorOf(view.changed_panel)
    assert buttons[("inside.interventions",)] is view.guesses


def test_a_drawn_digit_is_read_untouched_and_under_the_intervention(
    qtbot: Any, view: InterveneView, digits: DatasetSplits
) -> None:
    image = digits.test.images[7].numpy()
    predictor = Predictor.bundled()
    untouched = predictor.predict(image / 255.0)
    # With the input gate shut nothing is written: c and h stay 0, so every row's guess is the
    # classifier's bias alone, whatever the image.
    bias_only = predictor.model.head.bias.detach().softmax(dim=0).numpy()

    view.form.choose("input", 0.0, rows=(1, 28))
    view.set_image(image)
    qtbot.waitUntil(lambda: view.changed_panel.digit_text() != "–", timeout=WAIT_MS)
    settle(qtbot, view)

    assert view.untouched_panel.digit_text() == str(untouched.digit)
    np.testing.assert_allclose(view.untouched_panel.bar_heights(), untouched.probabilities, 1e-5)
    np.testing.assert_allclose(view.changed_panel.bar_heights(), bias_only, atol=1e-5)
    assert view.changed_panel.digit_text() == str(int(bias_only.argmax()))
    untouched_rows, changed_rows = view.guesses.guesses_shown()
    assert untouched_rows[-1] == untouched.digit
    assert (changed_rows == int(bias_only.argmax())).all() and len(changed_rows) == 28
    assert view.guesses.band_rows() == (1, 28)
    assert view.digit_source_text() == "The digit handed in (drawn)."


def test_changing_the_form_reads_the_digit_again(
    qtbot: Any, view: InterveneView, digits: DatasetSplits
) -> None:
    image = digits.test.images[3].numpy() / 255.0
    view.set_image(image)
    settle(qtbot, view)
    silenced = Intervention("unit", rows=(20, 28), units=(1, 96))
    expected = Predictor.bundled().predict(image, [silenced])

    view.form.choose("unit", rows=(20, 28), units=(1, 96))
    qtbot.waitUntil(lambda: view.guesses.band_rows() == (20, 28), timeout=WAIT_MS)
    settle(qtbot, view)

    np.testing.assert_allclose(view.changed_panel.bar_heights(), expected.probabilities, 1e-5)


def test_a_chosen_test_digit_is_read(
    qtbot: Any, view: InterveneView, digits: DatasetSplits
) -> None:
    view._digit_number.setValue(5)
    view._read_digit.click()
    qtbot.waitUntil(lambda: view.digit_source_text().startswith("Test digit"), timeout=WAIT_MS)
    settle(qtbot, view)

    label = int(digits.test.labels[4])
    assert view.digit_source_text() == f"Test digit 5, labelled {label}."
    expected = Predictor.bundled().predict(digits.test.images[4].numpy() / 255.0)
    assert view.untouched_panel.digit_text() == str(expected.digit)


def test_the_test_set_accuracy_is_measured_both_ways(
    qtbot: Any, view: InterveneView, digits: DatasetSplits
) -> None:
    predictor = Predictor.bundled()
    cpu = torch.device("cpu")
    clamp = Intervention("forget", 0.0, rows=(15, 28))
    untouched = evaluate(predictor.model, digits.test, predictor.encoder, cpu).acc
    changed = evaluate_under(predictor.model, digits.test, predictor.encoder, cpu, [clamp])
    assert changed is not None

    view.form.choose("forget", 0.0, rows=(15, 28))
    view._accuracy_button.click()
    qtbot.waitUntil(lambda: "%" in view.accuracy_text(), timeout=WAIT_MS)
    settle(qtbot, view)

    assert view.accuracy_text() == (
        f"On 200 test digits: {100 * untouched:.2f}% untouched, "
        f"{100 * changed.acc:.2f}% with forget=0@rows=15-28."
    )
    assert changed.acc < untouched - 0.3
    assert view._accuracy_button.text() == "Test-set accuracy"


def test_the_accuracy_run_can_be_stopped(qtbot: Any, view: InterveneView) -> None:
    view._accuracy_button.click()
    assert view._accuracy_button.text() == "Stop" and view.is_busy()

    view._accuracy_button.click()

    assert not view.is_busy()
    assert view.accuracy_text() == "Stopped."
    assert view._accuracy_button.text() == "Test-set accuracy"


def test_missing_test_digits_are_one_dialog(
    qtbot: Any,
    view: InterveneView,
    dialog_log: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("LSTM_GUI_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nothing-here"))

    view._accuracy_button.click()
    qtbot.waitUntil(lambda: bool(dialog_log.errors), timeout=WAIT_MS)
    settle(qtbot, view)

    assert len(dialog_log.errors) == 1 and "MNIST" in dialog_log.errors[0]
    assert view.accuracy_text() == ""


def test_a_gru_in_use_offers_its_own_gates(qtbot: Any, tmp_path: Path) -> None:
    config = ModelConfig(cell="gru", hidden_size=8)
    path = save_checkpoint(
        tmp_path / "gru.safetensors",
        Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict()),
    )
    state = AppState()
    shown = InterveneView(state)
    qtbot.addWidget(shown)
    assert not shown.is_busy()  # nothing is loaded (PyTorch not imported) before it is shown
    shown.show()
    qtbot.waitUntil(lambda: shown.form.isEnabled() and not shown.is_busy(), timeout=WAIT_MS)
    assert "forget" in offered(shown)

    state.set_model(path, "gru")
    qtbot.waitUntil(lambda: "reset" in offered(shown) and not shown.is_busy(), timeout=WAIT_MS)

    assert offered(shown) == ["reset", "update", "state", "unit"]
    assert shown.form._last_unit.maximum() == 8
    shown.shutdown()


def test_a_new_data_folder_clears_the_old_accuracy_and_measures_its_own(
    qtbot: Any, view: InterveneView, digits: DatasetSplits, tmp_path: Path
) -> None:
    view._accuracy_button.click()
    qtbot.waitUntil(lambda: "%" in view.accuracy_text(), timeout=WAIT_MS)
    settle(qtbot, view)
    other = load_dataset("mnist", write_digits(tmp_path, train=10, test=40, seed=7), download=False)

    view._state.set_data_dir(tmp_path)

    assert view.accuracy_text() == ""  # the old folder's figures are gone
    view._accuracy_button.click()
    qtbot.waitUntil(lambda: "%" in view.accuracy_text(), timeout=WAIT_MS)
    settle(qtbot, view)
    predictor = Predictor.bundled()
    untouched = evaluate(predictor.model, other.test, predictor.encoder, torch.device("cpu")).acc
    assert view.accuracy_text().startswith(f"On 40 test digits: {100 * untouched:.2f}% untouched")


def test_a_new_data_folder_stops_the_accuracy_run(
    qtbot: Any, view: InterveneView, tmp_path: Path
) -> None:
    view._accuracy_button.click()
    assert view.is_busy()

    view._state.set_data_dir(tmp_path)

    assert not view.is_busy()
    assert view.accuracy_text() == ""
    assert view._accuracy_button.text() == "Test-set accuracy"


def test_a_result_queued_before_the_data_folder_changed_is_ignored(
    qtbot: Any, view: InterveneView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = threading.Event()

    def one_old_result(*args: Any) -> Iterator[AccuracyResult]:
        yield AccuracyResult(0.9, 0.5, 200, (Intervention("forget", 0.0),))
        sent.set()  # the result is on its way to the window, not yet shown

    monkeypatch.setattr(intervene_view, "accuracy_records", one_old_result)
    view._accuracy_button.click()
    assert sent.wait(10)

    view._state.set_data_dir(tmp_path)
    qtbot.wait(100)  # the queued result arrives now

    assert view.accuracy_text() == ""


def test_a_bidirectional_model_is_said_in_one_line_and_never_read(
    qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    config = ModelConfig(hidden_size=8, bidirectional=True)
    path = save_checkpoint(
        tmp_path / "both-ways.safetensors",
        Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict()),
    )
    state = AppState()
    state.set_model(path, "both-ways")
    shown = InterveneView(state)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: "both directions" in shown._model.text(), timeout=WAIT_MS)

    shown.set_image(np.zeros((28, 28), dtype=np.float32))
    settle(qtbot, shown)

    assert shown.form.intervention() is None and not shown.form.isEnabled()
    assert not shown._read_digit.isEnabled() and not shown._accuracy_button.isEnabled()
    assert dialog_log.errors == []
    assert "choose a one-direction model" in shown._model.text()
    shown.shutdown()


def test_a_permuted_model_offers_no_rows(qtbot: Any, tmp_path: Path, dialog_log: Any) -> None:
    train = TrainConfig(sequence="permuted")
    config = train.model_config(hidden_size=8)
    path = save_checkpoint(
        tmp_path / "permuted.safetensors",
        Checkpoint(config, train, SequenceClassifier(config).state_dict()),
    )
    state = AppState()
    state.set_model(path, "permuted")
    shown = InterveneView(state)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.form.isEnabled() and not shown.is_busy(), timeout=WAIT_MS)

    shown.set_image(np.zeros((28, 28), dtype=np.float32))
    settle(qtbot, shown)

    assert not shown.form._first_row.isEnabled() and not shown.form._last_row.isEnabled()
    assert shown.form.intervention() == Intervention("forget", 0.0)  # every step, no rows
    assert dialog_log.errors == []
    shown.shutdown()
