"""A rule's documentation page, written from its catalogue entry (text or Markdown)."""
from __future__ import annotations

import textwrap

SECTIONS = (("what", "What it finds"), ("why", "Why it matters"), ("source", "Legal source"),
            ("example", "Example"), ("fix", "How to fix it"))


def _reflow(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(textwrap.fill(p, 88) for p in paragraphs if p)


def rule_page(rule, markdown: bool = False) -> str:
    opt = " (opt-in)" if rule.opt_in else ""
    fix = f"; fix: {rule.fixable}" if rule.fixable else ""
    if markdown:
        lines = [f"## {rule.code} {rule.name}", "",
                 f"Pack: `{rule.pack}`; default severity: **{rule.severity}**{opt}{fix}", "",
                 rule.summary, ""]
        for key, title in SECTIONS:
            body = rule.docs.get(key)
            if not body:
                continue
            lines.append(f"### {title}")
            lines.append("")
            if key == "example":
                lines += ["```text", body.strip(), "```"]
            else:
                lines.append(_reflow(body))
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
    lines = [f"{rule.code} {rule.name}", "",
             f"Pack: {rule.pack}    Default severity: {rule.severity}{opt}{fix}", "",
             _reflow(rule.summary), ""]
    for key, title in SECTIONS:
        body = rule.docs.get(key)
        if not body:
            continue
        lines.append(f"{title}:")
        if key == "example":
            lines += ["    " + ln for ln in body.strip().splitlines()]
        else:
            lines += ["    " + ln for ln in _reflow(body).splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def reference(rules) -> str:
    """The rule reference in Markdown: a table of every rule, then each rule's page."""
    lines = [
        "# policylint rules",
        "",
        "Generated from the catalogue (`rules/*.toml`) by `policylint rules --format markdown`.",
        "",
        "| code | name | pack | severity | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        flag = " (opt-in)" if r.opt_in else ""
        lines.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.pack} | {r.severity}{flag} | {r.summary} |")
    lines.append("")
    body = "\n".join(rule_page(r, markdown=True) for r in rules)
    return "\n".join(lines) + "\n" + body
