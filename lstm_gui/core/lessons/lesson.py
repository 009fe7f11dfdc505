"""A lesson's contents (settings, tab and view, notes, a drawing, an experiment) and its JSON.

`lesson_from_json` checks every value of a `lesson.json` before it builds anything, and refuses
unknown keys: a file that says more than this version understands is another program's, or a
newer lstm-gui's (which the format version says first). Errors are one LessonError sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from lstm_gui import __version__
from lstm_gui.core.config import IMAGE_SIDE, ModelConfig, TrainConfig, sequence_shape
from lstm_gui.core.errors import LessonError, LstmGuiError
from lstm_gui.core.lessons.notes import sanitise_notes
from lstm_gui.core.reading.strokes import (
    COORDINATE_RANGE as COORDINATE_RANGE,  # the draw pad holds its points within it
)
from lstm_gui.core.reading.strokes import Stroke, stroke_from_json, stroke_to_json

if TYPE_CHECKING:
    from pathlib import Path

    from lstm_gui.core.claims.experiments import Experiment

FORMAT_NAME = "lstm-gui-lesson"
FORMAT_VERSION = 1
# The window's tabs and, per tab, the views a lesson can open ("" leaves the view as it is).
TAB_VIEWS: dict[str, tuple[str, ...]] = {
    "train": ("confusion", "runs", "gradients"),
    "draw": ("row-scan", "row-experiments", "rows-needed", "my-digits"),
    "claims": (),
    "inside": ("state-trajectories", "unit-atlas", "interventions"),
}
# A drawing by hand is tens of strokes of tens of points; these bounds are far beyond that and
# keep a hostile file from costing more than a moment to check and render. (Each stroke's own
# checks are strokes.stroke_from_json's, the same a kept digit's strokes meet.)
MAX_STROKES = 2_000
MAX_POINTS = 200_000
_KEYS = frozenset(
    (
        *("format", "format_version", "app_version", "created", "settings", "tab", "view"),
        *("notes", "drawing", "experiment", "model"),
    )
)


@dataclass(frozen=True)
class LessonDrawing:
    """What the Draw pad held: an optional 28x28 image (ink high, 0..1) and strokes over it."""

    base: np.ndarray | None = None
    strokes: tuple[Stroke, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """Everything a lesson file restores; `model_path` is where its bundled model was put."""

    model_config: ModelConfig | None = None
    train_config: TrainConfig | None = None
    tab: str = "train"
    view: str = ""
    notes: str = ""  # the HTML subset of core.lessons.notes
    drawing: LessonDrawing | None = None
    experiment: Experiment | None = None
    model_name: str | None = None  # set when the lesson bundles a model
    model_path: Path | None = None  # a read lesson's model, copied out of the file
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    app_version: str = __version__


def lesson_to_json(lesson: Lesson) -> dict[str, Any]:
    """The `lesson.json` of this lesson (notes sanitised, arrays as lists)."""
    settings = None
    if lesson.model_config is not None and lesson.train_config is not None:
        settings = {"model": lesson.model_config.to_dict(), "train": lesson.train_config.to_dict()}
    drawing = None
    if lesson.drawing is not None:
        base = lesson.drawing.base
        drawing = {
            "base": None if base is None else np.asarray(base, np.float64).round(4).tolist(),
            "strokes": [stroke_to_json(stroke) for stroke in lesson.drawing.strokes],
        }
    _check_view(lesson.tab, lesson.view)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": lesson.app_version,
        "created": lesson.created,
        "settings": settings,
        "tab": lesson.tab,
        "view": lesson.view,
        "notes": sanitise_notes(lesson.notes),
        "drawing": drawing,
        "experiment": None if lesson.experiment is None else lesson.experiment.to_dict(),
        "model": None if lesson.model_name is None else {"name": lesson.model_name},
    }


def check_format(values: object) -> dict[str, Any]:
    """The mapping, once it names this format at a version this program reads."""
    if not isinstance(values, dict) or values.get("format") != FORMAT_NAME:
        raise LessonError("it is not an lstm-gui lesson.")
    version = values.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LessonError(f"its format version {_short(version)} is not a version number.")
    if version > FORMAT_VERSION:
        raise LessonError(
            f"it was made by a newer lstm-gui (format {version}); this one reads up to "
            f"{FORMAT_VERSION}."
        )
    return values


def lesson_from_json(values: object, has_model: bool) -> Lesson:
    """Check a parsed `lesson.json` and build the Lesson; `has_model`: the file holds one."""
    values = check_format(values)
    unknown = sorted(str(key) for key in set(values) - _KEYS)
    if unknown:
        raise LessonError(f"it holds unknown entries: {', '.join(_short(k) for k in unknown[:5])}.")
    missing = sorted(_KEYS - set(values))
    if missing:
        raise LessonError(f"it lacks the entries {', '.join(missing)}.")
    model_config, train_config = _settings(values["settings"])
    tab, view = _text(values["tab"], "tab", 20), _text(values["view"], "view", 40)
    _check_view(tab, view)
    model = values["model"]
    if model is not None and not (isinstance(model, dict) and set(model) == {"name"}):
        raise LessonError("its model entry must be null or hold only the model's name.")
    if (model is not None) != has_model:
        raise LessonError("its list of contents does not match its model file.")
    return Lesson(
        model_config=model_config,
        train_config=train_config,
        tab=tab,
        view=view,
        notes=sanitise_notes(values["notes"]),
        drawing=_drawing(values["drawing"]),
        experiment=_experiment(values["experiment"]),
        model_name=None if model is None else _text(model["name"], "model name", 200),
        created=_text(values["created"], "creation time", 40),
        app_version=_text(values["app_version"], "app version", 40),
    )


def _short(value: object) -> str:
    """A value quoted and cut short: a damaged file's text can hold anything."""
    return repr(value)[:40]


