"""Derived once, the same everywhere: purposes, data, recipients, countries and actions read identically in the
policy table, each consent, the forms and register.json, for every shipped profile and every truth fixture.

Why from the rendered text: a template that restates a fact loosely ("the data listed in the consent to
collection") passes any test of the plan; only the words a reader gets show whether the documents agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.register import register_json
from kzpolicy_gen.render import text as fmt
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.validate import load_profile
from tests.conftest import PROFILES, ROOT

ALL = sorted(PROFILES) + sorted((ROOT / "tests" / "fixtures" / "truth").glob("*.yaml")) + [
    ROOT / "tests" / "fixtures" / "operators" / "pawnshop.yaml"]  # custom consents, each with its own items


def _id(path: Path) -> str:
    return path.parent.name + "/" + path.stem


def _rows(policy: str) -> dict[str, list[str]]:
    """Purpose-table rows of a policy: first cell (purpose, with any note) → cells."""
    rows = {}
    for line in policy.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if len(cells) == 5:
                rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_documents_and_register_agree(path: Path) -> None:
    profile = load_profile(path)
    lang = profile.document.languages[0]
    known = facts(profile)
    view = language_view(profile, lang)
    docs = {t.doc_id: t.markdown for t in render_texts(profile, [lang])}
    register = json.loads(register_json(profile, [lang]))

    # policy table: each purpose row carries exactly the purpose's data and its derived actions
    rows = _rows(docs["policy"])
    for purpose, item in zip(view["purposes"], known.purposes, strict=True):
        row = next(cells for first, cells in rows.items() if first.startswith(fmt.md_escape(purpose["name"])))
        assert row[1] == fmt.md_escape(fmt.join(lang, purpose["data"])), purpose["id"]
        assert row[3] == fmt.md_escape(fmt.join(lang, purpose["actions"])), purpose["id"]
        entry = next(p for p in register["purposes"] if p["id"] == item.id)
        assert entry["actions"] == list(item.actions) and entry["countries"] == list(item.countries)
        assert set(item.actions) >= set(profile.purposes[known.purposes.index(item)].actions)
        if item.recipients or item.law_recipients:
            assert "transfer" in item.actions
        if item.countries:
            assert "cross_border_transfer" in item.actions

    # each consent: its own data, purposes, recipients, countries and actions, in words, and in the register
    for doc_id, consent in known.consents.items():
        words = view["consents"][doc_id]
        text = docs[doc_id]
        for value in words["data"] + words["purposes"] + words["countries"]:
            assert fmt.md_escape(value) in text or fmt.md_escape(fmt.join(lang, words["data"])) in text, \
                (doc_id, value)
        for recipient in words["recipients"]:
            assert fmt.md_escape(recipient["name"]) in text, (doc_id, recipient["name"])
        if doc_id != "consent-public":
            assert fmt.md_escape(fmt.join(lang, words["actions"])) in text, doc_id
        assert register["consents"][doc_id]["data"] == list(consent.data)
        assert register["consents"][doc_id]["countries"] == list(consent.countries)
        assert register["consents"][doc_id]["recipients"] == list(consent.recipients)

    # the cross-border consent names exactly the countries and abroad recipients of the policy
    if "consent-cross-border" in known.consents:
        cross = known.consents["consent-cross-border"]
        assert set(cross.countries) == set(known.countries_abroad)
        assert all(known.recipients[i].abroad for i in cross.recipients)
        assert {r.index for r in known.recipients if r.abroad and not r.under_law} <= set(cross.recipients)
        assert register["cross_border"]["countries"] == list(known.countries_abroad)

    # forms: the cross-border checkbox names the same countries as the policy
    if "form-snippets" in docs and "(consent-cross-border.html)" in docs["form-snippets"]:
        assert fmt.md_escape(fmt.join(lang, view["countries_abroad"])) in docs["form-snippets"]
    # the withdrawal form offers withdrawing only consents that exist
    withdrawal = docs["withdrawal-form"]
    assert ("consent-marketing" in known.consents) == (view["marketing"] is not None)
    if "consent-cross-border" not in known.consents:
        assert not any(word in withdrawal for word in ("cross-border", "трансграничн", "трансшекаралық"))


def test_example_marketing_lists_the_mailing_service_abroad() -> None:
    """Issue 13: marketing mail goes through SendPulse (United States), so marketing has both transfers."""
    profile = load_profile(ROOT / "profiles" / "example.yaml")
    known = facts(profile)
    marketing = known.purpose("marketing")
    assert "transfer" in marketing.actions and "cross_border_transfer" in marketing.actions
    assert marketing.countries == ("US",)
    assert "transfer" in known.purpose("account").actions  # the host serves the account purpose
    en = {t.doc_id: t.markdown for t in render_texts(profile, ["en"])}
    assert "SendPulse" in en["consent-marketing"] and "United States" in en["consent-marketing"]
    assert "only as stated in the Policy" not in en["consent-marketing"]
    assert "the data listed in the consent to collection" not in en["consent-cross-border"]
