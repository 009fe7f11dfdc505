"""Errors meant for people: each carries one sentence saying what was wrong and what to do."""


class LstmGuiError(Exception):
    """Base class of every error whose message is shown to the user as it is."""


class ConfigError(LstmGuiError, ValueError):
    """A setting is out of range or unknown."""


class DataError(LstmGuiError):
    """A dataset is missing, corrupt or cannot be downloaded."""


class CheckpointError(LstmGuiError):
    """A checkpoint file cannot be trusted, read or used with this model."""


class ImageError(LstmGuiError):
    """An input image cannot be read or holds no digit."""


class OutOfMemory(LstmGuiError):
    """Training or evaluation ran out of memory (CPU or GPU); what was saved is kept."""


class StorageError(LstmGuiError):
    """A file cannot be written: the disk is full, the folder is read-only or was removed."""

    def __init__(self, message: str, path: object = None, errno: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.errno = errno


class RunFolderBusy(LstmGuiError):
    """Another run is training in the folder a run was given; nothing of this run was written."""


class LessonError(LstmGuiError):
    """A lesson file cannot be read, trusted or written."""
