"""--write-baseline and --baseline: adopt policylint on an old notice, see only new findings."""
from __future__ import annotations

import json

OLD = (
    "# Privacy notice\n\n"
    "Larch Ltd keeps data as long as necessary. Email privacy@larch.example.\n\n"
    "Our processor is certified under the EU-US Privacy Shield.\n"
)


def test_baseline_hides_old_findings_even_after_edits_elsewhere(cli, tmp_path):
    f = tmp_path / "p.md"
    f.write_text(OLD, encoding="utf-8")
    r = cli("--today", "2026-11-21", "--select", "PL101,PL310,PL401", "--write-baseline", "base.json", "p.md", cwd=tmp_path)
    assert r.returncode == 0 and "Recorded 2 findings" in r.stderr
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert {(e["code"], e["text"]) for e in data["findings"]} == {
        ("PL101", "EU-US Privacy Shield"), ("PL310", "as long as necessary")}
    # New lines above move every old finding down: they stay hidden.
    f.write_text("# Privacy notice\n\nAn introduction added later.\n\n" + OLD.split("\n", 2)[2], encoding="utf-8")
    r = cli("--today", "2026-11-21", "--select", "PL101,PL310,PL401", "--baseline", "base.json", "p.md", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == ""
    # A new mistake is reported.
    f.write_text(f.read_text(encoding="utf-8") + "\nWe follow the GPDR.\n", encoding="utf-8")
    r = cli("--today", "2026-11-21", "--select", "PL101,PL310,PL401", "--baseline", "base.json", "p.md", cwd=tmp_path)
    assert r.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in r.stdout.splitlines()] == ["PL401"]


def test_a_broken_baseline_is_a_one_line_error(cli, tmp_path):
    (tmp_path / "p.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    r = cli("--baseline", "bad.json", "p.md", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().startswith("policylint: error: bad.json: not a policylint baseline")
    assert len(r.stderr.strip().splitlines()) == 1
