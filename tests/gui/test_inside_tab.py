"""The Inside tab: state trajectories walked row by row, the unit atlas table, the drawn digit."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.inside.atlas_table import AtlasTable
from lstm_gui.gui.inside.inside_tab import InsideTab
from lstm_gui.gui.widgets.look_for import LookForCard, look_for_buttons
from lstm_gui.gui.widgets.look_for_texts import LOOK_FOR
from tests.conftest import DIGITS_TEST, draw_digit, write_digits


def shown_tab(qtbot: Any, state: AppState) -> InsideTab:
    tab = InsideTab(state)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def read_tab(qtbot: Any, digits_dir: Path) -> Iterator[InsideTab]:
    """The tab with the bundled model's states of the drawn test digits read."""
    state = AppState()
    state.set_data_dir(digits_dir)
    tab = shown_tab(qtbot, state)
    qtbot.waitUntil(lambda: tab.data() is not None, timeout=60_000)
    yield tab
    tab.shutdown()


@pytest.fixture
def small_model(tmp_path: Path) -> Path:
    """An untrained LSTM of 6 units saved as a checkpoint: its atlas takes a moment."""
    torch.manual_seed(0)
    train = TrainConfig()
    config = train.model_config(hidden_size=6)
    path = tmp_path / "small.safetensors"
    save_checkpoint(path, Checkpoint(config, train, SequenceClassifier(config).state_dict()))
    return path


def a_drawn_seven() -> np.ndarray:
    return draw_digit(7, np.random.default_rng(5)).astype(np.float32) / 255.0


def test_the_cloud_holds_every_test_digit_and_follows_the_row_slider(read_tab: InsideTab) -> None:
    view = read_tab.trajectories
    paths = view.trajectories()
    assert paths is not None
    assert f"{DIGITS_TEST} test digits" in read_tab.status_text()
    assert view.row() == 28
    assert np.allclose(view.points_shown(), paths.points[:, 27])
    view.set_row(9)
    assert np.allclose(view.points_shown(), paths.points[:, 8])
    assert not np.allclose(view.points_shown(), paths.points[:, 27])
    assert np.allclose(view.mean_path_shown(3), paths.mean_paths[3, :9])
    assert "row 9" in view.texts()[1]


def test_play_walks_the_cloud_to_the_last_row(qtbot: Any, read_tab: InsideTab) -> None:
    view = read_tab.trajectories
    view.set_row(24)
    seen: list[int] = []
    view._slider.valueChanged.connect(seen.append)
    view._play.click()
    assert view.is_playing()
    qtbot.waitUntil(lambda: not view.is_playing(), timeout=20_000)
    assert seen == [25, 26, 27, 28]
    paths = view.trajectories()
    assert paths is not None and np.allclose(view.points_shown(), paths.points[:, 27])


def test_the_fit_is_said_in_words_with_its_explained_variance(read_tab: InsideTab) -> None:
    view = read_tab.trajectories
    final = view.trajectories()
    assert final is not None
    plane = view.texts()[0]
    assert "final states" in plane
    assert f"{100 * final.pca.explained_variance_ratio[0]:.1f}%" in plane
    view.set_fit("all")
    every = view.trajectories()
    assert every is not None and every is not final
    assert "every row" in view.texts()[0]
    assert f"{100 * every.pca.plane_share:.1f}% together" in view.texts()[0]
    assert np.allclose(view.points_shown(), every.points[:, view.row() - 1])


def test_the_drawn_digit_s_path_is_drawn_up_to_the_row_shown(read_tab: InsideTab) -> None:
    view = read_tab.trajectories
    paths = view.trajectories()
    data = read_tab.data()
    assert paths is not None and data is not None
    image = a_drawn_seven()
    read_tab.set_drawn_image(image)
    expected = paths.project_path(data.predictor.row_scan(image).hidden)
    assert np.allclose(view.drawn_path_shown(), expected, atol=1e-5)
    view.set_row(12)
    assert np.allclose(view.drawn_path_shown(), expected[:12], atol=1e-5)
    read_tab.set_drawn_image(None)
    assert len(view.drawn_path_shown()) == 0


