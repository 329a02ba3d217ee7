"""PL501 implied-cookie-consent and PL502 consent-by-use.

Both find a sentence in which an act of using the site or service (`act`: "by using",
"by continuing to browse", "if you use this app", "your continued use of", "by submitting
your personal data") is presented as the reader's assent (`assent`: "you agree", "you
consent", "you are accepting", "will be regarded as acceptance", "means you accept").
What is assented to is the rest of the sentence after the assent, less the act (the
object):
- cookies or similar technologies (`cookie`): PL501;
- otherwise, the processing of personal data or the privacy notice's practices
  (`processing`: "our processing of personal data", "the collection and use of
  information", "this privacy policy", "the practices described", "those changes"):
  PL502. Agreement only to terms of use ("these terms") is not about processing and is
  not reported.
Not consent: an assent just after a negation ("does not mean you agree", "will not be
treated as consent") or a condition ("if you consent to cookies, ..."), and an object
that starts with "not" ("you agree not to misuse"). The two rules
share their vocabulary (PL502 takes PL501's options with `options-from`).
"""
from __future__ import annotations

from ..finding import Hit
from ..kinds.common import compiled

COOKIE, PROCESSING = "cookie", "processing"


def statements(rule, doc) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each use-as-consent statement, kind 'cookie' or 'processing'.
    Computed once per document for the rules that share this vocabulary."""
    return doc.memo(("consent-by-use", id(rule.options["act"])), lambda: list(_statements(rule, doc)))


def _statements(rule, doc):
    prose = doc.prose
    act = compiled(rule, "act")
    assent = compiled(rule, "assent")
    negation = compiled(rule, "negation")
    conditional = compiled(rule, "conditional")
    cookie = compiled(rule, "cookie")
    processing = compiled(rule, "processing")
    not_object = compiled(rule, "not-object")
    reach = rule.options.get("reach", 250)
    done: set[tuple[int, int]] = set()
    for m in assent.finditer(prose):
        a, b = doc.sentence_at(m.start())
        if (a, b) in done:
            continue
        if negation is not None and negation.search(prose, max(a, m.start() - 40), m.start()):
            continue
        if conditional is not None and conditional.search(prose, max(a, m.start() - 80), m.start()):
            continue
        # the act that is presented as this assent: before it in the sentence, or just after
        acts = [x for x in act.finditer(prose, a, b) if x.start() != m.start()]
        before = [x for x in acts if x.end() <= m.start() and m.start() - x.end() <= reach]
        after = [x for x in acts if x.start() >= m.end() and x.start() - m.end() <= 120]
        if before:
            start, act_end, skip = before[-1].start(), 0, (0, 0)
        elif after:
            start, act_end, skip = m.start(), after[0].end(), (after[0].start(), after[0].end())
        else:
            continue
        # what is assented to: the rest of the sentence, less an act that follows the assent
        if not_object is not None and not_object.match(prose, m.end(), b):
            continue
        for kind, pattern in ((COOKIE, cookie), (PROCESSING, processing)):
            found = next((x for x in pattern.finditer(prose, m.end(), b) if not skip[0] <= x.start() < skip[1]), None)
            if found is not None:
                done.add((a, b))
                end = max(act_end, found.end())
                while end < len(prose) and (prose[end].isalnum() or prose[end] == "-"):
                    end += 1  # to the end of the word
                yield start, end, kind
                break


def _report(rule, doc, kind):
    for start, end, k in statements(rule, doc):
        if k == kind:
            yield Hit(start, end, {"match": " ".join(doc.source[start:end].split())})


def implied_cookie_consent(rule, doc, ctx):
    yield from _report(rule, doc, COOKIE)


def consent_by_use(rule, doc, ctx):
    yield from _report(rule, doc, PROCESSING)
