"""connect_all: wire a table of (signal, slot) pairs at once, so the wiring reads as one list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtCore import SignalInstance


def connect_all(
    pairs: Iterable[tuple[SignalInstance, Callable[..., Any] | SignalInstance]],
) -> None:
    """Connect each signal to its slot (or to another signal, which is then re-emitted)."""
    for signal, slot in pairs:
        signal.connect(slot)
