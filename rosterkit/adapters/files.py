"""What every export shares: atomic writes (a file is whole or absent) and a roster sanity check."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from rosterkit.errors import ExportError, ValidationError
from rosterkit.model import Roster
from rosterkit.rules import Practice

__all__ = ["atomic_write_bytes", "atomic_write_text", "require_known"]


def require_known(practice: Practice, roster: Roster) -> None:
    """Check that every assignment names staff and a shift of ``practice``.

    Raises:
        ValidationError: an assignment names a staff id or shift id the practice lacks (the
            roster belongs to another practice).
    """
    staff, shifts = practice.index.staff, practice.index.shifts
    for a in roster:
        if a.staff_id not in staff or a.shift_id not in shifts:
            missing = a.staff_id if a.staff_id not in staff else a.shift_id
            what = "staff id" if a.staff_id not in staff else "shift id"
            raise ValidationError(
                f"the roster names {what} {missing!r} ({a.date}), which practice "
                f"{practice.name!r} does not have",
                hint="export a roster together with the practice it was made for",
            )


def atomic_write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    Args:
        path: the file to create or replace.
        text: the whole content; written exactly, without newline translation.
        encoding: the text encoding.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise ExportError(
            f"{path}: cannot encode the output as {encoding}: {exc}",
            hint="write it as utf-8",
        ) from exc
    return atomic_write_bytes(path, data)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same directory, are flushed to disk, and the
    temporary file then replaces ``path`` in one step, so a reader (or a crash) never sees a
    half-written file.

    Args:
        path: the file to create or replace; its directory must exist.
        data: the whole content.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    target = Path(path)
    temp: str | None = None
    try:
        # Same directory as the target: os.replace is only atomic within one file system.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise ExportError(
            f"{target}: cannot write: {exc.strerror or exc}",
            hint=_advice(target),
        ) from exc
    finally:
        if temp is not None:
            _remove_quietly(temp)
    return target


def _advice(target: Path) -> str:
    if not target.parent.is_dir():
        return f"create the directory {target.parent} first, or choose another output path"
    return f"check that {target.parent} is writable and the disk is not full"


def _remove_quietly(temp: str) -> None:
    # The write already failed; a failure to clean up must not hide that error.
    with contextlib.suppress(OSError):
        os.unlink(temp)
