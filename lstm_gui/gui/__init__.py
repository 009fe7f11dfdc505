"""PySide6 and pyqtgraph widgets that show core objects."""

# pyqtgraph uses whichever Qt binding is already imported: make it PySide6 for every module.
import PySide6.QtCore  # noqa: F401
