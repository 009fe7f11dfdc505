"""Lesson files: every part comes back as it was saved; damaged or foreign files are refused.

Each refusal is one LessonError sentence naming the file, and a refused lesson leaves no model
copy behind. The fuzzing tests count the work a hostile file can cause (bytes read), never time.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lstm_gui.core.claims.experiments import load_experiment
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import LessonError
from lstm_gui.core.lessons import archive
from lstm_gui.core.lessons.archive import (
    LESSON_MEMBER,
    MODEL_MEMBER,
    read_lesson,
    write_lesson,
)
from lstm_gui.core.lessons.lesson import FORMAT_VERSION, Lesson, LessonDrawing, lesson_to_json
from lstm_gui.core.lessons.notes import NOTES_TAGS, notes_text, sanitise_notes
from lstm_gui.core.reading.strokes import Stroke
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.resources import bundled_model_path, resource_path

QUICK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def full_lesson() -> Lesson:
    train = TrainConfig(sequence="rows", steps=56, batch_size=64, epochs=3, lr=0.002, seed=7)
    model = train.model_config(cell="gru", hidden_size=48, num_layers=2, dropout=0.1)
    base = np.zeros((28, 28), np.float32)
    base[5:20, 13:15] = 0.75
    strokes = (
        Stroke.from_points([(40, 40), (120.5, 200.25), (240, 60)], 18.0, pressures=[1, 0.5, 0.25]),
        Stroke.from_points([(100, 100), (110, 110)], 30.0, erase=True),
    )
    return Lesson(
        model_config=model,
        train_config=train,
        tab="draw",
        view="row-experiments",
        notes="<h2>Today</h2><p>Draw a <b>7</b>, then cover its <i>top</i> rows.</p>",
        drawing=LessonDrawing(base, strokes),
        experiment=load_experiment(resource_path("claims/length.json")),
        created="2026-12-05T06:00:00",
    )


def test_round_trip_restores_every_field(tmp_path: Path) -> None:
    saved = full_lesson()
    path = write_lesson(tmp_path / "lesson.lstm-lesson", saved, bundled_model_path())
    loaded = read_lesson(path, tmp_path / "models")

    assert loaded.model_config == saved.model_config
    assert loaded.train_config == saved.train_config
    assert (loaded.tab, loaded.view) == ("draw", "row-experiments")
    assert loaded.notes == saved.notes
    assert loaded.created == "2026-12-05T06:00:00"
    assert loaded.drawing is not None and saved.drawing is not None
    assert loaded.drawing.base is not None and saved.drawing.base is not None
    assert np.array_equal(loaded.drawing.base, saved.drawing.base)
    assert len(loaded.drawing.strokes) == 2
    for got, want in zip(loaded.drawing.strokes, saved.drawing.strokes, strict=True):
        assert np.array_equal(got.points, want.points)
        assert np.array_equal(got.pressures, want.pressures)
        assert (got.width, got.erase) == (want.width, want.erase)
    assert loaded.experiment is not None and saved.experiment is not None
    want_experiment = replace(saved.experiment, path=None).to_dict()
    assert loaded.experiment.to_dict() == want_experiment
    # The model: a copy outside the lesson, the bundled weights exactly, no optimizer state.
    assert loaded.model_name == bundled_model_path().stem
    assert loaded.model_path is not None and loaded.model_path.parent == tmp_path / "models"
    original, copy = load_checkpoint(bundled_model_path()), load_checkpoint(loaded.model_path)
    assert copy.optimizer_state is None and copy.history == original.history
    for name, tensor in original.state_dict.items():
        assert torch.equal(copy.state_dict[name], tensor)
    with zipfile.ZipFile(path) as opened:
        assert sorted(opened.namelist()) == [LESSON_MEMBER, MODEL_MEMBER]


def test_an_empty_lesson_round_trips_without_a_model(tmp_path: Path) -> None:
    path = write_lesson(tmp_path / "empty.lstm-lesson", Lesson())
    loaded = read_lesson(path, tmp_path / "models")
    assert loaded.model_path is None and loaded.model_name is None
    assert (loaded.drawing, loaded.experiment, loaded.model_config) == (None, None, None)
    assert not (tmp_path / "models").exists()
    with zipfile.ZipFile(path) as opened:
        assert opened.namelist() == [LESSON_MEMBER]


def test_opening_a_lesson_twice_keeps_one_model_copy(tmp_path: Path) -> None:
    path = write_lesson(tmp_path / "a.lstm-lesson", Lesson(), bundled_model_path())
    first = read_lesson(path, tmp_path / "models")
    moved = path.rename(tmp_path / "moved.lstm-lesson")
    second = read_lesson(moved, tmp_path / "models")
    assert first.model_path == second.model_path
    assert [p.name for p in (tmp_path / "models").iterdir()] == [first.model_path.name]  # type: ignore[union-attr]


def test_notes_keep_the_subset_and_lose_everything_else() -> None:
    qt_style = (
        '<html><head><style>p {color: red}</style><title>x</title></head><body style="a">'
        '<p style="margin:0"><span style=" font-weight:700;">bold</span> and '
        '<span style=" font-style:italic; text-decoration: underline;">both</span></p>'
        '<script>alert(1)</script><img src="x" onerror="evil()">'
        '<a href="javascript:evil()">bad</a> <a href="https://example.org/?a=1&amp;b=2">good</a>'
        "<ul><li>one<li>two</ul><p>1 &lt; 2</body></html>"
    )
    assert sanitise_notes(qt_style) == (
        "<p><b>bold</b> and <i><u>both</u></i></p>bad "
        '<a href="https://example.org/?a=1&amp;b=2">good</a><ul><li>one<li>two</li></li></ul>'
        "<p>1 &lt; 2</p>"
    )


def test_notes_that_are_too_long_are_refused() -> None:
    with pytest.raises(LessonError, match="too long"):
        sanitise_notes("x" * 200_001)


# --------------------------------------------------------------------------- refusals


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive_file:
        for name, data in members.items():
            archive_file.writestr(name, data)
    return path


def lesson_json(**changes: Any) -> bytes:
    values = lesson_to_json(full_lesson())
    values.update(changes)
    return json.dumps(values).encode()


def refusal(path: Path, models: Path) -> str:
    with pytest.raises(LessonError) as caught:
        read_lesson(path, models)
    message = str(caught.value)
    assert message.startswith(f"{path.name} cannot be") and "\n" not in message
    assert not models.exists() or not any(models.iterdir())  # no copy left behind
    return message


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"other.json": b"{}"}, "files a lesson does not"),
        ({LESSON_MEMBER: lesson_json(), "evil.pkl": b"x"}, "files a lesson does not"),
        ({MODEL_MEMBER: b"x"}, "no lesson.json"),
        ({LESSON_MEMBER: b"{not json"}, "not valid JSON"),
        ({LESSON_MEMBER: b"\xff\xfe"}, "not valid JSON"),
        ({LESSON_MEMBER: b"[1, 2]"}, "not an lstm-gui lesson"),
        ({LESSON_MEMBER: lesson_json(format="something-else")}, "not an lstm-gui lesson"),
        ({LESSON_MEMBER: lesson_json(format_version=9)}, "newer lstm-gui (format 9); this one"),
        ({LESSON_MEMBER: lesson_json(format_version="1")}, "not a version number"),
        ({LESSON_MEMBER: lesson_json(extra=1)}, "unknown entries: 'extra'"),
        ({LESSON_MEMBER: lesson_json(tab="plots")}, "unknown tab"),
        ({LESSON_MEMBER: lesson_json(view="runs")}, "unknown view"),
        ({LESSON_MEMBER: lesson_json(notes=5)}, "notes must be text"),
        ({LESSON_MEMBER: lesson_json(model={"name": "m"})}, "does not match its model"),
        (
            {LESSON_MEMBER: lesson_json(drawing={"base": [[0.5] * 27] * 28, "strokes": []})},
            "28 x 28",
        ),
        (
            {
                LESSON_MEMBER: lesson_json(
                    drawing={
                        "base": None,
                        "strokes": [
                            {"points": [[1, 2]], "pressures": [2], "width": 3, "erase": False}
                        ],
                    }
                )
            },
            "pressures must lie",
        ),  # fmt: skip
        ({LESSON_MEMBER: lesson_json(experiment={"claim": "nonsense"})}, "experiment is damaged"),
    ],
)
def test_damaged_contents_are_refused(
    tmp_path: Path, members: dict[str, bytes], expected: str
) -> None:
    path = write_zip(tmp_path / "bad.lstm-lesson", members)
    assert expected in refusal(path, tmp_path / "models")


def test_unknown_and_bad_settings_are_refused(tmp_path: Path) -> None:
    good = lesson_to_json(full_lesson())["settings"]
    cases = {
        "unknown": {**good, "train": {**good["train"], "turbo": True}},
        "out of range": {**good, "train": {**good["train"], "lr": 50.0}},
        "mismatched": {**good, "model": ModelConfig(input_size=28).to_dict()},
    }
    messages = {}
    for name, values in cases.items():
        path = write_zip(
            tmp_path / f"{name}.lstm-lesson", {LESSON_MEMBER: lesson_json(settings=values)}
        )
        messages[name] = refusal(path, tmp_path / "models")
    assert "Unknown TrainConfig setting(s): 'turbo'" in messages["unknown"]
    assert "learning rate must be between" in messages["out of range"]
    assert "reads 28 values a step, but its sequence gives 14" in messages["mismatched"]


def test_a_bad_model_is_refused_and_no_copy_is_kept(tmp_path: Path) -> None:
    raw = lesson_json(model={"name": "m"})
    path = write_zip(tmp_path / "m.lstm-lesson", {LESSON_MEMBER: raw, MODEL_MEMBER: b"not weights"})
    assert "its model is not a usable checkpoint" in refusal(path, tmp_path / "models")
    pickled = io.BytesIO()
    torch.save({"weights": torch.zeros(2)}, pickled)
    path = write_zip(
        tmp_path / "p.lstm-lesson", {LESSON_MEMBER: raw, MODEL_MEMBER: pickled.getvalue()}
    )
    assert "its model is not a usable checkpoint" in refusal(path, tmp_path / "models")


def test_not_a_zip_and_missing_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.lstm-lesson"
    text.write_text("just some text")
    assert "damaged or not a lesson file" in refusal(text, tmp_path / "models")
    assert "cannot be read" in refusal(tmp_path / "absent.lstm-lesson", tmp_path / "models")
    assert "not a regular file" in refusal(tmp_path, tmp_path / "models")


def test_a_zip_bomb_is_refused_from_its_listing(tmp_path: Path) -> None:
    # 9 MiB of zeros deflate to a few kilobytes; the listing's size is over the cap.
    path = write_zip(tmp_path / "bomb.lstm-lesson", {LESSON_MEMBER: bytes(9 * 1024 * 1024)})
    assert path.stat().st_size < 64 * 1024
    assert "unpacks to 9,437,184 bytes" in refusal(path, tmp_path / "models")


def test_a_zip_bomb_that_hides_its_size_stops_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member past the cap that the listing check lets through: no more than the cap is read.

    The member is real (its listed size and CRC are true), so zipfile would inflate it all; with
    the listing check switched off, the reader's own counting cap is all that stops it.
    """
    monkeypatch.setitem(archive._MEMBER_CAPS, LESSON_MEMBER, 4096)
    monkeypatch.setattr(archive, "_CHUNK", 1024)
    path = write_zip(tmp_path / "big.lstm-lesson", {LESSON_MEMBER: b" " * 100_000})
    assert zipfile.ZipFile(path).getinfo(LESSON_MEMBER).file_size == 100_000
    monkeypatch.setattr(
        archive, "_checked_members", lambda zip_file: {i.filename: i for i in zip_file.infolist()}
    )
    read = []
    original = archive._copy_capped

    def counting(source: Any, target: Any, cap: int, digest: Any = None) -> bytes:
        class Counter:
            def read(self, size: int = -1) -> bytes:
                chunk = source.read(size)
                read.append(len(chunk))
                return chunk

        return original(Counter(), target, cap, digest)  # type: ignore[arg-type]

    monkeypatch.setattr(archive, "_copy_capped", counting)
    assert "more than the 4,096 bytes it may hold" in refusal(path, tmp_path / "models")
    assert sum(read) <= 4096 + 1024


