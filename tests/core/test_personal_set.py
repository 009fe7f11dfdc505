"""My handwriting: the personal set's store, its IDX export read back by the app, fine-tuning."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from lstm_gui.cli import main as cli_main
from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import DataError, LessonError
from lstm_gui.core.export.training_script import save_training_script, training_script
from lstm_gui.core.lessons.lesson import Lesson, LessonDrawing, lesson_from_json, lesson_to_json
from lstm_gui.core.reading.digit_strokes import synthetic_digit
from lstm_gui.core.reading.fine_tune import (
    FineTuneBefore,
    FineTuneResult,
    FineTuneSettings,
    FineTuneStep,
    evaluate_on,
    fine_tune,
    personal_image_set,
    save_fine_tuned,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.personal_set import PersonalListing, PersonalSet, export_idx
from lstm_gui.core.reading.strokes import CANVAS_SIDE, Drawing, Stroke
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint
from lstm_gui.core.run.control import TrainingControl
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.runs import read_run
from lstm_gui.core.run.session import plan_new_run, prepare_run
from lstm_gui.resources import bundled_model_path


def styled_digit(label: int, rng: np.random.Generator, turn_deg: float = 0.0) -> list[Stroke]:
    """A pad drawing of `label` from digit_strokes, turned about the pad's centre (a style)."""
    angle = np.radians(turn_deg)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = CANVAS_SIDE / 2
    return [
        Stroke.from_points((stroke.points - centre) @ rotation.T * 0.8 + centre, stroke.width)
        for stroke in synthetic_digit(label, rng)
    ]


