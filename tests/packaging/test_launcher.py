"""The desktop launcher: shipped files pass the freedesktop validators, install and uninstall."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from lstm_gui import __version__
from lstm_gui.cli import main
from lstm_gui.launcher import (
    LauncherFiles,
    desktop_entry,
    exec_value,
    install_launcher,
    launch_command,
    uninstall_launcher,
)
from lstm_gui.resources import APP_ID, resource_path

REPO_ROOT = Path(__file__).resolve().parents[2]
DESKTOP = resource_path(f"{APP_ID}.desktop")
METAINFO = resource_path(f"{APP_ID}.metainfo.xml")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils / appstream)")
    return path


def desktop_file_validate(path: Path) -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary XDG_DATA_HOME, so nothing reaches the real menu."""
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


# --------------------------------------------------------------------------- shipped files


def test_shipped_desktop_file_passes_desktop_file_validate() -> None:
    desktop_file_validate(DESKTOP)


def test_shipped_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_app_id_names_the_desktop_file_icon_metainfo_and_launchable() -> None:
    entry = read_desktop(DESKTOP)
    assert entry["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("provides/binary").text == "lstm-gui"  # type: ignore[union-attr]


def test_metainfo_lists_this_release_and_the_changelog_describes_it() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases[0].get("version") == __version__  # newest first, as AppStream wants
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog


def test_icons_are_an_svg_and_square_pngs_of_every_hicolor_size() -> None:
    svg = ET.parse(resource_path("icons/lstm-gui.svg")).getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 512 512"
    for size in ICON_SIZES:
        png = resource_path(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
        with Image.open(png) as image:
            assert image.size == (size, size), png
            assert image.mode == "RGBA", png  # rounded corners need transparency


# --------------------------------------------------------------------------- Exec line


def test_exec_value_quotes_paths_with_spaces_and_escapes_reserved_characters() -> None:
    assert exec_value(["/opt/lstm-gui/lstm-gui"]) == "/opt/lstm-gui/lstm-gui"
    assert exec_value(["/home/a b/lstm-gui"]) == '"/home/a b/lstm-gui"'
    # `$` is escaped for the Exec syntax, and that backslash doubled for the string syntax.
    assert exec_value(["/x/$HOME/lstm-gui"]) == '"/x/\\\\$HOME/lstm-gui"'
    assert exec_value(["/x/100%/lstm-gui"]) == "/x/100%%/lstm-gui"


def test_desktop_entry_for_a_path_with_spaces_still_validates(tmp_path: Path) -> None:
    entry = tmp_path / f"{APP_ID}.desktop"
    entry.write_text(desktop_entry(["/home/Jane Doe/My Apps/lstm-gui/lstm-gui"]))
    desktop_file_validate(entry)
    values = read_desktop(entry)
    assert values["Exec"] == '"/home/Jane Doe/My Apps/lstm-gui/lstm-gui" %f'
    assert values["TryExec"] == "/home/Jane Doe/My Apps/lstm-gui/lstm-gui"


def test_launch_command_is_the_installed_entry_point_beside_this_python() -> None:
    command = launch_command()
    expected = Path(sys.executable).parent / "lstm-gui"
    if expected.is_file():
        assert command == [str(expected.absolute())]
    else:  # not installed with its console script: fall back on the module
        assert command[-2:] == ["-m", "lstm_gui"] or Path(command[0]).name == "lstm-gui"


def test_launch_command_of_a_bundle_is_its_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executable = tmp_path / "dist" / "lstm-gui" / "lstm-gui"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    assert launch_command() == [str(executable)]


# --------------------------------------------------------------------------- install


def test_install_launcher_writes_valid_files_pointing_at_this_app(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-launcher"]) == 0
    files = LauncherFiles(data_home)
    assert files.desktop.is_file() and files.metainfo.is_file() and files.scalable_icon.is_file()
    desktop_file_validate(files.desktop)
    entry = read_desktop(files.desktop)
    assert entry["Exec"] == exec_value(launch_command()) + " %f"
    assert entry["Icon"] == APP_ID
    for size in ICON_SIZES:
        assert (data_home / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert files.metainfo.read_bytes() == METAINFO.read_bytes()
    printed = capsys.readouterr().out
    assert str(files.desktop) in printed and "runs:" in printed


def test_installing_twice_replaces_the_files(data_home: Path) -> None:
    first = install_launcher(command=["/old/lstm-gui"])
    second = install_launcher(command=["/new/lstm-gui"])
    assert first == second
    assert read_desktop(LauncherFiles(data_home).desktop)["Exec"] == "/new/lstm-gui %f"


def test_a_bundle_installs_a_launcher_for_its_own_executable(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executable = data_home.parent / "Downloads" / "lstm-gui" / "lstm-gui"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    install_launcher()
    entry = read_desktop(LauncherFiles(data_home).desktop)
    assert entry["Exec"] == f"{executable} %f"
    assert entry["TryExec"] == str(executable)


def test_uninstall_launcher_removes_every_installed_file(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    installed = install_launcher()
    assert all(path.is_file() for path in installed)
    assert main(["uninstall-launcher"]) == 0
    assert not any(path.exists() for path in installed)
    assert f"  {LauncherFiles(data_home).desktop}" in capsys.readouterr().out
    # Nothing else of ours is left behind (caches of the desktop's tools may be).
    leftovers = [p for p in data_home.rglob("*") if p.is_file() and APP_ID in p.name]
    assert leftovers == []


def test_uninstall_without_a_launcher_says_so(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["uninstall-launcher"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_an_unwritable_data_folder_is_one_error_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["install-launcher"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: Cannot install the launcher in ") and error.count("\n") == 1


# --------------------------------------------------------------------------- lesson files


def test_the_launcher_registers_lesson_files_and_opens_them(data_home: Path) -> None:
    install_launcher(command=["/opt/lstm-gui/lstm-gui"])
    files = LauncherFiles(data_home)
    entry = read_desktop(files.desktop)
    assert entry["Exec"] == "/opt/lstm-gui/lstm-gui %f"  # the double-clicked file
    assert entry["MimeType"] == "application/x-lstm-gui-lesson;"
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime_type = ET.parse(files.mime).getroot().find("m:mime-type", namespace)
    assert mime_type is not None and mime_type.get("type") == "application/x-lstm-gui-lesson"
    globs = [glob.get("pattern") for glob in mime_type.findall("m:glob", namespace)]
    assert globs == ["*.lstm-lesson"]
    if shutil.which("update-mime-database"):  # the desktop's database now knows the type
        globs2 = (data_home / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-lstm-gui-lesson:*.lstm-lesson" in globs2
    uninstall_launcher()
    assert not files.mime.exists()
    if shutil.which("update-mime-database"):
        assert "lstm-lesson" not in (data_home / "mime" / "globs2").read_text(encoding="utf-8")