def _text(value: object, name: str, longest: int) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise LessonError(f"its {name} must be text of at most {longest} characters.")
    return value


def _check_view(tab: str, view: str) -> None:
    if tab not in TAB_VIEWS:
        raise LessonError(f"it names an unknown tab {_short(tab)}; one of {', '.join(TAB_VIEWS)}.")
    if view and view not in TAB_VIEWS[tab]:
        raise LessonError(f"it names an unknown view {_short(view)} of the {tab} tab.")


def _settings(values: object) -> tuple[ModelConfig | None, TrainConfig | None]:
    if values is None:
        return None, None
    if not isinstance(values, dict) or set(values) != {"model", "train"}:
        raise LessonError("its settings must hold a model and a train entry.")
    try:
        model = ModelConfig.from_dict(values["model"])
        train = TrainConfig.from_dict(values["train"])
    except LstmGuiError as exc:
        raise LessonError(f"its Train settings are not valid: {exc}") from None
    _, features = sequence_shape(train.sequence, train.steps)
    if model.input_size != features:
        raise LessonError(
            f"its model reads {model.input_size} values a step, but its sequence gives {features}."
        )
    return model, train


def _drawing(values: object) -> LessonDrawing | None:
    if values is None:
        return None
    if not isinstance(values, dict) or set(values) != {"base", "strokes"}:
        raise LessonError("its drawing must hold a base image (or null) and a list of strokes.")
    base = None
    if values["base"] is not None:
        base = _number_array(values["base"], (IMAGE_SIDE, IMAGE_SIDE), "drawing's image")
        if base.min() < 0.0 or base.max() > 1.0:
            raise LessonError("its drawing's image must hold values between 0 and 1.")
    strokes = values["strokes"]
    if not isinstance(strokes, list) or len(strokes) > MAX_STROKES:
        raise LessonError(f"its drawing's strokes must be a list of at most {MAX_STROKES}.")
    points = sum(
        len(s["points"])
        for s in strokes
        if isinstance(s, dict) and isinstance(s.get("points"), list)
    )
    if points > MAX_POINTS:
        raise LessonError(f"its drawing has {points:,} points; at most {MAX_POINTS:,} are read.")
    return LessonDrawing(base, tuple(_stroke(stroke) for stroke in strokes))


