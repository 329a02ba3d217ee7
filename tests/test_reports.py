"""Every output format: text, full, json, jsonl, github and sarif."""
from __future__ import annotations

import json
import re
import shutil
import unicodedata
from urllib.parse import unquote, urlsplit

import pytest

from policylint.report.github import escape_data, escape_property

from .conftest import FIXTURES, SHARED, run_cli

NOTICE = FIXTURES / "cli" / "notice.md"
STABLE = "PL101,PL401"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

GENERAL = "General Date Protection Regulation"


@pytest.fixture
def work(tmp_path):
    shutil.copy(NOTICE, tmp_path / "notice.md")
    return tmp_path


def lint(work, *args, env=None):
    r = run_cli(*args, cwd=work, env=env)
    assert "Traceback" not in r.stderr, r.stderr
    return r


# -- text -------------------------------------------------------------------------------------
def test_text_is_the_default_format(work):
    default = lint(work, "notice.md", "--select", STABLE)
    text = lint(work, "notice.md", "--select", STABLE, "--format", "text")
    assert default.stdout == text.stdout
    lines = text.stdout.splitlines()
    assert lines[1] == (f"notice.md:11:14: PL401 [error] '{GENERAL}' looks like a misspelling of "
                        "'General Data Protection Regulation'")
    assert [ln.split(": ", 1)[0] for ln in lines] == ["notice.md:7:46", "notice.md:11:14", "notice.md:11:50"]


# -- full -------------------------------------------------------------------------------------
def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _blocks(stdout: str) -> dict[str, list[str]]:
    """Each finding's header line -> the lines that follow it, up to the next header."""
    out: dict[str, list[str]] = {}
    current = None
    for line in stdout.splitlines():
        if re.match(r"^\S.*:\d+:\d+: [A-Z]+\d+ \[", line):
            current = line
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return out


def _source_and_carets(block: list[str]) -> tuple[str, str]:
    """The quoted source line and the caret line under it, without the gutter."""
    i = next(k for k, ln in enumerate(block) if re.match(r"^\d+ \| ", ln))
    gutter = block[i].index("|") + 2
    return block[i][gutter:], block[i + 1][gutter:]


def test_full_puts_carets_exactly_under_the_span(work):
    r = lint(work, "notice.md", "--select", STABLE, "--format", "full")
    blocks = _blocks(r.stdout)
    assert len(blocks) == 3
    header = next(h for h in blocks if h.startswith("notice.md:11:14: PL401"))
    block = blocks[header]
    source, carets = _source_and_carets(block)
    assert block[0].strip() == "|"
    assert any(re.match(r"^11 \| ", ln) for ln in block)
    assert source == f"We apply the {GENERAL} (GPDR) to every request you make."
    assert carets == " " * source.index(GENERAL) + "^" * len(GENERAL)
    assert "safe fix: replace with 'General Data Protection Regulation'" in "\n".join(block)
    header = next(h for h in blocks if h.startswith("notice.md:11:50: PL401"))
    source, carets = _source_and_carets(blocks[header])
    assert carets == " " * source.index("GPDR") + "^^^^"
    header = next(h for h in blocks if h.startswith("notice.md:7:46: PL101"))
    source, carets = _source_and_carets(blocks[header])
    assert carets == " " * source.index("EU-US Privacy Shield") + "^" * len("EU-US Privacy Shield")


def test_full_counts_wide_characters_and_tabs(work):
    (work / "wide.md").write_text("个人数据保护：我们遵守 GPDR 的规定。\n\nWe\tapply the GPDR.\n", encoding="utf-8")
    r = lint(work, "wide.md", "--select", "PL401", "--format", "full")
    blocks = list(_blocks(r.stdout).values())
    assert len(blocks) == 2
    source, carets = _source_and_carets(blocks[0])
    assert carets == " " * _cells(source[: source.index("GPDR")]) + "^^^^"
    source, carets = _source_and_carets(blocks[1])
    assert carets[len(carets) - 4:] == "^^^^"
    assert carets.index("^") == source.index("GPDR")


