"""--fix, --unsafe-fixes, --diff and --show-fixes, run as a user runs them."""
from __future__ import annotations

import json
import os
import stat

import pytest

TODAY = ("--today", "2026-11-21", "--select", "PL101,PL201,PL302,PL309,PL310,PL401")
POLICY = (
    "# Privacy notice\n"
    "\n"
    "Larkspur Ltd keeps order records for six years. Email privacy@larkspur.example.\n"
    "\n"
    "We follow the General Date Protection Regulation (GPDR).\n"
    "\n"
    "You may complain to the ICO on 0303 123 113.\n"
)
FIXED_SAFE = POLICY.replace("Date Protection", "Data Protection").replace("GPDR", "GDPR")
FIXED_ALL = FIXED_SAFE.replace("0303 123 113", "0303 123 1113")


def write(path, text, newline="\n", bom=b"", encoding="utf-8"):
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


def test_without_fix_nothing_is_written(cli, tmp_path):
    f = write(tmp_path / "p.md", POLICY)
    before = f.stat().st_mtime_ns
    r = cli(*TODAY, "p.md", cwd=tmp_path)
    assert r.returncode == 1
    assert f.read_text(encoding="utf-8") == POLICY and f.stat().st_mtime_ns == before
    assert "2 fixable with --fix" in r.stderr and "1 more with --unsafe-fixes" in r.stderr


def test_fix_applies_safe_fixes_and_reports_what_remains(cli, tmp_path):
    f = write(tmp_path / "p.md", POLICY)
    r = cli(*TODAY, "--fix", "--format", "json", "p.md", cwd=tmp_path)
    assert f.read_text(encoding="utf-8") == FIXED_SAFE
    remaining = json.loads(r.stdout)
    assert [x["code"] for x in remaining] == ["PL201"]  # the unsafe one is left, the fixed ones are gone
    assert r.returncode == 1
    assert "Fixed 2 findings in 1 file." in r.stderr


def test_unsafe_fixes_and_second_run_finds_nothing_left(cli, tmp_path):
    f = write(tmp_path / "p.md", POLICY)
    r = cli(*TODAY, "--fix", "--unsafe-fixes", "p.md", cwd=tmp_path)
    assert f.read_text(encoding="utf-8") == FIXED_ALL
    assert r.returncode == 0, r.stdout + r.stderr
    again = cli(*TODAY, "--fix", "--unsafe-fixes", "--show-fixes", "p.md", cwd=tmp_path)
    assert f.read_text(encoding="utf-8") == FIXED_ALL
    assert "Fixed 0 findings" in again.stderr


def test_show_fixes_lists_codes(cli, tmp_path):
    write(tmp_path / "p.md", POLICY)
    r = cli(*TODAY, "--fix", "--show-fixes", "p.md", cwd=tmp_path)
    assert "- p.md:" in r.stderr and "2 × PL401 (misspelt-gdpr)" in r.stderr


def test_diff_prints_and_changes_nothing(cli, tmp_path):
    f = write(tmp_path / "p.md", POLICY)
    r = cli(*TODAY, "--diff", "p.md", cwd=tmp_path)
    assert r.returncode == 1
    assert f.read_text(encoding="utf-8") == POLICY
    assert "-We follow the General Date Protection Regulation (GPDR).\n" in r.stdout
    assert "+We follow the General Data Protection Regulation (GDPR).\n" in r.stdout
    assert r.stdout.startswith("--- a/p.md\n+++ b/p.md\n")
    clean = write(tmp_path / "clean.md", FIXED_ALL)
    assert cli(*TODAY, "--diff", "clean.md", cwd=tmp_path).returncode == 0
    assert clean.read_text(encoding="utf-8") == FIXED_ALL


@pytest.mark.parametrize(
    "newline,bom,encoding",
    [("\r\n", b"", "utf-8"), ("\n", b"\xef\xbb\xbf", "utf-8"), ("\r", b"", "utf-8"),
     ("\r\n", b"\xff\xfe", "utf-16-le"), ("\n", b"\xfe\xff", "utf-16-be")],
    ids=["crlf", "utf8-bom", "lone-cr", "utf16le-crlf", "utf16be"],
)
def test_fix_keeps_encoding_bom_and_line_endings(cli, tmp_path, newline, bom, encoding):
    f = write(tmp_path / "p.md", POLICY, newline, bom, encoding)
    r = cli(*TODAY, "--fix", "p.md", cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert f.read_bytes() == bom + FIXED_SAFE.replace("\n", newline).encode(encoding)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_fix_keeps_permissions_and_leaves_no_temporary_file(cli, tmp_path):
    f = write(tmp_path / "p.md", POLICY)
    f.chmod(0o640)
    cli(*TODAY, "--fix", "p.md", cwd=tmp_path)
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.md"]


def test_fixes_never_overlap():
    from policylint.finding import Finding, Fix
    from policylint.fix import apply, choose

    def finding(start, end, text, safe=True):
        return Finding("p", "X1", "x", "error", "m", start, end, 1, 1, 1, 1, Fix(start, end, text, safe))

    text = "abcdefghij"
    picked = choose([finding(2, 6, "XX"), finding(4, 8, "YY"), finding(8, 9, "Z"), finding(0, 1, "u", False)])
    assert [(f.fix.start, f.fix.end) for f in picked] == [(2, 6), (8, 9)]
    assert apply(text, picked) == "abXXghZj"


def test_fix_renames_a_misnamed_uk_law(cli, tmp_path):
    f = write(tmp_path / "p.md", "# Notice\n\nUnder the Privacy of Electronic Communication Regulations the ICO may act.\n")
    cli("--select", "PL403", "--fix", "p.md", cwd=tmp_path)
    assert "the Privacy and Electronic Communications Regulations the ICO" in f.read_text(encoding="utf-8")
