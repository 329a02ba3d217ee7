"""blake2b, the hash the caches use, without loading OpenSSL: `hashlib` loads it when
imported, several milliseconds of every run, and CPython has blake2b built in."""
from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b

__all__ = ["blake2b"]
