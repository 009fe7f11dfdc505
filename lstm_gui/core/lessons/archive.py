"""The lesson file: a zip of `lesson.json` and, optionally, `model.safetensors`. No pickle.

Writing replaces the file whole (core.atomic_file). Reading trusts nothing: the zip's listing is
checked (exactly the known members, each within its size cap, stored or deflated, unencrypted)
before a byte is inflated, every member is read through a counting cap (a zip bomb stops at the
cap, whatever its header claimed), `lesson.json` is checked value by value, and a bundled model
is copied out and validated as a checkpoint before the lesson is returned. Either every part is
good and a Lesson comes back, or nothing is changed and one LessonError sentence says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.errors import LessonError, LstmGuiError
from lstm_gui.core.lessons.lesson import Lesson, lesson_from_json, lesson_to_json

LESSON_MEMBER = "lesson.json"
MODEL_MEMBER = "model.safetensors"
# Uncompressed size caps. lesson.json: notes, a drawing and an experiment are well under a
# megabyte. The model: weights only (the optimizer state is left out), and the largest model the
# Train form builds (LSTM 1024 x 4 layers, about 30 million parameters) is about 120 MB.
MAX_LESSON_JSON_BYTES = 8 * 1024 * 1024
MAX_MODEL_BYTES = 512 * 1024 * 1024
_MEMBER_CAPS = {LESSON_MEMBER: MAX_LESSON_JSON_BYTES, MODEL_MEMBER: MAX_MODEL_BYTES}
# A zip's own listing past the members and their headers: no lesson file is larger.
MAX_FILE_BYTES = MAX_LESSON_JSON_BYTES + MAX_MODEL_BYTES + 1024 * 1024
_CHUNK = 1024 * 1024
LESSON_MODELS_FOLDER = ".lessons"
# What the zip module raises for damaged archives, besides its BadZipFile.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    ValueError,
    UnicodeDecodeError,
)


def lesson_models_dir(runs_root: str | os.PathLike[str] | None = None) -> Path:
    """Where opened lessons' models are copied: a hidden folder the runs list leaves alone."""
    from lstm_gui.core.run.runs import runs_dir

    return (Path(runs_root) if runs_root is not None else runs_dir()) / LESSON_MODELS_FOLDER


def write_lesson(
    path: str | os.PathLike[str], lesson: Lesson, model: str | os.PathLike[str] | None = None
) -> Path:
    """Write the lesson (with a copy of the checkpoint `model`, if given) as one zip file.

    The model is validated and stored without its optimizer state: a lesson's model is there to
    read digits with, and the file stays a quarter of the size. Raises LstmGuiError.
    """
    path = Path(path)
    if model is not None and lesson.model_name is None:
        lesson = replace(lesson, model_name=Path(model).stem)
    elif model is None:
        lesson = replace(lesson, model_name=None)
    text = json.dumps(lesson_to_json(lesson), indent=1, ensure_ascii=False)
    try:  # the reader's own checks: a file it would refuse is never written
        lesson_from_json(json.loads(text), model is not None)
    except LstmGuiError as exc:
        raise LessonError(f"Cannot save the lesson {path.name}: {exc}") from None
    try:
        with tempfile.TemporaryDirectory(prefix="lstm-lesson-") as scratch:
            weights = _weights_only(Path(model), Path(scratch)) if model is not None else None
            with replacing(path) as temp_name:
                with zipfile.ZipFile(temp_name, "w", zipfile.ZIP_DEFLATED) as archive:
                    archive.writestr(LESSON_MEMBER, text)
                    if weights is not None:
                        archive.write(weights, MODEL_MEMBER)
    except OSError as exc:
        raise LessonError(f"Cannot save the lesson {path}: {exc.strerror or exc}.") from None
    return path


def _weights_only(source: Path, scratch: Path) -> Path:
    from lstm_gui.core.run.checkpoint import load_checkpoint, save_checkpoint

    checkpoint = load_checkpoint(source)
    return save_checkpoint(scratch / MODEL_MEMBER, replace(checkpoint, optimizer_state=None))


