"""`.gitignore` files, read while walking a directory, as git reads them.

Supported: comments, blank lines, `!` negation (the last matching line wins), a trailing
`/` for directories only, a `/` at the start or inside for a path relative to the
.gitignore's folder (otherwise the name matches at any depth), and `*`, `?`, `[...]`, `**`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IgnoreRule:
    base: Path
    regex: re.Pattern
    negate: bool
    dir_only: bool
    anchored: bool


def _translate(glob: str) -> str:
    out, i = [], 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = glob.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = glob[i + 1:j].replace("\\", "\\\\")
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = j
        elif c == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def read_ignore_file(folder: Path) -> list[IgnoreRule]:
    path = folder / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    rules = []
    for line in lines:
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        rules.append(IgnoreRule(folder, re.compile(_translate(line) + r"\Z"), negate, dir_only, anchored))
    return rules


def ignored(rules: list[IgnoreRule], path: Path, is_dir: bool) -> bool:
    """Whether the last rule that matches `path` ignores it."""
    result = False
    for rule in rules:
        if rule.dir_only and not is_dir:
            continue
        try:
            rel = path.relative_to(rule.base).as_posix()
        except ValueError:
            continue
        target = rel if rule.anchored else rel.rsplit("/", 1)[-1]
        if rule.regex.match(target):
            result = not rule.negate
    return result