@pytest.mark.parametrize(
    "name, text",
    [
        ("crlf.md", "# Notice\r\n\r\nWe apply the GPDR to every request.\r\n"),
        ("lone-cr.md", "# Notice\r\rWe apply the GPDR to every request.\r"),
        ("form-feed.txt", "Privacy notice\n\x0c\nYour rights\n\nWe apply the GPDR to every request.\n"),
        ("separator.md", "Intro line\u2028still the first line\n\nWe apply the GPDR to every request.\n"),
        ("next-line.txt", "Privacy notice\x85for customers\n\nWe apply the GPDR to every request.\n"),
    ],
)
def test_full_quotes_the_line_of_the_finding(work, main_in, name, text):
    """The quoted line is the one the finding's line number names, whatever the line breaks."""
    (work / name).write_bytes(text.encode("utf-8"))
    r = main_in(work, name, "--select", "PL401", "--format", "full")
    (header, block), = _blocks(r.stdout).items()
    line_no = int(header.split(":")[1])
    source, carets = _source_and_carets(block)
    assert any(ln.startswith(f"{line_no} | ") for ln in block)
    assert source == "We apply the GPDR to every request.", r.stdout
    assert carets == " " * 13 + "^^^^"


# -- json and jsonl -----------------------------------------------------------------------------
JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "fix"}


def test_json_is_a_list_of_findings(work):
    r = lint(work, "notice.md", "--select", STABLE + ",PL302", "--format", "json")
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert JSON_KEYS <= set(item), item
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(item[key], int) and item[key] >= 1
    by = {(d["code"], d["line"], d["column"]): d for d in data}
    general = by[("PL401", 11, 14)]
    assert general == {**general, "path": "notice.md", "end_line": 11, "end_column": 14 + len(GENERAL),
                       "name": "misspelt-gdpr", "severity": "error",
                       "fix": "General Data Protection Regulation"}
    assert general["message"] == f"'{GENERAL}' looks like a misspelling of 'General Data Protection Regulation'"
    shield = by[("PL101", 7, 46)]
    assert shield["fix"] is None and shield["end_column"] == 46 + len("EU-US Privacy Shield")
    # a finding about the whole document sits at its first character
    contact = by[("PL302", 1, 1)]
    assert (contact["end_line"], contact["end_column"], contact["fix"]) == (1, 1, None)
    assert r.returncode == 1


def test_json_of_a_clean_file_is_an_empty_list(work):
    (work / "clean.md").write_text("# Notice\n\nWe apply the GDPR.\n", encoding="utf-8")
    r = lint(work, "clean.md", "--select", STABLE, "--format", "json")
    assert json.loads(r.stdout) == []
    assert r.returncode == 0


def test_json_stays_parseable_when_a_file_is_missing(work):
    r = lint(work, "notice.md", "absent.md", "--select", STABLE, "--format", "json")
    assert r.returncode == 2
    assert len(json.loads(r.stdout)) == 3
    assert "absent.md" in r.stderr


def test_jsonl_is_one_object_per_line(work):
    as_json = json.loads(lint(work, "notice.md", "--select", STABLE, "--format", "json").stdout)
    r = lint(work, "notice.md", "--select", STABLE, "--format", "jsonl")
    lines = r.stdout.splitlines()
    assert len(lines) == 3 and r.stdout.endswith("\n")
    assert [json.loads(ln) for ln in lines] == as_json


# -- github -----------------------------------------------------------------------------------
def test_github_escaping_functions():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"  # message text keeps colons and commas
    assert escape_data("%0A") == "%250A"  # a literal escape sequence is not read as one
    assert escape_property("dir:name,v2%\n.md") == "dir%3Aname%2Cv2%25%0A.md"
    assert escape_property("a\rb") == "a%0Db"


def _command(line: str) -> tuple[str, dict, str]:
    m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return m.group(1), props, m.group(3)


def test_github_workflow_commands(work):
    r = lint(work, "notice.md", "--select", STABLE + ",PL302", "--format", "github")
    lines = r.stdout.splitlines()
    assert len(lines) == 4
    level, props, message = _command(lines[2])
    assert level == "error"
    assert {k: props[k] for k in ("file", "line", "col", "endLine", "title")} == {
        "file": "notice.md", "line": "11", "col": "14", "endLine": "11", "title": "PL401 misspelt-gdpr"}
    # the end column is either inclusive or just past the span, never elsewhere
    assert int(props["endColumn"]) in (14 + len(GENERAL) - 1, 14 + len(GENERAL))
    assert message == f"'{GENERAL}' looks like a misspelling of 'General Data Protection Regulation'"
    assert lines[2].startswith("::error file=notice.md,line=11,col=14,endLine=11,endColumn=")
    assert lines[2].split("::")[1].endswith(",title=PL401 misspelt-gdpr")
    # a finding about the whole document has a line and no columns
    level, props, _ = _command(lines[0])
    assert props == {"file": "notice.md", "line": "1", "title": "PL302 no-contact-details"}