def read_lesson(
    path: str | os.PathLike[str], model_folder: str | os.PathLike[str] | None = None
) -> Lesson:
    """Read and check a lesson; its model (if any) is copied into `model_folder`.

    The copy is named by its contents' hash, so opening one lesson twice keeps one copy, and it
    stays usable when the lesson file is moved. `model_folder` None: a new temporary folder.
    Raises LessonError (one sentence, naming the file) and leaves nothing behind when it does.
    """
    path = Path(path)
    try:
        _check_regular_file(path)
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive)
            raw = _read_capped(archive, members[LESSON_MEMBER])
            values = _parse(raw)
            lesson = lesson_from_json(values, MODEL_MEMBER in members)
            if MODEL_MEMBER in members:
                folder = Path(model_folder) if model_folder is not None else _temporary_folder()
                model_path = _extract_model(archive, members[MODEL_MEMBER], folder)
                lesson = replace(lesson, model_path=model_path)
    except LstmGuiError as exc:
        raise LessonError(f"{path.name} cannot be opened: {exc}") from None
    except OSError as exc:
        raise LessonError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    except _ZIP_ERRORS as exc:
        raise LessonError(
            f"{path.name} cannot be opened: it is damaged or not a lesson file ({exc})."
        ) from None
    return lesson


def _check_regular_file(path: Path) -> None:
    # A device or a pipe would keep the reader waiting; a huge file is no lesson.
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise LessonError("it is not a regular file.")
    if info.st_size > MAX_FILE_BYTES:
        raise LessonError(f"it is larger ({info.st_size:,} bytes) than any lesson file.")


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members by name, once the listing holds exactly what a lesson holds."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise LessonError("it lists a member twice.")
    extra = sorted(set(names) - set(_MEMBER_CAPS))
    if extra:
        raise LessonError(
            f"it holds files a lesson does not: {', '.join(repr(n)[:40] for n in extra[:3])}."
        )
    if LESSON_MEMBER not in names:
        raise LessonError(f"it has no {LESSON_MEMBER}.")
    for info in infos:
        if info.flag_bits & 0x1:
            raise LessonError(f"its {info.filename} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise LessonError(f"its {info.filename} is compressed in a way lessons never are.")
        cap = _MEMBER_CAPS[info.filename]
        if info.file_size > cap:
            raise LessonError(
                f"its {info.filename} unpacks to {info.file_size:,} bytes; at most {cap:,} "
                "are read."
            )
    return {info.filename: info for info in infos}


def _copy_capped(
    source: IO[bytes], target: IO[bytes] | None, cap: int, digest: Any = None
) -> bytes:
    """Copy (or, with no target, collect) at most `cap` bytes; refuse a member that has more.

    `digest` (a hashlib object), when given, is fed every byte copied.
    """
    collected = bytearray()
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise LessonError(f"a member unpacks to more than the {cap:,} bytes it may hold.")
        if digest is not None:
            digest.update(chunk)
        if target is None:
            collected += chunk
        else:
            target.write(chunk)
    return bytes(collected)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as member:
        return _copy_capped(member, None, _MEMBER_CAPS[info.filename])


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise LessonError(f"its {LESSON_MEMBER} is not valid JSON ({str(exc)[:80]}).") from None


def _temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="lstm-lesson-model-"))


def _extract_model(archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path) -> Path:
    """Copy the model out into `folder`, validate it, then name it by its contents' hash."""
    from lstm_gui.core.run.checkpoint import load_checkpoint

    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    # A private scratch folder beside the final name: the checkpoint's own errors name the file
    # as the lesson does (model.safetensors), and the rename at the end stays on one disk.
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".lesson-"))
    try:
        copy = scratch / MODEL_MEMBER
        with copy.open("wb") as target, archive.open(info) as member:
            _copy_capped(member, target, MAX_MODEL_BYTES, digest)
        try:
            load_checkpoint(copy)
        except LstmGuiError as exc:
            raise LessonError(f"its model is not a usable checkpoint: {exc}") from None
        final = folder / f"lesson-{digest.hexdigest()[:16]}.safetensors"
        os.replace(copy, final)
        return final
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
