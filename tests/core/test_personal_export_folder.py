"""The personal set's export never replaces a dataset unasked; a damaged file never breaks it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from lstm_gui.core.errors import DataError
from lstm_gui.core.reading.personal_set import PersonalSet, export_idx, write_idx
from lstm_gui.core.run.data import IDX_FILES, default_download_root, load_dataset, user_data_dir

STAND_IN_TRAIN = 100
STAND_IN_TEST = 50


@pytest.fixture
def app_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user data folder (XDG) and $LSTM_GUI_DATA; returns the latter."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    env_root = tmp_path / "env-data"
    monkeypatch.setenv("LSTM_GUI_DATA", str(env_root))
    return env_root


def write_stand_in_mnist(folder: Path) -> dict[str, bytes]:
    """MNIST's four files gzipped as the download writes them (all label 7); their bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train_images": np.full((STAND_IN_TRAIN, 28, 28), 9, np.uint8),
        "train_labels": np.full(STAND_IN_TRAIN, 7, np.uint8),
        "test_images": np.full((STAND_IN_TEST, 28, 28), 9, np.uint8),
        "test_labels": np.full(STAND_IN_TEST, 7, np.uint8),
    }
    written = {}
    for role, stem in IDX_FILES.items():
        plain = write_idx(folder / stem, arrays[role])
        packed = folder / f"{stem}.gz"
        packed.write_bytes(gzip.compress(plain.read_bytes()))
        plain.unlink()
        written[packed.name] = packed.read_bytes()
    return written


def kept_set(tmp_path: Path) -> PersonalSet:
    personal = PersonalSet(tmp_path / "mine")
    for label in (0, 1, 2):
        personal.add(np.eye(28), label)
    return personal


def test_the_apps_data_folders_are_always_refused_and_mnist_stays_mnist(
    tmp_path: Path, app_folders: Path
) -> None:
    download_root = default_download_root()
    assert download_root.is_relative_to(tmp_path)  # the test's own folders, not the user's
    stand_in = write_stand_in_mnist(download_root / "MNIST" / "raw")
    listing = kept_set(tmp_path).load()
    link = tmp_path / "link-to-data"
    link.symlink_to(download_root)
    refused = [
        download_root,  # searched itself, for every dataset
        download_root / "MNIST" / "raw",  # torchvision's layout: the real files
        download_root / "fashion-mnist",
        user_data_dir(),
        user_data_dir() / "my_digits",
        app_folders,  # $LSTM_GUI_DATA, searched before the download root
        app_folders / "KMNIST",
        link,
    ]
    for folder in refused:
        for overwrite in (False, True):
            with pytest.raises(DataError, match="folder of its own") as caught:
                export_idx(listing, folder, overwrite=overwrite)
            assert str(caught.value).count(". ") == 0  # one sentence
    idx_names = [p.name for p in tmp_path.rglob("*idx*-ubyte*")]
    assert sorted(idx_names) == sorted(stand_in)  # nothing written anywhere
    data = load_dataset("mnist", download=False)
    assert (len(data.train), len(data.test)) == (STAND_IN_TRAIN, STAND_IN_TEST)
    for name, content in stand_in.items():
        assert (download_root / "MNIST" / "raw" / name).read_bytes() == content


def test_a_folder_holding_idx_files_is_replaced_only_when_asked_to(
    tmp_path: Path, app_folders: Path
) -> None:
    raw = tmp_path / "somewhere" / "MNIST" / "raw"  # a --data-dir copy of the real thing
    stand_in = write_stand_in_mnist(raw)
    (raw / "emnist-letters-mapping.txt").write_text("not IDX", encoding="utf-8")
    listing = kept_set(tmp_path).load()
    with pytest.raises(DataError, match="already holds IDX files") as caught:
        export_idx(listing, raw)
    assert "t10k-images-idx3-ubyte.gz" in str(caught.value)
    assert {p.name: p.read_bytes() for p in raw.glob("*.gz")} == stand_in
    assert not (raw / "train-images-idx3-ubyte").exists()

    export_idx(listing, raw, overwrite=True)
    assert len(load_dataset("mnist", raw, download=False).train) == 3  # uncompressed first


def test_a_new_folder_is_made_and_exporting_again_needs_overwrite(
    tmp_path: Path, app_folders: Path
) -> None:
    personal = kept_set(tmp_path)
    export = tmp_path / "exports" / "mine-idx"
    export_idx(personal.load(), export)
    assert load_dataset("mnist", export, download=False).test.labels.tolist() == [0, 1, 2]
    personal.add(np.eye(28), 3)
    with pytest.raises(DataError, match="already holds IDX files"):
        export_idx(personal.load(), export)
    export_idx(personal.load(), export, overwrite=True)
    assert load_dataset("mnist", export, download=False).test.labels.tolist() == [0, 1, 2, 3]


def test_a_file_nested_too_deeply_is_named_and_left_out(tmp_path: Path) -> None:
    personal = PersonalSet(tmp_path)
    good = personal.add(np.eye(28), 4)
    nested = tmp_path / "20200101-000000-000000-abcdef.json"
    nested.write_text("[" * 200_000, encoding="utf-8")
    deep_points = personal.add(np.eye(28), 5)
    deep_path = tmp_path / f"{deep_points.id}.json"
    record = json.loads(deep_path.read_text(encoding="utf-8"))
    record["strokes"] = [{"points": "DEEP", "pressures": [], "width": 1}]
    text = json.dumps(record).replace('"DEEP"', "[" * 900 + "]" * 900)  # JSON reads, numpy not
    deep_path.write_text(text, encoding="utf-8")

    listing = personal.load()
    assert [digit.id for digit in listing.digits] == [good.id]
    assert len(listing.problems) == 2
    assert nested.name in listing.problems[0] and "nested too deeply" in listing.problems[0]
    assert deep_path.name in listing.problems[1]
