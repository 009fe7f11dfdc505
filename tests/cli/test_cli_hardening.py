"""Disk full, read-only folders, a run folder deleted mid-run: one sentence, exit 1, no debris.

Tests run as root, which ignores permission bits, so a read-only folder is a read-only tmpfs
mount (skipped where mounting is not allowed) or a write that raises EROFS; a full disk is a
tiny tmpfs, or safetensors' own ENOSPC error raised by a patched writer.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from safetensors import SafetensorError

from lstm_gui import cli
from lstm_gui.cli import main
from lstm_gui.core.run import checkpoint as checkpoint_module
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.curve_file import CurveLog

TINY = ["--hidden", "4", "--threads", "1", "--no-download"]


def train(capsys: pytest.CaptureFixture[str], data: Path, output: Path, *extra: str):
    status = main(["train", "--data-dir", str(data), "--output", str(output), *TINY, *extra])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def fail_on_call(monkeypatch: pytest.MonkeyPatch, number: int, error: BaseException) -> None:
    """The number-th checkpoint write fails as the disk would (earlier ones succeed)."""
    real = checkpoint_module.save_file
    calls = []

    def save_file(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) >= number:
            raise error
        real(*args, **kwargs)

    monkeypatch.setattr(checkpoint_module, "save_file", save_file)


def test_disk_full_names_the_cause_and_the_last_good_checkpoint(
    capsys: pytest.CaptureFixture[str], fake_mnist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Epoch 1 saves latest and best; epoch 2's latest meets a full disk.
    full = SafetensorError(
        "Error while serializing: I/O error: No space left on device (os error 28)"
    )
    fail_on_call(monkeypatch, 3, full)
    latest = tmp_path / "run" / "latest.safetensors"
    status, _, err = train(capsys, fake_mnist.folder, latest, "--epochs", "3")
    assert status == 1
    assert err.strip().splitlines() == [
        f"error: Cannot save {latest}: the disk is full; the last good checkpoint is {latest}."
    ]
    assert load_checkpoint(latest).epochs_done == 1  # the previous save is intact
    assert leftovers(latest.parent) == []


@pytest.mark.parametrize(
    ("code", "cause"),
    [(errno.EROFS, "the folder is read-only"), (errno.EACCES, "permission was denied")],
)
def test_read_only_folder_names_the_cause(
    capsys: pytest.CaptureFixture[str],
    fake_mnist,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    cause: str,
) -> None:
    fail_on_call(monkeypatch, 1, OSError(code, os.strerror(code)))
    latest = tmp_path / "run" / "latest.safetensors"
    status, _, err = train(capsys, fake_mnist.folder, latest, "--epochs", "1")
    assert status == 1
    assert err.strip() == (
        f"error: Cannot save {latest}: {cause}; no checkpoint of this run is on disk."
    )
    assert leftovers(latest.parent) == []


def train_meddled_with_after_epoch_1(
    capsys: pytest.CaptureFixture[str],
    fake_mnist,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    meddle: Callable[[], object],
) -> str:
    """Train 3 epochs into `folder`, calling `meddle` once epoch 1 is reported; stderr."""
    real_print_epoch = cli.print_epoch

    def print_epoch(record, *args: object) -> None:
        real_print_epoch(record, *args)
        if record.epoch == 1:
            meddle()

    monkeypatch.setattr(cli, "print_epoch", print_epoch)
    status, _, err = train(
        capsys, fake_mnist.folder, folder / "latest.safetensors", "--epochs", "3"
    )
    assert status == 1 and "Traceback" not in err
    return err.strip()


def test_run_folder_deleted_mid_run(
    capsys: pytest.CaptureFixture[str], fake_mnist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "run"
    # A person cleaning up while the run trains.
    err = train_meddled_with_after_epoch_1(
        capsys, fake_mnist, folder, monkeypatch, lambda: shutil.rmtree(folder)
    )
    assert err == (
        f"error: The run folder {folder} was deleted while the run was training; "
        "no checkpoint of this run is on disk."
    )


def test_another_run_started_in_the_same_folder_is_named_not_called_a_deletion(
    capsys: pytest.CaptureFixture[str], fake_mnist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "run"
    # A second run given the same --output folder starts its curve log.
    err = train_meddled_with_after_epoch_1(
        capsys, fake_mnist, folder, monkeypatch, lambda: CurveLog(folder).close()
    )
    assert err.startswith(
        f"error: Another run started in {folder} while this one was training and replaced its "
        "curves.csv; give each run its own folder; the last good checkpoint is "
    )


def test_checkpoints_and_curves_get_the_users_file_mode(
    capsys: pytest.CaptureFixture[str], fake_mnist, tmp_path: Path
) -> None:
    previous = os.umask(0o022)
    try:
        status, _, _ = train(
            capsys, fake_mnist.folder, tmp_path / "run" / "latest.safetensors", "--epochs", "1"
        )
    finally:
        os.umask(previous)
    assert status == 0
    modes = {
        name: stat.S_IMODE((tmp_path / "run" / name).stat().st_mode)
        for name in ("latest.safetensors", "best.safetensors", "curves.csv")
    }
    assert modes == {
        "latest.safetensors": 0o644,
        "best.safetensors": 0o644,
        "curves.csv": 0o644,
    }


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 200 KB tmpfs: room for the curves, not for a checkpoint (needs root and mount)."""
    mount_point = tmp_path / "tiny-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_really_full_disk(
    capsys: pytest.CaptureFixture[str], fake_mnist, tiny_disk: Path
) -> None:
    latest = tiny_disk / "run" / "latest.safetensors"
    status, _, err = train(capsys, fake_mnist.folder, latest, "--epochs", "2", "--hidden", "96")
    assert status == 1
    assert err.strip() == (
        f"error: Cannot save {latest}: the disk is full; no checkpoint of this run is on disk."
    )
    assert leftovers(latest.parent) == []