def test_missing_data_is_said_in_one_sentence_with_a_way_out(
    qtbot: Any, tmp_path: Path, digits_dir: Path, monkeypatch: pytest.MonkeyPatch, dialog_log: Any
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("LSTM_GUI_DATA", str(empty))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nowhere"))
    state = AppState()
    state.set_data_dir(empty)
    tab = shown_tab(qtbot, state)
    button = tab._status.choose_folder
    qtbot.waitUntil(button.isVisible, timeout=30_000)
    assert "MNIST was not found" in tab.status_text()
    assert tab.data() is None and not tab.atlas._compute.isEnabled()
    dialog_log.folder = digits_dir
    button.click()
    assert state.data_dir == digits_dir
    qtbot.waitUntil(lambda: tab.data() is not None, timeout=60_000)
    assert not button.isVisible()
    tab.shutdown()


def test_the_atlas_table_lists_every_unit_sorts_and_marks_the_drawing(
    qtbot: Any, digits_dir: Path, small_model: Path
) -> None:
    state = AppState()
    state.set_data_dir(digits_dir)
    state.set_model(small_model, "small")
    tab = shown_tab(qtbot, state)
    qtbot.waitUntil(lambda: tab.data() is not None, timeout=60_000)
    tab.views.setCurrentWidget(tab.atlas)
    tab.atlas._compute.click()
    qtbot.waitUntil(lambda: tab.atlas.atlas() is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not tab.atlas.is_running(), timeout=10_000)
    atlas = tab.atlas.atlas()
    assert atlas is not None
    table = tab.atlas.table
    assert table.rowCount() == 6
    assert "6 units silenced" in tab.atlas.status_text()
    # Shown most needed first: accuracy drops descending, ties by probability drop.
    drops = [float(text) for text in table.column_values(AtlasTable.DROP)]
    assert drops == sorted(drops, reverse=True)
    units = [int(text) for text in table.column_values(AtlasTable.UNIT)]
    assert sorted(units) == [1, 2, 3, 4, 5, 6]
    for row, unit in enumerate(units):
        assert drops[row] == pytest.approx(100 * atlas.accuracy_drop[unit - 1], abs=0.051)
    table.sortItems(AtlasTable.UNIT, Qt.SortOrder.AscendingOrder)
    assert table.column_values(AtlasTable.UNIT) == ["1", "2", "3", "4", "5", "6"]
    forget = [float(text) for text in table.column_values(AtlasTable.DRAWN + 2)]
    assert np.allclose(forget, 100 * atlas.saturation[list(atlas.saturation)[1]], atol=0.051)
    assert table.column_values(AtlasTable.DRAWN) == [""] * 6
    image = a_drawn_seven()
    tab.set_drawn_image(image)
    data = tab.data()
    assert data is not None
    hidden = data.predictor.row_scan(image).hidden
    for row, text in enumerate(table.column_values(AtlasTable.DRAWN)):
        entry = int(np.abs(hidden[:, row]).argmax())
        assert text == f"{hidden[entry, row]:+.2f} ({entry + 1})"
    # Test digits count from 1, as the Interventions view's "test digit N" reads them.
    drivers_item = table.item(0, AtlasTable.DRIVERS)
    assert drivers_item is not None
    first = int(atlas.drivers.digits[0][0])
    label = int(data.labels[first])
    assert drivers_item.toolTip().startswith(f"a {label} (test digit #{first + 1}): h = ")
    tab.shutdown()


def test_the_atlas_can_be_stopped(qtbot: Any, read_tab: InsideTab) -> None:
    atlas_view = read_tab.atlas
    atlas_view.start()
    assert atlas_view.is_running()
    atlas_view.stop()
    assert not atlas_view.is_running()
    assert "Stopped" in atlas_view.status_text()
    assert atlas_view.atlas() is None and atlas_view.table.rowCount() == 0


def test_the_tab_fits_a_laptop_screen(read_tab: InsideTab) -> None:
    hint = read_tab.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700


def test_both_figures_export_as_png(read_tab: InsideTab, tmp_path: Path) -> None:
    assert read_tab.trajectories.figure.save(tmp_path / "trajectories.png")
    assert (tmp_path / "trajectories.png").read_bytes().startswith(b"\x89PNG")
    read_tab.views.setCurrentWidget(read_tab.atlas)
    assert read_tab.atlas.figure.save(tmp_path / "atlas.svg")
    assert b"<svg" in (tmp_path / "atlas.svg").read_bytes()


def test_a_drawing_given_while_hidden_is_shown_when_the_tab_is(
    qtbot: Any, read_tab: InsideTab
) -> None:
    handed_in = "The digit handed in (drawn)."
    read_tab.hide()
    read_tab.set_drawn_image(a_drawn_seven())
    assert len(read_tab.trajectories.drawn_path_shown()) == 0
    assert read_tab.interventions.digit_source_text() != handed_in
    read_tab.show()
    assert len(read_tab.trajectories.drawn_path_shown()) == read_tab.trajectories.row()
    assert read_tab.interventions.digit_source_text() == handed_in
    qtbot.waitUntil(lambda: not read_tab.interventions.is_busy(), timeout=60_000)


def test_the_interventions_view_is_the_third_and_hears_of_the_drawing(
    qtbot: Any, read_tab: InsideTab
) -> None:
    views = read_tab.views
    assert views.count() == 3 and views.tabText(2) == "Interventions"
    assert views.widget(2) is read_tab.interventions
    read_tab.set_drawn_image(a_drawn_seven())
    assert read_tab.interventions.digit_source_text() == "The digit handed in (drawn)."
    qtbot.waitUntil(lambda: not read_tab.interventions.is_busy(), timeout=60_000)


def test_each_view_says_what_to_look_for_behind_its_figure_s_question_mark(
    qtbot: Any, read_tab: InsideTab
) -> None:
    expected = {
        read_tab.trajectories: {
            (read_tab.trajectories.figure.widget, ("inside.trajectories", "inside.separation"))
        },
        read_tab.atlas: {(read_tab.atlas.table, ("inside.atlas",))},
        read_tab.interventions: {
            (read_tab.interventions.guesses, ("inside.interventions",)),
            (
                read_tab.interventions.untouched_panel.parentWidget(),
                ("inside.intervention_answers",),
            ),
        },
    }
    for view, views_and_keys in expected.items():
        read_tab.views.setCurrentWidget(view)
        buttons = look_for_buttons(view)
        assert {(button.view, button.keys) for button in buttons} == views_and_keys
        for button in buttons:
            assert button.isVisible()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert button.card.isVisible()
            shown = button.card.label.text()
            for key in button.keys:
                assert html.escape(LOOK_FOR[key].text) in shown
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert not button.card.isVisible()
        # The texts live only behind the "?": no label of the view itself repeats them.
        cards = view.findChildren(LookForCard)
        inline = [
            label.text()
            for label in view.findChildren(QLabel)
            if not any(card.isAncestorOf(label) for card in cards)
        ]
        assert not any("What to look for" in text for text in inline), inline
        assert not any(LOOK_FOR[key].text[:40] in text for key in LOOK_FOR for text in inline), (
            inline
        )


def test_tab_walks_the_trajectory_controls_left_to_right(qtbot: Any, read_tab: InsideTab) -> None:
    view = read_tab.trajectories
    read_tab.activateWindow()
    view._play.setFocus()
    qtbot.waitUntil(view._play.hasFocus, timeout=5000)
    qtbot.keyClick(view._play, Qt.Key.Key_Tab)
    assert view._slider.hasFocus()
    qtbot.keyClick(view._slider, Qt.Key.Key_Tab)
    assert view._fit.hasFocus()


def test_a_long_memory_task_shows_the_blank_steps_kept_and_says_so(
    qtbot: Any, digits_dir: Path, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    train = TrainConfig(blank_steps=150)
    config = train.model_config(hidden_size=6)
    path = tmp_path / "memory.safetensors"
    save_checkpoint(path, Checkpoint(config, train, SequenceClassifier(config).state_dict()))
    state = AppState()
    state.set_data_dir(digits_dir)
    state.set_model(path, "memory")
    tab = shown_tab(qtbot, state)
    qtbot.waitUntil(lambda: tab.data() is not None, timeout=60_000)
    view = tab.trajectories
    paths = view.trajectories()
    data = tab.data()
    assert paths is not None and data is not None

    assert paths.entries == 28 + 100 and view.row() == 128
    assert "Of the 150 blank steps, 100 evenly spaced ones are kept" in view.texts()[0]
    assert "After blank step 150," in view.texts()[1]  # the last entry is the last blank step
    view.set_row(30)
    blank = int(data.states.entry_rows[29]) - 28
    assert blank == 3 and "After blank step 3," in view.texts()[1]
    image = a_drawn_seven()
    tab.set_drawn_image(image)
    every_step = data.predictor.row_scan(image).hidden  # 28 rows and 150 blank steps
    kept = every_step[data.states.entry_rows - 1]
    assert np.allclose(view.drawn_path_shown(), paths.project_path(kept)[:30], atol=1e-5)
    tab.shutdown()


def test_reading_the_states_stops_when_asked(digits_dir: Path) -> None:
    from lstm_gui.gui.inside.inside_data import read_inside_data

    asked: list[bool] = []

    def stop_now() -> bool:
        asked.append(True)
        return True

    assert read_inside_data(None, digits_dir, samples=50, stopped=stop_now) is None
    assert asked  # the reading asked before its first chunk
    read = read_inside_data(None, digits_dir, samples=50, stopped=lambda: False)
    assert read is not None and not isinstance(read, str) and read.states.samples == 50


def test_a_test_set_of_one_digit_is_one_sentence_in_the_tab(
    qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    state = AppState()
    state.set_data_dir(write_digits(tmp_path, train=10, test=1))

    tab = shown_tab(qtbot, state)
    qtbot.waitUntil(lambda: "test set holds 1 digit" in tab.status_text(), timeout=60_000)

    assert tab.status_text() == ("The test set holds 1 digit; the inside views need at least two.")
    assert tab.data() is None and dialog_log.errors == []
    tab.shutdown()
