"""Errors a user can act on. The CLI prints them on one line and exits 2."""
from __future__ import annotations


class PolicylintError(Exception):
    """A problem with the input or the configuration, worded for the user."""


class ConfigError(PolicylintError):
    pass


class InputError(PolicylintError):
    pass


def did_you_mean(word: str, choices) -> str:
    import difflib  # only when a name is unknown

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