# --------------------------------------------------------------------------- fuzzing


@QUICK
@given(data=st.data())
def test_damaged_lesson_files_are_read_or_refused(tmp_path: Path, data: st.DataObject) -> None:
    """Any damage to a good lesson file: a Lesson or a LessonError, never another exception."""
    path = tmp_path / "fuzz.lstm-lesson"
    raw = bytearray(GOOD_FILE)
    damage = data.draw(st.sampled_from(["cut", "flip", "append", "splice"]))
    if damage == "cut":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif damage == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            position = data.draw(st.integers(0, len(raw) - 1))
            raw[position] ^= data.draw(st.integers(1, 255))
    elif damage == "append":
        raw += data.draw(st.binary(min_size=1, max_size=64))
    else:
        start = data.draw(st.integers(0, len(raw) - 1))
        raw[start : start + 16] = data.draw(st.binary(max_size=32))
    path.write_bytes(bytes(raw))
    try:
        read_lesson(path, tmp_path / "models")
    except LessonError as exc:
        assert "\n" not in str(exc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@QUICK
@given(key=st.sampled_from(sorted(lesson_to_json(Lesson()))), value=JSON_VALUES, data=st.data())
def test_any_json_value_in_any_entry_is_read_or_refused(
    tmp_path: Path, key: str, value: Any, data: st.DataObject
) -> None:
    values = lesson_to_json(full_lesson())
    if data.draw(st.booleans()) and isinstance(values[key], dict) and values[key]:
        inner = data.draw(st.sampled_from(sorted(values[key])))
        values[key] = {**values[key], inner: value}
    else:
        values[key] = value
    path = write_zip(tmp_path / "values.lstm-lesson", {LESSON_MEMBER: json.dumps(values).encode()})
    try:
        read_lesson(path, tmp_path / "models")
    except LessonError as exc:
        assert "\n" not in str(exc)


def _good_file() -> bytes:
    buffer = io.BytesIO()
    lesson = full_lesson()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_file:
        archive_file.writestr(LESSON_MEMBER, json.dumps(lesson_to_json(lesson)))
    return buffer.getvalue()


GOOD_FILE = _good_file()


def test_the_format_version_written_is_the_one_read() -> None:
    assert (
        json.loads(zipfile.ZipFile(io.BytesIO(GOOD_FILE)).read(LESSON_MEMBER))["format_version"]
        == FORMAT_VERSION
    )


def test_the_shipped_sample_lesson_opens(tmp_path: Path) -> None:
    sample = read_lesson(resource_path("samples/which-rows.lstm-lesson"), tmp_path / "models")
    assert (sample.tab, sample.view) == ("draw", "row-experiments")
    assert sample.train_config == TrainConfig() and sample.model_path is None
    assert sample.drawing is not None and len(sample.drawing.strokes) >= 1
    assert sample.experiment is not None and sample.experiment.claim == "length"
    assert "Which rows does the network need?" in notes_text(sample.notes)


MARKUP = st.text(
    alphabet=st.sampled_from(list("<>/!-[]&;#=\"' abpiuhl1slcrtyen")), max_size=60
) | st.text(max_size=30)


@QUICK
@given(html=MARKUP)
@example(html="<![foo[ x")  # html.parser raises AssertionError on this declaration
def test_any_notes_become_the_subset_or_one_sentence(html: str) -> None:
    try:
        clean = sanitise_notes(html)
    except LessonError as exc:
        assert "\n" not in str(exc)
        return
    assert sanitise_notes(clean) == clean  # already the subset: nothing more to remove
    tags = re.findall(r"</?([a-zA-Z0-9]+)", clean)
    assert set(tags) <= NOTES_TAGS


@QUICK
@given(number=st.integers() | st.floats(), where=st.sampled_from(["points", "pressures", "width"]))
@example(number=10**400, where="points")  # too large for a float
def test_any_number_in_a_stroke_is_read_or_refused(tmp_path: Path, number: Any, where: str) -> None:
    stroke: dict[str, Any] = {"points": [[1, 2]], "pressures": [1], "width": 3, "erase": False}
    stroke[where] = (
        number if where == "width" else ([[number, 2]] if where == "points" else [number])
    )
    drawing = {"base": None, "strokes": [stroke]}
    path = write_zip(tmp_path / "n.lstm-lesson", {LESSON_MEMBER: lesson_json(drawing=drawing)})
    try:
        read_lesson(path, tmp_path / "models")
    except LessonError as exc:
        assert "\n" not in str(exc)
