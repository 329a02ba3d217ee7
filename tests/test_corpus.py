"""Accuracy on the labelled real policies beside the project (skipped when absent).

The expected codes come from the labels through the scoring script's own function, so
this test and `score.py` measure the same thing; it runs in-process to stay quick.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from policylint import lint_text

from .conftest import SHARED, TODAY

CORPUS = SHARED / "corpus"
SCORE = SHARED / "eval" / "score.py"
SUFFIXES = (".md", ".markdown", ".txt", ".mdx")


pytestmark = pytest.mark.skipif(not SCORE.is_file(), reason="the shared corpus is not beside this checkout")


def _score_module():
    spec = importlib.util.spec_from_file_location("policylint_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _guarded() -> list[str]:
    """Every rule the scoring script scores (all of them are in the catalogue)."""
    if not SCORE.is_file():
        return []
    return list(_score_module().SCORED)


GUARDED = _guarded()


@pytest.fixture(scope="module")
def tallies():
    score = _score_module()
    counts = {code: [0, 0, 0] for code in GUARDED}  # tp, fp, fn
    for label_file in sorted((CORPUS / "labels").glob("*.json")):
        label = json.loads(label_file.read_text(encoding="utf-8"))
        doc = CORPUS / "docs" / label["file"]
        if not label.get("is_privacy_policy", True) or label.get("language", "en") != "en":
            continue
        if not doc.name.endswith(SUFFIXES) or not doc.is_file():
            continue
        expected = score.expected_codes(label, TODAY) - score.unscored(label)
        fired = {f.code for f in lint_text(doc.read_text(encoding="utf-8"), doc.name, {"today": TODAY})}
        for code in GUARDED:
            if code in score.unscored(label):
                continue
            exp, got = code in expected, code in fired
            counts[code][0] += exp and got
            counts[code][1] += got and not exp
            counts[code][2] += exp and not got
    return counts


def test_overall_precision_and_recall(tallies):
    tp = sum(c[0] for c in tallies.values())
    fp = sum(c[1] for c in tallies.values())
    fn = sum(c[2] for c in tallies.values())
    assert tp / (tp + fp) >= 0.90, tallies
    assert tp / (tp + fn) >= 0.85, tallies


@pytest.mark.parametrize("code", GUARDED)
def test_no_rule_below_precision_floor(tallies, code):
    tp, fp, _ = tallies[code]
    if tp + fp:
        assert tp / (tp + fp) >= 0.75, (code, tallies[code])
