"""Read a TOML file, turning every failure into one line that names the file."""
from __future__ import annotations

import marshal
import sys
from pathlib import Path

from . import compilecache
from .errors import ConfigError
from .hashing import blake2b


def load_toml(path: Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    digest = blake2b(raw, digest_size=20).hexdigest()
    stored = compilecache.get("toml", digest, 0)
    if stored is not None:
        return marshal.loads(stored)  # a fresh copy: callers may change what they are given
    if sys.version_info >= (3, 11):  # imported here: most runs find every file in the cache
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:  # the rule packs are read by every run: kept, parsed, in the cache
        compilecache.put("toml", digest, 0, marshal.dumps(data))
    except ValueError:  # dates and times, which marshal does not keep: parsed each time
        pass
    return data
