"""Install the desktop launcher (.desktop entry, hicolor icons, AppStream metainfo) for one user.

Files go under `${XDG_DATA_HOME:-~/.local/share}` (user mode only: nothing is written outside
the user's own data folder, whoever runs it). The launcher starts the executable that installs
it: the PyInstaller bundle when frozen, else the installed `lstm-gui` entry point.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.resources import APP_ID, resource_path

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
# The lesson files' MIME type (shared-mime-info), so that a double-click opens one in lstm-gui.
MIME_SOURCE = f"{APP_ID}.lesson-mime.xml"
LESSON_MIME_TYPE = "application/x-lstm-gui-lesson"
ICON_SOURCE = "icons/lstm-gui.svg"
ICON_THEME = "icons/hicolor"
ENTRY_POINT = "lstm-gui"
# Characters that oblige an Exec argument to be quoted (freedesktop Desktop Entry spec).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """The user's XDG data folder: $XDG_DATA_HOME, or ~/.local/share when unset or relative."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command the launcher runs: this bundle's executable, or the installed entry point."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    # The console script beside this interpreter (a venv's bin/), or on PATH.
    beside = Path(sys.executable).parent / ENTRY_POINT
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside.absolute())]
    found = shutil.which(ENTRY_POINT)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "lstm_gui"]


def quote_exec_argument(argument: str) -> str:
    """Quote one argument for an Exec key (the spec's quoting, before string escaping)."""
    if argument and not _RESERVED.intersection(argument):
        return argument.replace("%", "%%")
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def exec_value(command: list[str]) -> str:
    """The Exec key's value, escaped as a desktop file string (backslashes doubled)."""
    return " ".join(quote_exec_argument(arg) for arg in command).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The shipped .desktop entry with Exec (and TryExec) pointing at `command`."""
    template = resource_path(DESKTOP_FILE).read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("TryExec="):
            continue
        if line.startswith("Exec="):
            # %f: the file a double-click opens (a lesson), or nothing from the menu.
            line = f"Exec={exec_value(command)} %f"
            if len(command) == 1:  # menus hide the entry once the executable is gone
                line = f"TryExec={command[0].replace(chr(92), chr(92) * 2)}\n{line}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LauncherFiles:
    """Where the launcher's files go under one XDG data folder."""

    root: Path

    @property
    def desktop(self) -> Path:
        """The .desktop entry."""
        return self.root / "applications" / DESKTOP_FILE

    @property
    def metainfo(self) -> Path:
        """The AppStream metainfo."""
        return self.root / "metainfo" / METAINFO_FILE

    @property
    def scalable_icon(self) -> Path:
        """The SVG icon."""
        return self.root / ICON_THEME / "scalable" / "apps" / f"{APP_ID}.svg"

    @property
    def mime(self) -> Path:
        """The lesson files' MIME type, where update-mime-database looks for packages."""
        return self.root / "mime" / "packages" / f"{APP_ID}.xml"

    def png_icons(self) -> dict[Path, Path]:
        """Installed PNG icon -> shipped PNG, one per size shipped in resources/."""
        shipped = resource_path(ICON_THEME)
        return {
            self.root / ICON_THEME / png.relative_to(shipped): png
            for png in sorted(shipped.glob(f"*/apps/{APP_ID}.png"))
        }

    def all(self) -> list[Path]:
        """Every file the launcher installs."""
        return [self.desktop, self.metainfo, self.mime, self.scalable_icon, *self.png_icons()]


def install_launcher(root: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Install the launcher for this user; returns the files written."""
    files = LauncherFiles(root or data_home())
    command = command or launch_command()
    copies = {files.metainfo: resource_path(METAINFO_FILE), files.mime: resource_path(MIME_SOURCE)}
    copies[files.scalable_icon] = resource_path(ICON_SOURCE)
    copies.update(files.png_icons())
    try:
        for target, source in copies.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        files.desktop.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(files.desktop, desktop_entry(command))
    except OSError as exc:
        raise LstmGuiError(
            f"Cannot install the launcher in {files.root} ({exc.strerror or exc})."
        ) from None
    _refresh_caches(files.root)
    return [files.desktop, *copies]


def uninstall_launcher(root: Path | None = None) -> list[Path]:
    """Remove what install_launcher() wrote; returns the files removed."""
    files = LauncherFiles(root or data_home())
    removed = []
    try:
        for path in files.all():
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
    except OSError as exc:
        raise LstmGuiError(
            f"Cannot remove the launcher from {files.root} ({exc.strerror or exc})."
        ) from None
    if removed:
        _refresh_caches(files.root)
    return removed


def _write_atomically(path: Path, text: str) -> None:
    # A desktop file watched by the menu is never seen half-written.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o755)  # some desktops only trust executable launchers
    temporary.replace(path)


def _refresh_caches(root: Path) -> None:
    """Tell the desktop about the change where its cache tools exist; never required."""
    commands = []
    if shutil.which("update-desktop-database"):
        commands.append(["update-desktop-database", "-q", str(root / "applications")])
    if shutil.which("update-mime-database"):
        commands.append(["update-mime-database", str(root / "mime")])
    theme = root / ICON_THEME
    # Only refresh an icon cache someone already keeps: creating one where the theme has no
    # index.theme would hide icons installed later by other apps.
    if shutil.which("gtk-update-icon-cache") and (theme / "index.theme").is_file():
        commands.append(["gtk-update-icon-cache", "-q", "-f", str(theme)])
    for command in commands:
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            pass  # a stale cache only delays the menu; the files are in place
