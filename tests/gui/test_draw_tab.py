"""The Draw tab driven as a person would: mouse strokes, files, the row-scan view, experiments."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.reading.digit_strokes import DIGIT_TEMPLATES
from lstm_gui.core.reading.preprocess import center_of_mass
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.resources import bundled_model_path

Points = Sequence[tuple[float, float]]


@pytest.fixture
def tab(draw_tab: DrawTab) -> DrawTab:
    """The shown Draw tab of tests/gui/conftest.py."""
    return draw_tab


def _mouse(widget: QWidget, kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def draw(tab: DrawTab, strokes: Sequence[Points], box: tuple[float, float, float, float]) -> None:
    """Draw strokes with the mouse, a few pixels per move as a hand moves.

    Stroke points are in a unit box, mapped into `box` (left, top, width, height) given as
    fractions of the pad.
    """
    pad = tab.pad
    side = min(pad.width(), pad.height())
    origin = QPointF((pad.width() - side) / 2, (pad.height() - side) / 2)
    left, top, width, height = box
    for stroke in strokes:
        widget_points = [
            origin + QPointF((left + x * width) * side, (top + y * height) * side)
            for x, y in stroke
        ]
        path = [widget_points[0]]
        for start, end in zip(widget_points, widget_points[1:], strict=False):
            steps = max(1, int((end - start).manhattanLength() / 4))
            path += [start + (end - start) * (i / steps) for i in range(1, steps + 1)]
        _mouse(pad, QEvent.Type.MouseButtonPress, path[0], Qt.MouseButton.LeftButton)
        for point in path[1:]:
            _mouse(pad, QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
        _mouse(pad, QEvent.Type.MouseButtonRelease, path[-1], Qt.MouseButton.NoButton)


CENTRED = (0.25, 0.1, 0.5, 0.8)


@pytest.mark.parametrize("digit", [1, 0, 7, 3, 4])
def test_a_digit_drawn_with_the_mouse_is_read(tab: DrawTab, digit: int) -> None:
    draw(tab, DIGIT_TEMPLATES[digit][0], CENTRED)
    assert tab.prediction.digit_text() == str(digit)
    scan = tab.row_scan.scan()
    assert scan is not None and scan.final == digit
    assert "sure" in tab.prediction.confidence_text()


def test_a_small_digit_off_in_a_corner_is_centred_for_the_network(tab: DrawTab) -> None:
    draw(tab, DIGIT_TEMPLATES[7][0], (0.05, 0.05, 0.2, 0.3))
    image = tab.preview.image()
    assert image is not None and image.shape == (28, 28)
    row, col = center_of_mass(image)
    assert abs(row - 14) <= 1.0 and abs(col - 14) <= 1.0
    assert tab.prediction.digit_text() == "7"


def test_row_scan_has_28_steps_that_sum_to_one_and_end_with_the_full_answer(
    tab: DrawTab,
) -> None:
    draw(tab, DIGIT_TEMPLATES[0][0], CENTRED)
    scan = tab.row_scan.scan()
    image = tab.preview.image()
    predictor = tab.predictor()
    assert scan is not None and image is not None and predictor is not None
    assert scan.probabilities.shape == (28, 10)
    np.testing.assert_allclose(scan.probabilities.sum(axis=1), 1.0, atol=1e-5)
    full = predictor.probabilities(image)[0]
    np.testing.assert_allclose(scan.probabilities[-1], full, atol=1e-5)
    np.testing.assert_allclose(tab.prediction.bar_heights(), full, atol=1e-5)
    assert scan.hidden.shape == (28, 128) and scan.cell is not None
    assert 1 <= scan.decided_at <= 28
    assert all(scan.guesses[scan.decided_at - 1 :] == scan.final)


LSTM_TITLES = [
    "h: hidden state",
    "c: cell state (memory)",
    "i: input gate (write)",
    "f: forget gate (keep)",
    "g: candidate (new content)",
    "o: output gate (show)",
]


def test_an_lstm_scan_shows_its_memory_and_all_four_gates(tab: DrawTab) -> None:
    draw(tab, DIGIT_TEMPLATES[0][0], CENTRED)
    view = tab.row_scan
    assert view.layer_titles() == LSTM_TITLES
    assert view.trace_legend_text() == "unit 1 (hover a unit): h c i f g o"
    assert "g the new content" in view.explanation_text()
    # Each heatmap shows its own state with the image's rows running down, units across.
    scan = view.scan()
    assert scan is not None
    shown = view.heatmap_images()
    assert list(shown) == ["hidden", "cell", "input", "forget", "cell_candidate", "output"]
    for name, values in shown.items():
        assert values.shape == (28, 128)
        np.testing.assert_array_equal(values, scan.states[name])
    assert shown["cell_candidate"].min() < 0  # tanh: the candidate is signed, unlike a gate
    view.set_hovered_unit(40)
    assert view.trace_legend_text().startswith("unit 41 ")


def test_the_empty_pad_shows_a_hint_and_no_digit(tab: DrawTab) -> None:
    assert tab.pad.is_empty()
    assert tab.prediction.digit_text() == "–"
    assert "Draw a digit" in tab.prediction.confidence_text()
    assert tab.row_scan.scan() is None
    assert not tab.prediction.bar_heights().any()
    # The hint is painted on the pad: grey text pixels in the middle of the paper.
    picture = tab.pad.grab().toImage()
    middle = picture.copy(picture.width() // 4, picture.height() // 3, picture.width() // 2, 60)
    colours = {middle.pixelColor(x, y).name() for x in range(middle.width()) for y in range(60)}
    assert len(colours) > 3

    draw(tab, DIGIT_TEMPLATES[1][0], CENTRED)
    assert tab.prediction.digit_text() == "1"
    tab.tools.clear_button.click()
    assert tab.pad.is_empty()
    assert tab.prediction.digit_text() == "–"
    assert tab.row_scan.scan() is None


def test_undo_and_redo_step_through_strokes(tab: DrawTab) -> None:
    assert not tab.tools.undo_button.isEnabled()
    draw(tab, DIGIT_TEMPLATES[4][1], CENTRED)  # two strokes
    assert tab.prediction.digit_text() == "4"
    tab.tools.undo_button.click()
    assert len(tab.pad.drawing().strokes) == 1
    tab.tools.undo_button.click()
    assert tab.pad.is_empty() and tab.prediction.digit_text() == "–"
    assert tab.tools.redo_button.isEnabled()
    tab.tools.redo_button.click()
    tab.tools.redo_button.click()
    assert tab.prediction.digit_text() == "4"
    assert not tab.tools.redo_button.isEnabled()


def test_the_eraser_rubs_out_ink(tab: DrawTab) -> None:
    draw(tab, DIGIT_TEMPLATES[7][1], CENTRED)  # a 7 with a crossbar
    inked = tab.pad.drawing().canvas.sum()
    tab.tools.eraser_button.click()
    draw(tab, [[(0.0, 0.5), (1.0, 0.5)]], (0.0, 0.0, 1.0, 0.5))
    assert tab.pad.drawing().strokes[-1].erase
    assert tab.pad.drawing().canvas.sum() < inked
    tab.tools.pen_button.click()
    assert not tab.pad.is_eraser()


def test_a_file_that_is_not_an_image_gets_a_message(
    tab: DrawTab, tmp_path: Path, dialog_log: Any
) -> None:
    draw(tab, DIGIT_TEMPLATES[1][0], CENTRED)
    text = tmp_path / "notes.png"
    text.write_text("not a picture at all")
    assert not tab.open_image_file(text)
    assert len(dialog_log.errors) == 1 and "not an image" in dialog_log.errors[0]
    assert tab.prediction.digit_text() == "1"  # the drawing is still there

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(drop)
    assert len(dialog_log.errors) == 2


def _dark_on_light_three(path: Path) -> Path:
    image = Image.new("L", (300, 400), 235)  # grey paper, dark ink, like a photo of a page
    pen = ImageDraw.Draw(image)
    pen.line([(90, 80), (200, 70), (150, 190), (220, 260), (170, 340), (80, 320)], 30, 22)
    image.save(path)
    return path


def test_an_image_file_dropped_or_opened_is_read(tab: DrawTab, tmp_path: Path) -> None:
    path = _dark_on_light_three(tmp_path / "three.png")
    assert tab.open_image_file(path)
    assert tab.prediction.digit_text() == "3"
    tab.pad.clear()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(drop)
    assert tab.prediction.digit_text() == "3"


def test_paste_reads_an_image_from_the_clipboard(tab: DrawTab, tmp_path: Path) -> None:
    picture = QImage(str(_dark_on_light_three(tmp_path / "three.png")))
    QGuiApplication.clipboard().setImage(picture)
    tab.tools.paste_button.click()
    assert tab.prediction.digit_text() == "3"


def test_show_digit_reads_a_test_image_exactly(tab: DrawTab, mnist_available: Path) -> None:
    from lstm_gui.core.run.data import load_dataset

    test = load_dataset("mnist", mnist_available, download=False).test
    image = test.images[0].numpy().astype(np.float32) / 255
    tab.show_digit(image, int(test.labels[0]))
    shown = tab.preview.image()
    assert shown is not None
    np.testing.assert_array_equal(shown, image)
    assert tab.prediction.digit_text() == str(int(test.labels[0]))  # a 7


def test_a_random_test_digit_is_read_in_the_background(
    tab: DrawTab, qtbot: Any, mnist_available: Path
) -> None:
    from lstm_gui.core.run.data import load_dataset

    tab.set_data_dir(mnist_available)
    with qtbot.waitSignal(tab.test_digits.ready, timeout=30_000):
        tab.tools.random_button.click()
        # The click returns at once; the digits are read in a worker thread meanwhile.
        assert tab.test_digits.is_loading()
        assert not tab.tools.random_button.isEnabled()
        assert tab.source.text() == "Reading the test digits…"
    assert tab.tools.random_button.isEnabled()
    match = re.fullmatch(r"MNIST test digit no\. (\d+), labelled (\d)\.", tab.source.text())
    assert match is not None, tab.source.text()
    test = load_dataset("mnist", mnist_available, download=False).test
    index, label = int(match[1]), int(match[2])
    assert label == int(test.labels[index])
    shown = tab.preview.image()
    assert shown is not None
    np.testing.assert_array_equal(shown, test.images[index].numpy().astype(np.float32) / 255)
    # The digit on the label is the model's answer for exactly the image shown.
    predictor = tab.predictor()
    assert predictor is not None
    assert tab.prediction.digit_text() == str(predictor.predict(shown).digit)
    # A second digit comes from the test set already read: no thread, no wait.
    qtbot.waitUntil(lambda: not tab.test_digits.is_loading(), timeout=10_000)  # first one ends
    tab.tools.random_button.click()
    assert not tab.test_digits.is_loading()
    assert tab.source.text().startswith("MNIST test digit no.")


def test_without_mnist_test_digits_say_where_to_put_it(
    tab: DrawTab, qtbot: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LSTM_GUI_DATA", raising=False)
    tab.set_data_dir(tmp_path / "nowhere")
    dialog_log.answer_yes = False
    with qtbot.waitSignal(tab.test_digits.missing, timeout=30_000):
        tab.tools.random_button.click()
    assert "MNIST was not found" in tab.source.text()
    assert len(dialog_log.questions) == 1
    assert "Choose the folder that holds them now?" in dialog_log.questions[0]
    assert tab.tools.random_button.isEnabled()
    assert tab.pad.is_empty()


def test_the_row_scan_controls_move_the_scan_line(tab: DrawTab, qtbot: Any) -> None:
    draw(tab, DIGIT_TEMPLATES[7][0], CENTRED)
    view = tab.row_scan
    view.set_row(28)
    view.step(-1)
    assert view.current_row() == 27
    view.set_row(5)
    assert "rows 1–5" in view.summary_text()
    view.play()
    assert view.is_playing()
    qtbot.waitUntil(lambda: view.current_row() >= 8, timeout=5000)
    view.pause()
    assert not view.is_playing()
    view.set_hovered_unit(12)
    assert view.hovered_unit() == 12


def test_row_experiments_show_how_the_answer_changes(tab: DrawTab) -> None:
    draw(tab, DIGIT_TEMPLATES[7][0], CENTRED)
    tab.views.setCurrentWidget(tab.experiments)
    texts = tab.experiments.result_texts()
    assert len(texts) == 6 and all("reads" in text for text in texts)
    assert "<b>7</b>" in texts[0]
    tab.experiments.set_stop_after(28)  # reading every row is the full answer
    assert "same answer" in tab.experiments.result_texts()[2]
    image = tab.preview.image()
    predictor = tab.predictor()
    assert image is not None and predictor is not None
    columns_digit = int(predictor.probabilities(image.T.copy())[0].argmax())
    assert f"<b>{columns_digit}</b>" in tab.experiments.result_texts()[4]


def test_the_rows_needed_curve_is_computed_in_the_background(
    tab: DrawTab, qtbot: Any, mnist_available: Path
) -> None:
    tab.set_data_dir(mnist_available)
    with qtbot.waitSignal(tab.curve.curve_finished, timeout=60_000) as finished:
        tab.views.setCurrentWidget(tab.curve)
    progress = finished.args[0]
    assert progress.total == 10_000
    assert progress.accuracy[-1] >= 0.98
    assert progress.accuracy[0] <= 0.3
    assert "10,000 test digits" in tab.curve.status_text()
    qtbot.waitUntil(lambda: not tab.curve.is_running(), timeout=5000)


def test_without_mnist_the_curve_says_so(
    tab: DrawTab, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LSTM_GUI_DATA", raising=False)
    tab.set_data_dir(tmp_path / "nowhere")
    tab.views.setCurrentWidget(tab.curve)
    qtbot.waitUntil(lambda: "MNIST" in tab.curve.status_text() and not tab.curve.is_running())
    assert "not found" in tab.curve.status_text()


def test_a_bad_model_file_keeps_the_current_model(
    tab: DrawTab, tmp_path: Path, dialog_log: Any
) -> None:
    before = tab.model_path()
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"\x00" * 64)
    tab.set_model(broken, "broken")
    assert len(dialog_log.errors) == 1 and "broken.safetensors" in dialog_log.errors[0]
    assert tab.model_path() == before


def test_switching_models_reads_with_the_new_one(tab: DrawTab, qtbot: Any, tmp_path: Path) -> None:
    draw(tab, DIGIT_TEMPLATES[0][0], CENTRED)
    copy = shutil.copy(bundled_model_path(), tmp_path / "copy.safetensors")
    with qtbot.waitSignal(tab.model_changed) as changed:
        tab.set_model(Path(copy), "my run")
    assert changed.args == ["my run"]
    assert tab.model_path() == Path(copy)
    assert "my run" in tab.picker.info_text() and "%" in tab.picker.info_text()
    assert tab.prediction.digit_text() == "0"


@pytest.mark.parametrize(
    ("cell", "titles", "legend"),
    [
        (
            "gru",
            [
                "h: hidden state",
                "r: reset gate (use the past)",
                "z: update gate (keep)",
                "n: candidate (new content)",
            ],
            "h r z n",
        ),
        ("rnn", ["h: hidden state"], "h"),
    ],
)
def test_gru_and_rnn_show_the_states_they_have(
    tab: DrawTab, tmp_path: Path, cell: str, titles: list[str], legend: str
) -> None:
    config = ModelConfig(cell=cell, hidden_size=16)
    checkpoint = Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict())
    path = save_checkpoint(tmp_path / f"{cell}.safetensors", checkpoint)
    tab.set_model(path, cell.upper())
    draw(tab, DIGIT_TEMPLATES[1][0], CENTRED)
    scan = tab.row_scan.scan()
    assert scan is not None and scan.cell is None and scan.hidden.shape == (28, 16)
    assert tab.row_scan.layer_titles() == titles
    assert tab.row_scan.trace_legend_text() == f"unit 1 (hover a unit): {legend}"
    assert all(v.shape == (28, 16) for v in tab.row_scan.heatmap_images().values())


def test_the_model_list_shows_the_runs_in_the_windows_runs_folder(
    qtbot: Any, tmp_path: Path
) -> None:
    runs_root = tmp_path / "my-runs"
    run = runs_root / "20240102-030405-lstm128"
    run.mkdir(parents=True)
    shutil.copy(bundled_model_path(), run / "best.safetensors")
    widget = DrawTab(runs_root=runs_root)
    qtbot.addWidget(widget)
    widget.picker.refresh()
    entries = widget.picker.entries()
    assert ("20240102-030405-lstm128 · best", run / "best.safetensors") in entries
    assert not any("latest" in text for text, _ in entries)  # the run has no latest file
    widget.shutdown()
