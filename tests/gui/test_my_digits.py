"""The Draw tab's My handwriting page: keep, list, delete, measure, export and fine-tune."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lstm_gui.core.reading.digit_strokes import synthetic_digit
from lstm_gui.core.reading.fine_tune import evaluate_on, personal_image_set
from lstm_gui.core.reading.personal_set import PersonalSet, personal_set_dir
from lstm_gui.core.reading.strokes import CANVAS_SIDE, Stroke
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.data import load_dataset
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.draw.my_digits_panel import MyDigitsPanel
from lstm_gui.resources import bundled_model_path


@pytest.fixture
def tab(draw_tab: DrawTab) -> DrawTab:
    """The shown Draw tab of tests/gui/conftest.py, on its My handwriting page."""
    draw_tab.views.setCurrentWidget(draw_tab.my_digits)
    return draw_tab


def turned(strokes: list[Stroke], turn_deg: float) -> list[Stroke]:
    """The strokes turned about the pad's centre: a hand's style the bundled model misreads."""
    angle = np.radians(turn_deg)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = CANVAS_SIDE / 2
    return [
        Stroke.from_points((stroke.points - centre) @ rotation.T * 0.8 + centre, stroke.width)
        for stroke in strokes
    ]


def draw_and_keep(tab: DrawTab, labels: list[int], seed: int = 0, turn_deg: float = 0.0) -> None:
    """Draw each digit on the pad as a hand would and press its Keep button."""
    rng = np.random.default_rng(seed)
    for label in labels:
        tab.pad.set_drawing(strokes=turned(synthetic_digit(label, rng), turn_deg))
        tab.my_digits.keep_buttons[label].click()


def independent_reading(images: np.ndarray, labels: np.ndarray) -> tuple[int, np.ndarray]:
    """How many the bundled model reads right, and the confusion, straight from its Predictor."""
    from lstm_gui.core.reading.inference import Predictor

    predicted = Predictor.bundled().probabilities(images.astype(np.float32) / 255).argmax(axis=1)
    confusion = np.zeros((10, 10), np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    return int((predicted == labels).sum()), confusion


def test_a_kept_digit_is_stored_and_listed_with_its_thumbnail(tab: DrawTab) -> None:
    panel = tab.my_digits
    rng = np.random.default_rng(4)
    tab.pad.set_drawing(strokes=synthetic_digit(7, rng))
    shown = tab.pad.drawing().model_image()
    assert shown is not None
    panel.keep_buttons[7].click()

    assert panel.digit_list.labels() == ["7"]
    assert panel.count_label.text() == "1 kept"
    assert panel.keep_status.text() == "Kept as a 7."
    stored = PersonalSet(personal_set_dir()).load().digits  # the user's (private) data folder
    assert [digit.label for digit in stored] == [7]
    np.testing.assert_array_equal(stored[0].image, np.round(shown * 255).astype(np.uint8))
    assert stored[0].strokes is not None and len(stored[0].strokes) == len(
        tab.pad.drawing().strokes
    )
    icon = panel.digit_list.item(0).icon().pixmap(28, 28).toImage()
    assert not icon.isNull()
    # The thumbnail shows the kept image: white ink where the image's brightest pixel is.
    row, col = np.unravel_index(int(stored[0].image.argmax()), (28, 28))
    scale = icon.width() / 28
    assert icon.pixelColor(int((col + 0.5) * scale), int((row + 0.5) * scale)).value() > 200


def test_an_empty_pad_keeps_nothing_and_says_why(tab: DrawTab) -> None:
    tab.pad.clear()
    tab.my_digits.keep_buttons[1].click()
    assert tab.my_digits.digit_list.count() == 0
    assert "Draw a digit" in tab.my_digits.keep_status.text()


def test_delete_in_the_list_deletes_digits_not_the_drawing(tab: DrawTab, qtbot: Any) -> None:
    panel = tab.my_digits
    draw_and_keep(tab, [2, 5, 8])
    assert panel.digit_list.labels() == ["2", "5", "8"]
    panel.digit_list.setFocus()
    panel.digit_list.item(1).setSelected(True)
    qtbot.keyClick(panel.digit_list, Qt.Key.Key_Delete)
    assert panel.digit_list.labels() == ["2", "8"]
    assert not tab.pad.is_empty()  # the tab's Delete shortcut (clear the pad) did not fire
    assert [d.label for d in PersonalSet(personal_set_dir()).load().digits] == [2, 8]
    panel.digit_list.item(0).setSelected(True)
    panel.delete_button.click()
    assert panel.digit_list.labels() == ["8"]


def test_the_models_accuracy_on_my_digits_beside_mnist(tab: DrawTab, qtbot: Any) -> None:
    panel = tab.my_digits
    with qtbot.waitSignal(panel.accuracy_shown, timeout=30_000):
        draw_and_keep(tab, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 7], seed=2, turn_deg=45.0)
    qtbot.waitUntil(lambda: "of 12)" in panel.personal_accuracy.text(), timeout=30_000)
    images, labels = panel.arrays()
    right, confusion = independent_reading(images, labels)
    assert panel.personal_accuracy.text() == f"My digits: {100 * right / 12:.1f}% ({right} of 12)"
    np.testing.assert_array_equal(panel.confusion.counts(), confusion)
    recorded = load_checkpoint(bundled_model_path()).val_acc
    assert recorded is not None
    assert panel.mnist_accuracy.text() == (
        f"MNIST test set: {100 * recorded:.2f}% (recorded in the model)"
    )


def test_export_writes_idx_files_the_loader_reads(
    tab: DrawTab, dialog_log: Any, tmp_path: Path
) -> None:
    draw_and_keep(tab, [3, 1, 4, 1, 5])
    dialog_log.folder = tmp_path / "export"
    tab.my_digits.export_button.click()
    assert dialog_log.errors == []
    data = load_dataset("mnist", tmp_path / "export", download=False)
    assert data.test.labels.tolist() == [3, 1, 4, 1, 5] == data.train.labels.tolist()
    np.testing.assert_array_equal(data.test.images.numpy(), tab.my_digits.arrays()[0])
    assert str(tmp_path / "export") in tab.my_digits.export_status.text()


def test_exporting_an_empty_set_is_one_sentence(
    tab: DrawTab, dialog_log: Any, tmp_path: Path
) -> None:
    dialog_log.folder = tmp_path / "export"
    tab.my_digits.export_button.click()
    assert dialog_log.errors == [
        "There are no kept digits to export; draw some and keep them first."
    ]
    assert not (tmp_path / "export").exists()


def idx_bytes(folder: Path) -> dict[str, bytes]:
    """Every IDX file in `folder` by name, with its content."""
    return {path.name: path.read_bytes() for path in folder.glob("*idx*-ubyte*")}


def test_export_refuses_the_apps_data_folders_without_asking(
    tab: DrawTab, dialog_log: Any, tmp_path: Path, digits_dir: Path
) -> None:
    draw_and_keep(tab, [3, 1])
    mnist_before = idx_bytes(digits_dir)  # $LSTM_GUI_DATA: the "MNIST" every run reads
    data_folder = tmp_path / "data-home" / "lstm-gui" / "data"
    for folder in (data_folder, digits_dir):
        dialog_log.folder = folder
        tab.my_digits.export_button.click()
        assert dialog_log.errors[-1] == (
            f"{folder} is a folder lstm-gui reads datasets or keeps its own files in, where "
            "exported digits would stand in for MNIST in every run; export into a new, empty "
            "folder of its own instead."
        )
    assert dialog_log.questions == []
    assert not data_folder.exists() and idx_bytes(digits_dir) == mnist_before
    assert tab.my_digits.export_status.text() == ""


def test_export_asks_before_replacing_idx_files(
    tab: DrawTab, dialog_log: Any, tmp_path: Path
) -> None:
    draw_and_keep(tab, [3, 1])
    export = tmp_path / "export"
    dialog_log.folder = export
    tab.my_digits.export_button.click()
    assert dialog_log.questions == []  # a new folder: nothing to replace
    first = idx_bytes(export)
    draw_and_keep(tab, [4])
    dialog_log.answer_yes = False
    tab.my_digits.export_button.click()
    assert len(dialog_log.questions) == 1 and "t10k-images-idx3-ubyte" in dialog_log.questions[0]
    assert idx_bytes(export) == first and dialog_log.errors == []
    dialog_log.answer_yes = True
    tab.my_digits.export_button.click()
    assert load_dataset("mnist", export, download=False).test.labels.tolist() == [3, 1, 4]
    assert dialog_log.errors == []


def test_fine_tuning_runs_in_the_background_shows_before_after_and_can_be_used(
    tab: DrawTab, qtbot: Any, dialog_log: Any
) -> None:
    original = hashlib.sha256(bundled_model_path().read_bytes()).hexdigest()
    panel = tab.my_digits
    draw_and_keep(tab, list(range(10)), seed=6, turn_deg=45.0)
    tuning = panel.tuning
    tuning.steps.setValue(30)
    with qtbot.waitSignal(tuning.tuning_finished, timeout=120_000):
        tuning.start_button.click()
        assert tuning.is_running() and not tuning.start_button.isEnabled()
    assert dialog_log.errors == []
    saved = tuning.saved()
    assert saved is not None
    path, name = saved
    assert name.endswith("fine-tuned on 10 of my digits")
    assert hashlib.sha256(bundled_model_path().read_bytes()).hexdigest() == original
    texts = tuning.result_texts()
    images, labels = panel.arrays()
    right, _ = independent_reading(images, labels)
    assert texts["personal before"] == f"{100 * right / 10:.1f}% ({right} of 10)"
    after = evaluate_on(load_checkpoint(path), personal_image_set(images, labels))
    assert texts["personal after"] == f"{100 * after.acc:.1f}% ({round(after.acc * 10)} of 10)"
    assert round(after.acc * 10) > right  # it learned the turned style
    # The MNIST stand-in of the GUI tests (LSTM_GUI_DATA): 200 drawn test digits.
    assert texts["mnist before"].endswith(" of 200)") and texts["mnist after"].endswith(" of 200)")
    assert tuning.progress.value() == 30 and "30 steps done" in tuning.status.text()

    tuning.use_button.click()
    assert tab.model_path() == path
    assert "fine-tuned on 10 of my digits" in tab.picker.info_text()


def test_stop_ends_fine_tuning_early_and_still_measures_after(tab: DrawTab, qtbot: Any) -> None:
    tuning = tab.my_digits.tuning
    draw_and_keep(tab, [1, 7])
    tuning.steps.setValue(5000)
    with qtbot.waitSignal(tuning.tuning_finished, timeout=120_000):
        tuning.start_button.click()
        qtbot.waitUntil(lambda: tuning.progress.value() >= 1, timeout=60_000)
        tuning.stop_button.click()
    assert tuning.result_texts()["personal after"].endswith("of 2)")
    assert tuning.saved() is not None
    done = int(tuning.status.text().split(" steps done")[0])
    assert 1 <= done < 5000


def test_fine_tuning_with_no_kept_digits_says_so(tab: DrawTab, dialog_log: Any) -> None:
    tab.my_digits.tuning.start_button.click()
    assert not tab.my_digits.tuning.is_running()
    assert dialog_log.errors and "Keep some digits first" in dialog_log.errors[0]


def reloaded_panel(qtbot: Any, draw_tab: DrawTab, folder: Path) -> MyDigitsPanel:
    """A My handwriting page over the set in `folder`, read from disk."""
    panel = MyDigitsPanel(draw_tab.pad, draw_tab.predictor, draw_tab.state, folder=folder)
    qtbot.addWidget(panel)
    panel.reload()
    return panel


def test_a_damaged_file_is_named_and_the_rest_still_listed(
    qtbot: Any, tmp_path: Path, draw_tab: DrawTab
) -> None:
    store = PersonalSet(tmp_path / "mine")
    store.add(np.eye(28), 6)
    (tmp_path / "mine" / "20260101-000000-000000-abcdef.json").write_text("{", encoding="utf-8")
    panel = reloaded_panel(qtbot, draw_tab, tmp_path / "mine")
    assert panel.digit_list.labels() == ["6"]
    assert panel.keep_status.text() == (
        "The kept digit 20260101-000000-000000-abcdef.json is damaged (it is not JSON); "
        "it was left out."
    )
    (tmp_path / "mine" / "20260101-000000-000001-abcdef.json").write_text("[]", encoding="utf-8")
    panel.reload()
    assert panel.digit_list.labels() == ["6"]
    assert panel.keep_status.text().endswith(" Damaged files left out in all: 2.")
    QApplication.processEvents()
    panel.shutdown()


def test_a_file_nested_too_deeply_or_an_unreadable_set_still_opens_the_page(
    qtbot: Any, tmp_path: Path, draw_tab: DrawTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PersonalSet(tmp_path / "mine")
    store.add(np.eye(28), 6)
    (tmp_path / "mine" / "20260101-000000-000000-abcdef.json").write_text("[" * 200_000, "utf-8")
    panel = reloaded_panel(qtbot, draw_tab, store.folder)
    assert panel.digit_list.labels() == ["6"]
    assert panel.keep_status.text() == (
        "The kept digit 20260101-000000-000000-abcdef.json is damaged (it is nested too deeply "
        "to be a digit); it was left out."
    )

    def overflowing_load() -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(panel.store, "load", overflowing_load)
    panel.reload()
    assert panel.digit_list.labels() == []
    assert panel.keep_status.text() == (
        "The kept digits could not be read (maximum recursion depth exceeded)."
    )
    QApplication.processEvents()
    panel.shutdown()


def test_the_page_fits_a_laptop_screen(qtbot: Any, settle: Any) -> None:
    tab = DrawTab()
    qtbot.addWidget(tab)
    tab.resize(1366, 720)  # a 1366x768 screen less the window's menu and tab bars
    tab.show()
    qtbot.waitUntil(lambda: tab.predictor() is not None, timeout=30_000)
    panel = tab.my_digits
    tab.views.setCurrentWidget(panel)
    settle()
    grid = panel.confusion
    # Every column and row of the confusion table is shown whole, none cut off.
    assert grid.columnViewportPosition(9) + grid.columnWidth(9) <= grid.viewport().width()
    assert grid.rowViewportPosition(9) + grid.rowHeight(9) <= grid.viewport().height()
    for widget in (
        panel.keep_buttons[9],
        panel.delete_button,
        panel.export_button,
        panel.tuning.use_button,
        panel.tuning.stop_button,
    ):
        corner = widget.mapTo(panel, widget.rect().bottomRight())
        assert panel.rect().contains(corner), widget
    tab.shutdown()
