"""Qt translations: compile the .ts sources to .qm, choose the language, install translators.

`python -m lstm_gui.gui.translations` compiles every resources/translations/*.ts beside it
(the run script, CI and the PyInstaller build call it; .qm files are not kept in git).
`python -m lstm_gui.gui.translations --update` first refreshes lstm_gui_zh_CN.ts from every
module with pyside6-lupdate (new strings arrive untranslated; translate them in the .ts).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from lstm_gui.resources import resource_path

SOURCE_LANGUAGE = "en"
# Languages offered in the Language menu, by locale name; the names are shown untranslated
# so that a person can find their own language in a UI they cannot read.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
LANGUAGE_KEY = "ui/language"  # QSettings key; empty or absent: follow the system


def translations_dir() -> Path:
    """The folder holding the .ts sources and the compiled .qm files."""
    return resource_path("translations")


# One catalogue per language, extracted by lupdate from every module of the package (so a new
# module's strings are picked up without a list to keep).
CATALOGUE = "lstm_gui_zh_CN.ts"


def catalogue_sources() -> list[Path]:
    """Every Python module of lstm_gui, in a stable order: what lupdate reads strings from."""
    package = Path(__file__).resolve().parents[1]
    return sorted(package.rglob("*.py"))


def find_qt_tool(name: str) -> Path | None:
    """Qt's lrelease or lupdate: PySide6's wrapper beside this Python, or PySide6's binary."""
    import PySide6

    package = Path(PySide6.__file__).parent
    candidates = [
        Path(sys.executable).parent / f"pyside6-{name}",
        package / name,
        package / f"{name}.exe",
        package / "Qt" / "bin" / name,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    return Path(found) if found else None


def find_lrelease() -> Path | None:
    """Qt's lrelease, which compiles .ts to .qm."""
    return find_qt_tool("lrelease")


def update_catalogue(folder: Path | None = None) -> Path:
    """Refresh the app's .ts from its sources with lupdate, keeping existing translations."""
    folder = folder or translations_dir()
    lupdate = find_qt_tool("lupdate")
    if lupdate is None:
        raise RuntimeError("Qt's lupdate was not found; install PySide6 (pip install PySide6).")
    sources = [str(path) for path in catalogue_sources()]
    target = folder / CATALOGUE
    known = _finished_translations(target) if target.is_file() else {}
    subprocess.run(
        [
            str(lupdate),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    _carry_over(target, known)
    return target


def _finished_translations(catalogue: Path) -> dict[str, str]:
    """Source text -> translation of every finished message, whatever its class."""
    known = {}
    for message in ElementTree.parse(catalogue).getroot().iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if source is None or translation is None or translation.get("type"):
            continue
        if source.text and translation.text:
            known[source.text] = translation.text
    return known


def _carry_over(catalogue: Path, known: dict[str, str]) -> None:
    """Translate strings that moved to another class with their earlier translation.

    lupdate keys messages by class; without this, moving a widget into its own module would
    throw its translations away.
    """
    tree = ElementTree.parse(catalogue)
    changed = False
    for message in tree.getroot().iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if source is None or translation is None or translation.get("type") != "unfinished":
            continue
        if source.text in known:
            translation.text = known[source.text]
            del translation.attrib["type"]
            changed = True
    if changed:
        tree.write(catalogue, encoding="utf-8", xml_declaration=True)


def untranslated(catalogue: Path | None = None) -> list[str]:
    """The source texts still waiting for a translation."""
    catalogue = catalogue or translations_dir() / CATALOGUE
    return [
        message.findtext("source", "")
        for message in ElementTree.parse(catalogue).getroot().iter("message")
        if (translation := message.find("translation")) is not None
        and translation.get("type") == "unfinished"
    ]


def compile_translations(folder: Path | None = None, output: Path | None = None) -> list[Path]:
    """Compile every *.ts in `folder` to a .qm in `output` (default: beside it); returns them."""
    folder = folder or translations_dir()
    output = output or folder
    lrelease = find_lrelease()
    if lrelease is None:
        raise RuntimeError("Qt's lrelease was not found; install PySide6 (pip install PySide6).")
    output.mkdir(parents=True, exist_ok=True)
    compiled = []
    for source in sorted(folder.glob("*.ts")):
        target = output / f"{source.stem}.qm"
        subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(target)],
            check=True,
            capture_output=True,
        )
        compiled.append(target)
    return compiled


def system_language() -> str:
    """The offered language closest to the system's UI languages (English when none is)."""
    for name in QLocale.system().uiLanguages():
        normalized = name.replace("-", "_")
        # Simplified Chinese in any region spelling: zh_CN, zh_Hans, zh_Hans_CN, zh_SG.
        if normalized in ("zh", "zh_CN", "zh_SG") or normalized.startswith("zh_Hans"):
            return "zh_CN"
        if normalized.startswith("en"):
            return "en"
    return SOURCE_LANGUAGE


def chosen_language(settings: QSettings) -> str:
    """The language stored in the settings, or the system's when none was chosen."""
    stored = str(settings.value(LANGUAGE_KEY, "") or "")
    return stored if stored in LANGUAGES else system_language()


def install_translators(
    app: QCoreApplication, language: str, folder: Path | None = None
) -> list[QTranslator]:
    """Install a translator for every `*_<language>.qm` in `folder` and Qt's own qtbase.

    Returns the installed translators; keep them alive, and pass them to remove_translators()
    to switch back. English, the source language, installs none.
    """
    if language == SOURCE_LANGUAGE:
        return []
    folder = folder or translations_dir()
    files = sorted(folder.glob(f"*_{language}.qm"))
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    files += [path for path in [qt_folder / f"qtbase_{language}.qm"] if path.is_file()]
    installed = []
    for path in files:
        translator = QTranslator(app)
        if translator.load(str(path)) and app.installTranslator(translator):
            installed.append(translator)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo install_translators()."""
    for translator in translators:
        app.removeTranslator(translator)


def main(argv: list[str] | None = None) -> int:
    """Compile the translations (after `--update`: refresh the catalogue first)."""
    arguments = sys.argv[1:] if argv is None else argv
    try:
        if "--update" in arguments:
            sys.stdout.write(f"{update_catalogue()}\n")
            for source in untranslated():
                sys.stdout.write(f"untranslated: {source!r}\n")
        compiled = compile_translations()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        sys.stderr.write(f"error: cannot compile translations: {exc}\n")
        return 1
    for path in compiled:
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