def _stroke(values: object) -> Stroke:
    try:
        return stroke_from_json(values)
    except ValueError as exc:
        raise LessonError(f"{exc}.") from None


def _number_array(values: object, shape: tuple[int, ...], name: str) -> np.ndarray:
    """A float array of this shape (-1: any length) from nested lists of finite numbers."""
    rows = values if isinstance(values, list) else None
    ok = rows is not None and (shape[0] == -1 or len(rows) == shape[0])
    if ok and len(shape) == 2:
        ok = all(isinstance(row, list) and len(row) == shape[1] for row in rows or ())
    flat = [x for row in rows or () for x in row] if ok and len(shape) == 2 else rows or []
    if not ok or not all(_finite_number(x) for x in flat):
        raise LessonError(f"its {name} must be a list of finite numbers shaped {_shape(shape)}.")
    return np.asarray(flat, dtype=np.float64).reshape(len(rows or ()), *shape[1:])


def _finite_number(value: object) -> bool:
    """A JSON number a float holds (a huge integer overflows one; NaN and infinity are no data)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return abs(value) < 1e300 if isinstance(value, int) else math.isfinite(value)


def _shape(shape: tuple[int, ...]) -> str:
    return " x ".join("n" if side == -1 else str(side) for side in shape)


def _experiment(values: object) -> Experiment | None:
    if values is None:
        return None
    from lstm_gui.core.claims.experiments import Experiment

    if not isinstance(values, Mapping):
        raise LessonError("its Claims experiment must be a mapping.")
    try:
        experiment = Experiment.from_dict(values)
        experiment.to_dict()  # the same checks a save would meet (e.g. a huge integer)
    except (LstmGuiError, ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
        raise LessonError(f"its Claims experiment is damaged: {exc}") from None
    if experiment.threads is not None and (
        isinstance(experiment.threads, bool) or not isinstance(experiment.threads, int)
    ):
        raise LessonError("its Claims experiment's thread count must be a whole number.")
    problem = _experiment_problem(experiment)
    if problem:
        raise LessonError(f"its Claims experiment is damaged: {problem}.")
    return experiment


def _experiment_problem(experiment: Experiment) -> str:
    """What the Claims tab could not show in the experiment ("" when nothing).

    Experiment.from_dict checks the types; the plots also need cells they know, positive
    sizes, no infinities and, for every timing, at least one repeat's seconds.
    """
    from lstm_gui.core.choices import CELLS

    cells = [*experiment.settings.cells, *(run.cell for run in experiment.runs)]
    cells += [timing.cell for timing in experiment.timings]
    unknown = sorted({cell for cell in cells if cell not in CELLS})
    if unknown:
        return f"it names unknown cells {', '.join(_short(c) for c in unknown[:3])}"
    for run in experiment.runs:
        if run.steps < 1 or run.params < 1 or run.macs_per_sample < 0:
            return "a run's steps and parameters must be 1 or more"
        if not 0 <= run.blank_steps < run.steps:
            return "a run's blank steps must be fewer than its steps"
        numbers = [value for value in run.__dict__.values() if isinstance(value, float)]
        numbers += [value for profile in run.profiles.values() for value in profile]
        if any(math.isinf(value) for value in numbers):  # NaN is a figure not measured
            return "a run holds an infinite number"
    for timing in experiment.timings:
        if timing.steps < 1 or timing.layers < 1 or timing.macs_per_sample < 0:
            return "a timing's steps and layers must be 1 or more"
        if not timing.seconds or not all(math.isfinite(s) and s >= 0 for s in timing.seconds):
            return "a timing must hold its repeats' seconds, finite and not negative"
    return ""