def test_github_levels(work):
    r = lint(work, "notice.md", "--select", STABLE, "--severity", "PL101=warning", "--severity", "PL401=info",
             "--format", "github")
    assert [ln.split(" ", 1)[0] for ln in r.stdout.splitlines()] == ["::warning", "::notice", "::notice"]


def test_github_is_chosen_on_github_actions(work):
    r = lint(work, "notice.md", "--select", STABLE, env={"GITHUB_ACTIONS": "true"})
    assert r.stdout.startswith("::error file=notice.md,line=7,col=46,")
    r = lint(work, "notice.md", "--select", STABLE, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert r.stdout.startswith("notice.md:7:46: PL101 [error]")


def test_github_escapes_file_names_and_messages(work):
    (work / "pack.toml").write_text(
        "[pack]\nname = \"esc\"\n\n[[rule]]\ncode = \"ESC1\"\nname = \"odd-message\"\nseverity = \"warning\"\n"
        "kind = \"existence\"\nmessage = \"100% sure: '{match}'\\nsee below, please\"\n"
        "patterns = ['\\bsynergy\\b', 'alpha\\s+beta']\n",
        encoding="utf-8",
    )
    name = "terms, v2:final.md"
    (work / name).write_text("We value synergy.\nThe alpha\nbeta release.\n", encoding="utf-8")
    r = lint(work, name, "--isolated", "--rule-path", "pack.toml", "--select", "ESC", "--format", "github")
    lines = r.stdout.splitlines()
    assert len(lines) == 2, r.stdout + r.stderr
    assert lines[0].startswith("::warning file=terms%2C v2%3Afinal.md,line=1,col=10,endLine=1,")
    assert lines[0].endswith("::100%25 sure: 'synergy'%0Asee below, please")
    # a span over two lines gives endLine and leaves out the columns
    _, props, message = _command(lines[1])
    assert props == {"file": "terms%2C v2%3Afinal.md", "line": "2", "endLine": "3", "title": "ESC1 odd-message"}
    assert message == "100%25 sure: 'alpha beta'%0Asee below, please"


# -- sarif ------------------------------------------------------------------------------------
def _sarif(work, *paths, extra=()):
    r = lint(work, *paths, "--select", STABLE + ",PL302", "--format", "sarif", *extra)
    return json.loads(r.stdout)


def test_sarif_is_valid_against_the_schema(work):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} is not available")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    (work / "sub").mkdir()
    shutil.copy(NOTICE, work / "sub" / "other notice.md")
    log = _sarif(work, "notice.md", "sub")
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert log["version"] == "2.1.0"
    # an empty run is valid too
    (work / "clean.md").write_text("# Notice\n\nWe apply the GDPR and give privacy@example.com.\n", encoding="utf-8")
    empty = _sarif(work, "clean.md")
    assert empty["runs"][0]["results"] == []
    assert not list(validator.iter_errors(empty))


def test_sarif_rule_descriptors(work):
    log = _sarif(work, "notice.md")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "policylint"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"PL101", "PL302", "PL401"}
    for code, rule in rules.items():
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"].startswith(code) and code in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert rules["PL401"]["name"] == "misspelt-gdpr"
    assert rules["PL401"]["defaultConfiguration"]["level"] == "error"
    assert "Legal source" in rules["PL101"]["help"]["text"]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results(work):
    (work / "sub").mkdir()
    shutil.copy(NOTICE, work / "sub" / "copy.md")
    log = _sarif(work, "notice.md", str(work / "sub" / "copy.md"), extra=("--severity", "PL302=info"))
    results = log["runs"][0]["results"]
    assert len(results) == 8
    by = {}
    for res in results:
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        by[(loc["artifactLocation"]["uri"], res["ruleId"], region["startLine"], region["startColumn"])] = res
    # uris are relative to the working directory, even for a path given in full
    assert {k[0] for k in by} == {"notice.md", "sub/copy.md"}
    general = by[("notice.md", "PL401", 11, 14)]
    assert general["level"] == "error"
    assert general["message"]["text"].startswith(f"'{GENERAL}' looks like")
    region = general["locations"][0]["physicalLocation"]["region"]
    assert (region["endLine"], region["endColumn"]) == (11, 14 + len(GENERAL))
    assert by[("sub/copy.md", "PL302", 1, 1)]["level"] == "note"