def keep_drawn_digits(
    personal: PersonalSet, count: int, seed: int = 0, turn_deg: float = 0.0
) -> None:
    """Keep `count` drawings (labels 0, 1, ..., 9, 0, ...) as the pad would prepare them."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        strokes = styled_digit(index % 10, rng, turn_deg)
        image = Drawing.render(None, strokes).model_image()
        assert image is not None
        personal.add(image, index % 10, tuple(strokes))


# --------------------------------------------------------------------------- the store


def test_kept_digits_come_back_with_label_image_strokes_and_time(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path / "mine")
    strokes = (Stroke.from_points([(10, 20), (200, 220)], 18.0, pressures=[0.5, 1.0]),)
    image = np.zeros((28, 28), np.float32)
    image[5:20, 14] = 1.0
    image[10, 3] = 0.5
    first = personal.add(image, 7, strokes)
    personal.add(np.full((28, 28), 200, np.uint8), 3)

    listing = PersonalSet(tmp_path / "mine").load()  # a fresh reader: only what is on disk
    assert listing.problems == ()
    assert [digit.label for digit in listing.digits] == [7, 3]
    seven = listing.digits[0]
    assert seven.id == first.id and seven.created == first.created
    expected = np.zeros((28, 28), np.uint8)
    expected[5:20, 14] = 255
    expected[10, 3] = 128  # round(0.5 * 255)
    np.testing.assert_array_equal(seven.image, expected)
    assert seven.strokes is not None and len(seven.strokes) == 1
    np.testing.assert_allclose(seven.strokes[0].points, [[10, 20], [200, 220]])
    np.testing.assert_allclose(seven.strokes[0].pressures, [0.5, 1.0])
    assert seven.strokes[0].width == 18.0
    assert listing.digits[1].strokes is None
    images, labels = listing.arrays()
    assert images.shape == (2, 28, 28) and labels.tolist() == [7, 3]


def test_deleting_forgets_one_digit(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path)
    kept = [personal.add(np.eye(28), label) for label in (1, 2, 3)]
    personal.delete(kept[1].id)
    assert [digit.label for digit in personal.load().digits] == [1, 3]
    with pytest.raises(DataError, match="no kept digit"):
        personal.delete(kept[1].id)
    with pytest.raises(DataError, match="not the id"):
        personal.delete("../../etc/passwd")


@pytest.mark.parametrize("label", [10, -1, True, 2.0])
def test_a_label_that_is_not_a_digit_is_refused(tmp_path: Path, label: object) -> None:
    with pytest.raises(DataError, match="label"):
        PersonalSet(tmp_path).add(np.eye(28), label)  # type: ignore[arg-type]
    assert PersonalSet(tmp_path).load().digits == ()


def test_damaged_files_are_one_sentence_each_and_spare_the_others(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path)
    good = personal.add(np.eye(28), 4)
    victims = [personal.add(np.eye(28), label) for label in (5, 6, 7, 8)]
    paths = [tmp_path / f"{digit.id}.json" for digit in victims]
    paths[0].write_text('{"format": "lstm-gui personal digit", "lab', encoding="utf-8")
    record = json.loads(paths[1].read_text(encoding="utf-8"))
    paths[1].write_text(json.dumps({**record, "label": 12}), encoding="utf-8")
    paths[2].write_text(json.dumps({**record, "id": victims[2].id, "image": "AAAA"}), "utf-8")
    paths[3].write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "notes.txt").write_text("not a digit", encoding="utf-8")
    no_points = personal.add(np.eye(28), 9, (Stroke.from_points([(1, 2), (3, 4)]),))
    no_points_path = tmp_path / f"{no_points.id}.json"
    record = json.loads(no_points_path.read_text(encoding="utf-8"))
    del record["strokes"][0]["points"]
    no_points_path.write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "zzz-folder.json").mkdir()
    paths += [no_points_path, tmp_path / "zzz-folder.json"]

    listing = personal.load()
    assert [digit.id for digit in listing.digits] == [good.id]
    assert len(listing.problems) == 6
    for path, problem in zip(paths, listing.problems, strict=True):
        assert path.name in problem and "damaged" in problem
        assert problem.count(". ") == 0 and problem.endswith(".")  # one sentence
    assert "label 12" in listing.problems[1]
    assert "3 pixels" in listing.problems[2]
    assert "a stroke has no 'points'" in listing.problems[4]
    assert "not a regular file" in listing.problems[5]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("points", [[10.0, 10.0], [900.0, 10.0]], "points must lie between -280 and 560"),
        ("pressures", [0.5, 1.5], "pressures must lie between 0 and 1"),
        ("width", 500.0, "width must be above 0 and at most 200"),
        ("erase", "yes", "erase flag must be true or false"),
    ],
)
def test_a_stroke_a_lesson_refuses_is_refused_by_the_personal_set_too(
    tmp_path: Path, field: str, value: object, reason: str
) -> None:
    kept_stroke = Stroke.from_points([(10, 10), (30, 10)], 18.0)
    # The lesson reader refuses the stroke with this one value changed...
    lesson = lesson_to_json(Lesson(drawing=LessonDrawing(None, (kept_stroke,))))
    lesson["drawing"]["strokes"][0][field] = value
    with pytest.raises(LessonError, match=reason):
        lesson_from_json(lesson, has_model=False)
    # ...and so does the personal set, reading a kept digit's file holding the same stroke.
    personal = PersonalSet(tmp_path)
    digit = personal.add(np.eye(28), 3, (kept_stroke,))
    path = tmp_path / f"{digit.id}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["strokes"][0][field] = value
    path.write_text(json.dumps(record), encoding="utf-8")
    listing = personal.load()
    assert listing.digits == ()
    assert len(listing.problems) == 1
    assert path.name in listing.problems[0] and reason in listing.problems[0]


def test_a_stroke_the_reader_would_refuse_is_never_kept(tmp_path: Path) -> None:
    dragged = Stroke.from_points([(10, 10), (900, 10)], 18.0)
    with pytest.raises(DataError, match="points must lie between -280 and 560"):
        PersonalSet(tmp_path).add(np.eye(28), 3, (dragged,))
    assert list(tmp_path.glob("*.json")) == []


# --------------------------------------------------------------------------- IDX export


def test_the_export_is_read_back_by_the_apps_data_loader(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 23)
    listing = personal.load()
    summary = export_idx(listing, tmp_path / "export")
    assert sorted(path.name for path in summary.files.values()) == sorted(
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]
        + ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    )
    data = load_dataset("mnist", tmp_path / "export", download=False)
    images, labels = listing.arrays()
    for split in (data.train, data.test):  # holdout 0: every digit in both
        np.testing.assert_array_equal(split.images.numpy(), images)
        assert split.labels.tolist() == labels.tolist()
    # The file's bytes, read independently: MNIST's magic number, then the sizes.
    raw = (tmp_path / "export" / "t10k-images-idx3-ubyte").read_bytes()
    assert raw[:4] == bytes([0, 0, 8, 3])
    assert [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(3)] == [23, 28, 28]
    assert len(raw) == 16 + 23 * 784


def test_a_holdout_keeps_the_newest_of_each_label_for_testing(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 30)  # three of each label
    listing = personal.load()
    summary = export_idx(listing, tmp_path / "export", holdout=0.34)
    assert (summary.train_count, summary.test_count) == (20, 10)
    data = load_dataset("mnist", tmp_path / "export", download=False)
    assert sorted(data.test.labels.tolist()) == list(range(10))
    images, _ = listing.arrays()
    newest = [max(i for i in range(30) if i % 10 == label) for label in range(10)]
    np.testing.assert_array_equal(data.test.images.numpy(), images[newest])


def test_exporting_nothing_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no kept digits"):
        export_idx(PersonalListing((), ()), tmp_path)


def test_lstm_gui_evaluate_reads_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 20, seed=3, turn_deg=40.0)
    export_idx(personal.load(), tmp_path / "export")
    status = cli_main(
        ["evaluate", "--checkpoint", str(bundled_model_path())]
        + ["--data-dir", str(tmp_path / "export"), "--no-download", "--json"]
    )
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    assert report["samples"] == 20
    images, labels = personal.load().arrays()
    predicted = Predictor.bundled().probabilities(images.astype(np.float32) / 255).argmax(axis=1)
    assert report["acc"] == pytest.approx(float((predicted == labels).mean()))
    confusion = np.zeros((10, 10), int)
    np.add.at(confusion, (labels, predicted), 1)
    assert report["confusion"] == confusion.tolist()


@pytest.mark.slow
def test_lstm_gui_train_and_the_exported_script_read_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 20)
    export = tmp_path / "export"
    export_idx(personal.load(), export)
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_gui", "train", "--data-dir", str(export), "--no-download"]
        + ["--epochs", "1", "--hidden", "8", "--threads", "1"]
        + ["--output", str(tmp_path / "run" / "latest.safetensors")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Epoch 1/1" in completed.stdout
    trained = load_checkpoint(tmp_path / "run" / "latest.safetensors")
    assert trained.epochs_done == 1

    model_config = TrainConfig().model_config(hidden_size=8)
    script = training_script(model_config, TrainConfig(epochs=1, torch_threads=1), download=False)
    path = save_training_script(tmp_path / "train.py", script)
    monkeypatch.setattr(sys, "argv", [str(path), "--data-dir", str(export)])
    runpy.run_path(str(path), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Training on 20 images, on cpu."
    assert lines[-1].startswith("acc: ")


# --------------------------------------------------------------------------- fine-tuning


@pytest.fixture(scope="module")
def small_model(digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Checkpoint:
    """An LSTM(24) trained three epochs on the drawn digits: it reads upright digits, not turned."""
    train = TrainConfig(epochs=3, batch_size=32, lr=3e-3, torch_threads=1)
    plan = plan_new_run(
        train.model_config(hidden_size=24), train, runs_root=tmp_path_factory.mktemp("runs")
    )
    run = prepare_run(plan, data_dir=digits_dir, download=False)
    for _ in run.records():
        pass
    return load_checkpoint(plan.paths.latest)


def test_fine_tuning_adapts_to_my_digits_and_reports_before_and_after(
    small_model: Checkpoint, digits: DatasetSplits, tmp_path: Path
) -> None:
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 30, seed=1, turn_deg=45.0)
    mine = personal_image_set(*personal.load().arrays())
    records = list(
        fine_tune(small_model, mine, digits.train, digits.test, FineTuneSettings(steps=80, lr=3e-3))
    )
    before, *steps, result = records
    assert isinstance(before, FineTuneBefore) and isinstance(result, FineTuneResult)
    assert [step.step for step in steps if isinstance(step, FineTuneStep)] == list(range(1, 81))
    # Before: what the model says on its own, computed independently through the Predictor.
    predictor = Predictor(small_model)
    predicted = predictor.probabilities(mine.images.numpy() / 255).argmax(axis=1)
    assert before.personal.acc == pytest.approx(float((predicted == mine.labels.numpy()).mean()))
    assert before.personal.confusion.sum() == 30 and before.mnist.samples == len(digits.test)
    assert result.before is before and result.steps_done == 80 and not result.stopped
    assert result.personal.acc >= before.personal.acc + 0.2, (before.personal.acc, result)
    # After: the returned weights give the accuracy reported.
    tuned = Checkpoint(small_model.model_config, small_model.train_config, result.state_dict)
    assert evaluate_on(tuned, mine).acc == pytest.approx(result.personal.acc)
    assert evaluate_on(tuned, digits.test).acc == pytest.approx(result.mnist.acc)


def test_a_stopped_fine_tune_still_measures_after(
    small_model: Checkpoint, digits: DatasetSplits, tmp_path: Path
) -> None:
    personal = PersonalSet(tmp_path)
    keep_drawn_digits(personal, 10)
    control = TrainingControl()
    records = []
    for record in fine_tune(
        small_model,
        personal_image_set(*personal.load().arrays()),
        digits.train,
        digits.test.head(50),
        FineTuneSettings(steps=50),
        control,
    ):
        records.append(record)
        if isinstance(record, FineTuneStep) and record.step == 3:
            control.stop()
    result = records[-1]
    assert isinstance(result, FineTuneResult)
    assert result.steps_done == 3 and result.stopped and result.mnist.samples == 50
    assert not result.mnist_is_full_test_set


def test_the_fine_tuned_model_is_a_new_run_and_the_original_is_untouched(
    small_model: Checkpoint, digits: DatasetSplits, tmp_path: Path
) -> None:
    original = tmp_path / "original.safetensors"
    from lstm_gui.core.run.checkpoint import save_checkpoint

    save_checkpoint(original, small_model)
    before_bytes = original.read_bytes()
    personal = PersonalSet(tmp_path / "mine")
    keep_drawn_digits(personal, 10)
    *_, result = fine_tune(
        load_checkpoint(original),
        personal_image_set(*personal.load().arrays()),
        digits.train,
        digits.test,
        FineTuneSettings(steps=5),
    )
    assert isinstance(result, FineTuneResult)
    path = save_fine_tuned(load_checkpoint(original), result, 10, tmp_path / "runs")
    assert original.read_bytes() == before_bytes
    run = read_run(path.parent)
    assert run.name.endswith("fine-tuned on 10 of my digits")
    assert run.best_val_acc is None  # 200 drawn test digits are not the whole test set
    saved = load_checkpoint(path)
    for name, tensor in result.state_dict.items():
        assert torch.equal(saved.state_dict[name], tensor)


def test_fine_tuning_a_model_of_another_dataset_is_refused(
    small_model: Checkpoint, digits: DatasetSplits
) -> None:
    from dataclasses import replace

    fashion = replace(
        small_model, train_config=replace(small_model.train_config, dataset="fashion-mnist")
    )
    with pytest.raises(DataError, match="MNIST's digits"):
        next(fine_tune(fashion, digits.test.head(5), digits.train, digits.test))
