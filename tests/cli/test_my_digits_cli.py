"""`lstm-gui my-digits list|export|fine-tune`: the personal set on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_gui.cli import main
from lstm_gui.core.reading.fine_tune import evaluate_on, personal_image_set
from lstm_gui.core.reading.personal_set import PersonalSet
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.data import load_dataset
from lstm_gui.resources import bundled_model_path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def kept(tmp_path: Path, digits_dir: Path) -> PersonalSet:
    """Twelve drawn test digits (labels 0-9, 0, 1) kept as a personal set."""
    test = load_dataset("mnist", digits_dir, download=False).test
    store = PersonalSet(tmp_path / "mine")
    for index in range(12):
        store.add(test.images[index].numpy(), int(test.labels[index]))
    return store


def test_list_counts_the_kept_digits_by_label(
    kept: PersonalSet, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(capsys, "my-digits", "list", "--folder", str(kept.folder))
    assert status == 0
    assert out.strip() == (
        f"12 kept digits in {kept.folder} "
        "(0: 2, 1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1)"
    )


def test_export_then_evaluate_reads_every_kept_digit(
    kept: PersonalSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "idx"
    status, out, _ = run_cli(
        capsys, "my-digits", "export", str(out_dir), "--folder", str(kept.folder)
    )
    assert status == 0 and "Wrote 12 training and 12 test digits" in out
    status, out, _ = run_cli(
        capsys,
        "evaluate",
        "--checkpoint",
        str(bundled_model_path()),
        "--data-dir",
        str(out_dir),
        "--no-download",
        "--json",
    )
    assert status == 0
    report = json.loads(out)
    expected = evaluate_on(
        load_checkpoint(bundled_model_path()), personal_image_set(*kept.load().arrays())
    )
    assert report["samples"] == 12 and report["acc"] == pytest.approx(expected.acc)


def test_export_with_a_holdout_splits_by_label(
    kept: PersonalSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(
        capsys, "my-digits", "export", str(tmp_path / "idx"), "--folder", str(kept.folder),
        "--holdout", "0.5",
    )  # fmt: skip
    assert status == 0 and "Wrote 10 training and 2 test digits" in out  # the two 0s and 1s
    data = load_dataset("mnist", tmp_path / "idx", download=False)
    assert sorted(data.test.labels.tolist()) == [0, 1]


def test_export_of_nothing_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run_cli(
        capsys, "my-digits", "export", str(tmp_path / "idx"), "--folder", str(tmp_path)
    )
    assert status == 1
    assert err == "error: There are no kept digits to export; draw some and keep them first.\n"


def test_a_bad_holdout_is_one_error_line(
    kept: PersonalSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run_cli(
        capsys, "my-digits", "export", str(tmp_path / "idx"), "--folder", str(kept.folder),
        "--holdout", "1.5",
    )  # fmt: skip
    assert status == 1
    assert err == "error: The held-out share must be at least 0 and below 1, not 1.5.\n"


def test_fine_tune_reports_before_and_after_and_saves_a_new_run(
    kept: PersonalSet, tmp_path: Path, digits_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "my-digits", "fine-tune", "--folder", str(kept.folder), "--steps", "4",
        "--data-dir", str(digits_dir), "--runs-dir", str(tmp_path / "runs"), "--json",
    )  # fmt: skip
    assert status == 0, err
    report = json.loads(out)
    assert report["steps"] == 4 and report["my_digits"] == 12
    assert report["mnist_test_digits"] == 200  # the drawn stand-in's whole test set
    images, labels = kept.load().arrays()
    mine = personal_image_set(images, labels)
    before = evaluate_on(load_checkpoint(bundled_model_path()), mine)
    after = evaluate_on(load_checkpoint(report["saved"]), mine)
    assert report["my_digits_acc_before"] == pytest.approx(before.acc)
    assert report["my_digits_acc_after"] == pytest.approx(after.acc)
    assert Path(report["saved"]).parent.parent == tmp_path / "runs"
    assert np.isfinite(report["mnist_acc_after"])


def test_export_refuses_the_apps_data_folder_and_idx_files_unless_forced(
    kept: PersonalSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("LSTM_GUI_DATA", raising=False)
    data_folder = tmp_path / "xdg" / "lstm-gui" / "data"
    for forced in ((), ("--force",)):
        status, out, err = run_cli(
            capsys, "my-digits", "export", str(data_folder), "--folder", str(kept.folder), *forced
        )
        assert (status, out) == (1, "")
        assert err.startswith(f"error: {data_folder} is a folder lstm-gui reads datasets")
        assert err.count("\n") == 1
    assert not data_folder.exists()

    out_dir = tmp_path / "idx"
    assert (
        run_cli(capsys, "my-digits", "export", str(out_dir), "--folder", str(kept.folder))[0] == 0
    )
    kept.add(np.eye(28), 3)
    status, _, err = run_cli(
        capsys, "my-digits", "export", str(out_dir), "--folder", str(kept.folder)
    )
    assert status == 1 and "add --force to replace them" in err and err.count("\n") == 1
    assert len(load_dataset("mnist", out_dir, download=False).train) == 12  # untouched
    status, out, _ = run_cli(
        capsys, "my-digits", "export", str(out_dir), "--folder", str(kept.folder), "--force"
    )
    assert status == 0 and "Wrote 13 training and 13 test digits" in out
    assert load_dataset("mnist", out_dir, download=False).test.labels.tolist()[-1] == 3


def test_a_file_nested_too_deeply_is_a_warning_not_a_traceback(
    kept: PersonalSet, capsys: pytest.CaptureFixture[str]
) -> None:
    (kept.folder / "20200101-000000-000000-abcdef.json").write_text("[" * 200_000, "utf-8")
    status, out, _ = run_cli(capsys, "my-digits", "list", "--folder", str(kept.folder))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("warning: The kept digit 20200101-000000-000000-abcdef.json")
    assert lines[1].startswith("12 kept digits")
