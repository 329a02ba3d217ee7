"""Finding the files to lint and reading them as text."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from .errors import InputError, PolicylintError

BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class Decoded(NamedTuple):
    """A file's text and how to write it back byte for byte: its encoding and BOM."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        if self.encoding == "cp1252":
            return self.bom + _encode_single_byte(text)
        return self.bom + text.encode(self.encoding)


class SkippedInput(PolicylintError):
    """A file that is not text (an image named .md, a binary): skipped with a warning."""


# Files that announce a binary format in their first bytes.
BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_CONTROL_BYTES = bytes(sorted(CONTROL))  # bytes.translate deletes them in one pass


def looks_binary(raw: bytes) -> bool:
    """NUL bytes, a binary format's signature, or many control characters in the head."""
    head = raw[:8192]
    if b"\x00" in head or head.startswith(BINARY_MAGIC):
        return True
    return bool(head) and len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head)


def _decode_single_byte(raw: bytes) -> str:
    """Windows-1252, the usual legacy encoding of policies ("£", curly quotes); its five
    unassigned bytes are read as the Latin-1 characters of the same value."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def _encode_single_byte(text: str) -> bytes:
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        out = bytearray()
        for c in text:
            try:
                out += c.encode("cp1252")
            except UnicodeEncodeError:
                if ord(c) > 255:
                    raise InputError(f"cannot write {c!r} in the file's Windows-1252 encoding") from None
                out.append(ord(c))
        return bytes(out)


def read_source(path: Path) -> str:
    """Decode a policy file: UTF-8 (BOM dropped), UTF-16 with a BOM, else Windows-1252."""
    return read_decoded(path).text


def read_decoded(path: Path) -> Decoded:
    """Read and decode a file; raise SkippedInput for binary files, InputError otherwise."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError:
                raise InputError(f"{path}: starts with a {encoding} byte order mark but is not valid {encoding}") from None
    if looks_binary(raw):
        raise SkippedInput(f"{path}: not a text file (binary content), skipped")
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Decoded(_decode_single_byte(raw), "cp1252")


def collect(paths: list[str], resolver) -> tuple[list[Path], list[str]]:
    """Files to lint, in a stable order, and errors for paths that do not exist.

    A file named on the command line is linted whatever its extension (unless excluded);
    a directory is walked for files that match `include`, without following symlinks.
    """
    files: list[Path] = []
    errors: list[str] = []
    seen: set = set()

    def add(p: Path, resolved: Path | None = None) -> None:
        key = "-" if str(p) == "-" else resolved or p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if raw == "-":
            add(p)
        elif p.is_dir():
            for f, resolved in _walk(p, resolver):
                add(f, resolved)
        elif p.exists() or p.is_symlink():
            if not resolver.for_path(p).is_excluded(p):
                add(p)
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, errors


def _walk(root: Path, resolver):
    """Files below `root` that match `include`, less `exclude` and what .gitignore files
    (in `root`, above it up to the repository's top, and below it) ignore; each with its
    resolved path."""
    from .ignorefiles import ignored, read_ignore_file  # a run on named files never needs them

    inherited: dict[Path, list] = {}
    top = root.resolve()
    chain = [top, *top.parents]
    repo = next((d for d in chain if (d / ".git").exists()), None)
    above = [d for d in reversed(chain[1:]) if repo is not None and d.is_relative_to(repo)]
    start_rules = [r for d in above for r in read_ignore_file(d)]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        real_here = here.resolve()
        settings = resolver.for_path(here)
        rules = inherited.pop(here, start_rules if here == root else [])
        if settings.respect_gitignore:
            rules = rules + read_ignore_file(real_here)
        else:
            rules = []

        def resolved(name: str) -> Path:  # one lstat instead of one per folder of the path
            entry = here / name
            return entry.resolve() if entry.is_symlink() else real_here / name

        keep = []
        for d in sorted(dirnames):
            sub, real = here / d, resolved(d)
            if settings.is_excluded(sub, real) or ignored(rules, real, True):
                continue
            keep.append(d)
            inherited[sub] = rules
        dirnames[:] = keep
        for name in sorted(filenames):
            f, real = here / name, resolved(name)
            if settings.is_included(f, real) and not settings.is_excluded(f, real) and not ignored(rules, real, False):
                yield f, real
