"""A page that builds its contents after the window's first paint, or when first needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

Built = TypeVar("Built", bound=QWidget)


class DeferredWidget(QWidget, Generic[Built]):
    """Stands in for a widget that is not on screen at start-up; builds it on demand.

    Views behind other tabs (the gradient heatmap, the row-by-row scan) took a third of the
    time to build the window. In its place the window gets this empty page; the real widget
    is built by `widget()`, when the page is first shown, or by `build_deferred_widgets`
    once the window has painted. Its owner reaches it through `widget()` only.
    """

    built = Signal()  # the real widget now exists (the window zooms it, say)

    def __init__(self, factory: Callable[[], Built], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._widget: Built | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        """Whether the real widget exists yet."""
        return self._widget is not None

    def widget(self) -> Built:
        """The real widget, built now if it was not."""
        if self._widget is None:
            self._widget = self._factory()
            self._layout.addWidget(self._widget)
            self.built.emit()
        return self._widget

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        self.widget()
        super().showEvent(event)


def build_deferred_widgets(root: QWidget) -> bool:
    """Build every deferred widget under `root`; whether any was left to build."""
    pending = [page for page in root.findChildren(DeferredWidget) if not page.is_built]
    for page in pending:
        page.widget()
    return bool(pending)
