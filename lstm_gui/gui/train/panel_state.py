"""PanelState: the run states that the training panel's buttons and fields follow."""

from __future__ import annotations

import sys
from enum import Enum

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # Python 3.10 has no StrEnum; a str mixin behaves the same for what the panel needs.

    class StrEnum(str, Enum):
        """An Enum whose members are strings and print as their values."""

        def __str__(self) -> str:
            return str(self.value)


class PanelState(StrEnum):
    """Where a run is; members equal their old plain-string values ("idle", ...)."""

    IDLE = "idle"
    LOADING = "loading"
    TRAINING = "training"
    PAUSED = "paused"
    STOPPING = "stopping"
