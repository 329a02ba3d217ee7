"""Read a TOML file, turning every failure into one line that names the file."""
from __future__ import annotations

import marshal
import sys
from datetime import date, datetime, time
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
    if isinstance(stored, bytes):
        return marshal.loads(stored)  # a fresh copy: callers may change what they are given
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == DATED:
        return _with_dates(marshal.loads(stored[1]))
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
    except ValueError:  # dates and times, which marshal does not keep: kept as text
        try:
            compilecache.put("toml", digest, 0, (DATED, marshal.dumps(_without_dates(data))))
        except ValueError:
            pass
    return data


DATED = "dated"  # a kept file whose dates and times are written as (DATED, type, ISO text)
_TIME_TYPES = {"date": date, "datetime": datetime, "time": time}


def _without_dates(value):
    if isinstance(value, dict):
        return {k: _without_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_dates(v) for v in value]
    if isinstance(value, (date, time)):  # datetime is a date
        return (DATED, type(value).__name__, value.isoformat())
    return value


def _with_dates(value):
    if isinstance(value, dict):
        return {k: _with_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    if isinstance(value, tuple) and len(value) == 3 and value[0] == DATED:  # TOML itself makes no tuples
        return _TIME_TYPES[value[1]].fromisoformat(value[2])
    return value