def test_a_really_read_only_folder(
    capsys: pytest.CaptureFixture[str], fake_mnist, tiny_disk: Path
) -> None:
    (tiny_disk / "run").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    latest = tiny_disk / "run" / "latest.safetensors"
    status, _, err = train(capsys, fake_mnist.folder, latest, "--epochs", "1")
    assert status == 1
    assert err.strip() == (
        f"error: Cannot save {tiny_disk / 'run' / 'curves.csv'}: the folder is read-only; "
        "no checkpoint of this run is on disk."
    )


def test_non_ascii_paths_on_the_command_line(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, tmp_path: Path
) -> None:
    data = shutil.copytree(digits_dir, tmp_path / "数据" / "手写数字")
    latest = tmp_path / "运行记录" / "第一次" / "latest.safetensors"
    status, out, err = train(
        capsys, data, latest, "--epochs", "1", "--train-limit", "56", "--test-limit", "28"
    )
    assert status == 0, err
    assert (latest.parent / "curves.csv").is_file() and load_checkpoint(latest).epochs_done == 1
    image = tmp_path / "图片" / "我的数字.png"
    image.parent.mkdir()
    from PIL import Image

    digit = Image.new("L", (28, 28), 0)
    digit.paste(255, (13, 4, 16, 24))  # a stroke: a 1
    digit.save(image)
    status = main(["predict", "--checkpoint", str(latest), "--json", str(image)])
    captured = capsys.readouterr()
    assert status == 0 and json.loads(captured.out)[0]["path"] == str(image)
    status = main(["evaluate", "--checkpoint", str(latest), "--data-dir", str(data), "--json"])
    assert status == 0 and '"samples": ' in capsys.readouterr().out


def test_data_replaced_or_removed_under_a_run(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, tmp_path: Path
) -> None:
    """Files changed under a run leave it alone; the next run says what is wrong.

    A run reads its data into memory at its start, so it completes; the next run that needs
    the damaged files gets one sentence, exit status 1.
    """
    from lstm_gui.core.config import TrainConfig
    from lstm_gui.core.run.progress import EpochResult, RunFinished, RunStatus
    from lstm_gui.core.run.session import plan_new_run, prepare_run

    data = shutil.copytree(digits_dir, tmp_path / "data")
    config = TrainConfig(epochs=2, train_limit=56, test_limit=28, device="cpu")
    plan = plan_new_run(config.model_config(hidden_size=4), config, output=tmp_path / "r" / "x")
    run = prepare_run(plan, data_dir=data, download=False)
    records = run.records()
    first_epoch = next(r for r in records if isinstance(r, EpochResult))
    for path in data.iterdir():  # replaced by garbage, then the images removed, mid-run
        path.write_bytes(b"not an IDX file")
    next(p for p in data.iterdir() if "images" in p.name).unlink()
    rest = list(records)
    assert first_epoch.epoch == 1
    assert isinstance(rest[-1], RunFinished) and rest[-1].status == RunStatus.COMPLETED
    status, _, err = train(capsys, data, tmp_path / "again" / "latest.safetensors")
    assert status == 1 and err.startswith("error: ") and err.count("\n") == 1
    assert "MNIST" in err and "Traceback" not in err