def test_sarif_fingerprints_are_stable_and_distinct(work):
    first = _sarif(work, "notice.md")["runs"][0]["results"]
    second = _sarif(work, "notice.md")["runs"][0]["results"]
    prints = [r["partialFingerprints"] for r in first]
    assert prints == [r["partialFingerprints"] for r in second]
    assert all(p for p in prints)
    flat = [json.dumps(p, sort_keys=True) for p in prints]
    assert len(set(flat)) == len(flat)


@pytest.mark.parametrize("name", ["privacy notice.md", "notes:v2.md", "50%.md", "café.md"])
def test_sarif_uri_is_a_valid_relative_uri_reference(work, main_in, name):
    """An artifact uri is a URI reference: no raw spaces, and not mistaken for a scheme."""
    shutil.copy(NOTICE, work / name)
    log = json.loads(main_in(work, name, "--select", STABLE, "--format", "sarif").stdout)
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in log["runs"][0]["results"]}
    (uri,) = uris
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*", uri), uri
    assert urlsplit(uri).scheme == "", f"{uri!r} reads as an absolute URI"
    assert unquote(uri) == name


def test_sarif_location_of_a_file_outside_the_working_directory(tmp_path):
    """Outside the root the uri is an absolute file URI, and then it has no uriBaseId."""
    inside = tmp_path / "inside"
    inside.mkdir()
    outside = tmp_path / "outside" / "my notice.md"
    outside.parent.mkdir()
    shutil.copy(NOTICE, outside)
    r = lint(inside, str(outside), "--select", "PL401", "--format", "sarif")
    results = json.loads(r.stdout)["runs"][0]["results"]
    assert len(results) == 2
    locations = [res["locations"][0]["physicalLocation"]["artifactLocation"] for res in results]
    locations += [change["artifactLocation"] for res in results for fix in res.get("fixes", [])
                  for change in fix["artifactChanges"]]
    for loc in locations:
        parts = urlsplit(loc["uri"])
        if parts.scheme:
            assert parts.scheme == "file"
            assert "uriBaseId" not in loc, f"absolute uri {loc['uri']!r} with a uriBaseId"
            assert unquote(parts.path) == outside.resolve().as_posix()
        else:
            assert loc.get("uriBaseId"), loc


def test_github_annotations_are_capped_per_level_with_the_rest_in_log_and_summary(cli, tmp_path):
    lines = ["# Notice", "", "Email privacy@larch.example. We keep records for six years.", ""]
    lines += [f"Clause {i}: the General Date Protection Regulation applies." for i in range(13)]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "many.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path), "GITHUB_STEP_SUMMARY": str(summary)}
    r = cli("--today", "2026-11-21", "--select", "PL401", str(tmp_path / "docs" / "many.md"), cwd=tmp_path / "docs", env=env)
    out = r.stdout.splitlines()
    annotations = [x for x in out if x.startswith("::error ")]
    assert len(annotations) == 10
    assert all(x.startswith("::error file=docs/many.md,") for x in annotations)  # relative to the workspace
    assert "3 more findings not annotated" in r.stdout
    assert sum(1 for x in out if x.startswith("docs/many.md:")) == 3
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("earlier step\n")  # appended, not overwritten
    assert table.count("| docs/many.md |") == 13


def test_github_leaves_out_columns_for_a_span_over_several_lines():
    from policylint.finding import Finding
    from policylint.report.github import command

    f = Finding("p.md", "PL401", "misspelt-gdpr", "warning", "m", 10, 40, 3, 5, 4, 7)
    assert command(f) == "::warning file=p.md,line=3,endLine=4,title=PL401 misspelt-gdpr::m"


def test_sarif_uris_are_relative_to_the_repository_root(cli, tmp_path):
    import json as _json

    (tmp_path / ".git").mkdir()
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "p.md").write_text("# Notice\n\nWe follow the GPDR.\n", encoding="utf-8")
    r = cli("--select", "PL401", "--format", "sarif", "p.md", cwd=tmp_path / "legal")
    run = _json.loads(r.stdout)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "legal/p.md"
