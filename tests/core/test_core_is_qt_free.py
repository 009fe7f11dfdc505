"""The ground floor stays Qt-free: core imports neither Qt nor (until a download) torchvision."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import lstm_gui.core

CORE_DIR = Path(lstm_gui.core.__file__).resolve().parent
REPO_ROOT = CORE_DIR.parents[1]
QT_PACKAGES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy")

IMPORT_CORE = """
import json, sys
import lstm_gui.core.run.training, lstm_gui.core.run.checkpoint
import lstm_gui.core.run.data, lstm_gui.core.run.model
qt = sorted(m for m in sys.modules if m.split(".")[0] in {qt_packages!r})
print(json.dumps({{"qt": qt, "torchvision": "torchvision" in sys.modules}}))
"""


def test_importing_core_loads_no_qt_and_no_torchvision() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    code = IMPORT_CORE.format(qt_packages=set(QT_PACKAGES))

    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert loaded["qt"] == []
    # torchvision is only imported when a dataset is downloaded; the CPU build may lack it.
    assert loaded["torchvision"] is False


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt_or_the_gui() -> None:
    sources = sorted(CORE_DIR.rglob("*.py"))
    assert {p.name for p in sources} >= {"config.py", "data.py", "model.py", "training.py"}

    offenders = {
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in sources
        for name in imported_modules(path)
        if name.split(".")[0] in QT_PACKAGES or name.startswith("lstm_gui.gui")
    }

    assert offenders == set()


def test_the_static_check_would_catch_a_qt_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from PySide6.QtCore import QObject\nimport pyqtgraph as pg\n")

    assert imported_modules(module) == {"PySide6.QtCore", "pyqtgraph"}
