"""Applying fixes: choose non-overlapping fixes, rewrite the text, write files atomically."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


def choose(findings, unsafe: bool = False) -> list:
    """The findings whose fixes can be applied together: safe ones (and unsafe ones when
    allowed), in order, none overlapping an earlier one."""
    chosen = []
    last_end = -1
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.fix.start, f.fix.end)):
        if not f.fix.safe and not unsafe:
            continue
        if f.fix.start < last_end or (chosen and f.fix.start == last_end == f.fix.end):
            continue
        chosen.append(f)
        last_end = f.fix.end
    return chosen


def apply(text: str, findings) -> str:
    """`text` with the fixes of `findings` (already chosen: sorted, not overlapping) applied."""
    out, pos = [], 0
    for f in findings:
        out.append(text[pos:f.fix.start])
        out.append(f.fix.replacement)
        pos = f.fix.end
    out.append(text[pos:])
    return "".join(out)


def unified_diff(path: str, before: str, after: str) -> str:
    old, new = (path, path) if path.startswith("/") else (f"a/{path}", f"b/{path}")
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), old, new)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file's content in one step: a temporary file in the same directory, with
    the original's permissions, flushed to disk and renamed over it. An interrupted run
    leaves the old file or the new one, never a truncated one."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".policylint-tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the fix: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"{path}: cannot write the fix: {exc.strerror or exc}") from None
