"""policylint: a static analyzer for privacy policies."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Finding", "lint_paths", "lint_text", "__version__"]


def __getattr__(name: str):
    # Imported on first use so that `policylint --version` and the CLI start quickly.
    if name in ("lint_text", "lint_paths"):
        from . import api

        return getattr(api, name)
    if name == "Finding":
        from .finding import Finding

        return Finding
    raise AttributeError(name)
