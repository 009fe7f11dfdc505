"""PySide6 and pyqtgraph widgets that show core objects."""
