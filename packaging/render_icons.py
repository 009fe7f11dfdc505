"""Render resources/icons/lstm-gui.svg to the hicolor PNG sizes: `python packaging/render_icons.py`.

The PNGs are committed (a desktop without an SVG loader still shows the icon), so run this
after changing the SVG. It needs PySide6 (QtSvg) and no display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.resources import APP_ID  # noqa: E402

SOURCE = REPO_ROOT / "resources" / "icons" / "lstm-gui.svg"
HICOLOR = REPO_ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    """Where the PNG of one size lives, laid out as the hicolor theme wants it."""
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int) -> Path:
    """Render the SVG at `size` pixels square into its hicolor folder."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"error: {SOURCE} is not a valid SVG.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    target = png_path(size)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"error: cannot write {target}.")
    return target


def main() -> int:
    """Render every size; prints the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts, image I/O
    for size in SIZES:
        sys.stdout.write(f"{render(size).relative_to(REPO_ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
