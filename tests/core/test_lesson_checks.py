"""Lesson checks that keep a file whole: what the reader refuses is never written.

Every view of every tab round-trips, and an experiment the Claims tab could not show is refused
when read, in one sentence.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from lstm_gui.core.errors import LessonError
from lstm_gui.core.lessons.archive import read_lesson, write_lesson
from lstm_gui.core.lessons.lesson import (
    TAB_VIEWS,
    Lesson,
    LessonDrawing,
    lesson_from_json,
    lesson_to_json,
)
from lstm_gui.core.reading.strokes import Stroke
from lstm_gui.resources import resource_path


def test_a_lesson_the_reader_would_refuse_is_never_written(tmp_path: Path) -> None:
    # A stroke dragged far past the pad: its last point is beyond the range a lesson keeps.
    stroke = Stroke.from_points([(120, 120), (200, 125), (900, 130)], 18.0)
    path = tmp_path / "drag.lstm-lesson"
    with pytest.raises(LessonError) as caught:
        write_lesson(path, Lesson(drawing=LessonDrawing(None, (stroke,))))
    message = str(caught.value)
    assert message.startswith("Cannot save the lesson drag.lstm-lesson: ")
    assert "points must lie between -280 and 560" in message and "\n" not in message
    assert not path.exists()
    # Within the range, it is written and opens.
    inside = Stroke.from_points([(120, 120), (200, 125), (560, 130)], 18.0)
    write_lesson(path, Lesson(drawing=LessonDrawing(None, (inside,))))
    opened = read_lesson(path, tmp_path / "models")
    assert opened.drawing is not None
    assert opened.drawing.strokes[0].points[-1].tolist() == [560.0, 130.0]


@pytest.mark.parametrize(
    ("tab", "view"), [(tab, view) for tab, views in TAB_VIEWS.items() for view in ("", *views)]
)
def test_every_view_of_every_tab_round_trips(tmp_path: Path, tab: str, view: str) -> None:
    path = write_lesson(tmp_path / "v.lstm-lesson", Lesson(tab=tab, view=view))
    opened = read_lesson(path, tmp_path / "models")
    assert (opened.tab, opened.view) == (tab, view)


def test_the_inside_tab_names_its_three_views() -> None:
    assert TAB_VIEWS["inside"] == ("state-trajectories", "unit-atlas", "interventions")


def _experiment(name: str) -> dict[str, Any]:
    values = json.loads(resource_path(f"claims/{name}.json").read_text(encoding="utf-8"))
    assert isinstance(values, dict)
    return values


def _changed(name: str, records: str, field: str, value: Any) -> dict[str, Any]:
    values = copy.deepcopy(_experiment(name))
    if records == "settings":
        values["settings"][field] = value
    else:
        values[records][0][field] = value
    return values


@pytest.mark.parametrize(
    ("experiment", "expected"),
    [
        (_changed("length", "runs", "cell", "lstmx"), "unknown cells 'lstmx'"),
        (_changed("length", "settings", "cells", ["rnn", "transformer"]), "'transformer'"),
        (_changed("length", "runs", "steps", 0), "steps and parameters must be 1 or more"),
        (_changed("length", "runs", "steps", -5), "steps and parameters must be 1 or more"),
        (_changed("length", "runs", "params", 0), "steps and parameters must be 1 or more"),
        (_changed("length", "runs", "blank_steps", 10**6), "blank steps must be fewer"),
        (_changed("gradients", "runs", "val_acc", float("inf")), "an infinite number"),
        (_changed("cost", "timings", "cell", "lstmx"), "unknown cells 'lstmx'"),
        (_changed("cost", "timings", "seconds", ""), "must hold its repeats' seconds"),
        (_changed("cost", "timings", "seconds", [float("nan")]), "repeats' seconds"),
        (_changed("cost", "timings", "layers", 0), "steps and layers must be 1 or more"),
        (_changed("cost", "timings", "steps", 0), "steps and layers must be 1 or more"),
    ],
)
def test_an_experiment_the_claims_tab_cannot_show_is_refused(
    experiment: dict[str, Any], expected: str
) -> None:
    values = dict(lesson_to_json(Lesson(tab="claims")), experiment=experiment)
    with pytest.raises(LessonError) as caught:
        lesson_from_json(json.loads(json.dumps(values)), has_model=False)
    message = str(caught.value)
    assert message.startswith("its Claims experiment is damaged: ") and expected in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["gradients", "length", "cost"])
def test_the_shipped_experiments_are_accepted(name: str) -> None:
    values = dict(lesson_to_json(Lesson(tab="claims")), experiment=_experiment(name))
    lesson = lesson_from_json(json.loads(json.dumps(values)), has_model=False)
    assert lesson.experiment is not None and lesson.experiment.claim == name
