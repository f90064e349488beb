from __future__ import annotations

import re

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.plan import plan_documents
from kzpolicy_gen.plan.structure import TEMPLATES
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import PROFILES, profile_text


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_three_languages_have_the_same_clauses_in_the_same_order(path: object) -> None:
    profile = load_profile(str(path))
    texts = render_texts(profile, ["ru", "kk", "en"])
    by_doc: dict[str, list[tuple[str, ...]]] = {}
    for text in texts:
        numbers = tuple(re.findall(r"^\*\*([0-9.]+)\*\* ", text.markdown, flags=re.MULTILINE))
        by_doc.setdefault(text.doc_id, []).append((*text.node_ids, "|", *numbers))
    for doc, outlines in by_doc.items():
        assert len(outlines) == 3, doc
        assert outlines[0] == outlines[1] == outlines[2], doc


def test_numbering_is_contiguous() -> None:
    plan = plan_documents(validate_text(profile_text()))[0]
    assert [s.number for s in plan.sections] == [str(i) for i in range(1, len(plan.sections) + 1)]
    for section in plan.sections:
        assert [c.number for c in section.clauses] == [f"{section.number}.{i}"
                                                       for i in range(1, len(section.clauses) + 1)]


def test_conditions_switch_clauses() -> None:
    with_marketing = validate_text(profile_text())
    text = profile_text(**{"marketing:\n  channels: [email, sms]\n  unsubscribe_link: true\n": ""})
    without = validate_text(text)
    ids_with = plan_documents(with_marketing)[0].node_ids()
    ids_without = plan_documents(without)[0].node_ids()
    assert "marketing.consent" in ids_with and "marketing.consent" not in ids_without
    assert "cross_border.transfer" in ids_with and "cross_border.none" not in ids_with


def test_cross_border_none_when_everything_stays_in_kazakhstan() -> None:
    text = profile_text(**{"  - service: google_analytics\n    purposes: [analytics]\n    agreement: true\n": "",
                           "  - service: yandex_metrica\n    purposes: [analytics]\n    agreement: true\n": "",
                           "  - service: sendpulse\n    purposes: [marketing]\n    agreement: true\n": ""})
    ids = plan_documents(validate_text(text))[0].node_ids()
    assert "cross_border.none" in ids and "cross_border.transfer" not in ids


def test_reasons_name_the_profile_fields() -> None:
    plan = plan_documents(validate_text(profile_text()))[0]
    clause = next(c for s in plan.sections for c in s.clauses if c.id == "cross_border.transfer")
    assert any("third_parties[].country" in r.fields for r in clause.reasons)
    assert clause.articles and all(a.startswith(("94-V:", "R", "DC:")) for a in clause.articles)


def test_every_clause_cites_an_article() -> None:
    for spec in TEMPLATES:
        for section in spec.sections:
            for clause in section.clauses:
                assert clause.articles, clause.id


def test_documents_follow_their_conditions() -> None:
    full = {p.id for p in plan_documents(validate_text(profile_text()))}
    assert full == {"policy", "consent", "consent-cross-border", "consent-marketing", "withdrawal-form",
                    "request-form", "cookie-notice", "form-snippets"}
    text = profile_text(**{"marketing:\n  channels: [email, sms]\n  unsubscribe_link: true\n": "",
                           "  - service: google_analytics\n    purposes: [analytics]\n    agreement: true\n": "",
                           "  - service: yandex_metrica\n    purposes: [analytics]\n    agreement: true\n": "",
                           "  - service: sendpulse\n    purposes: [marketing]\n    agreement: true\n": "",
                           "cookies:\n  categories: [necessary, analytics]\n"
                           "  functions: [session, sign_in, cart, security, cookie_choice]\n"
                           "  banner: true\n": ""})
    reduced = {p.id for p in plan_documents(validate_text(text))}
    assert reduced == {"policy", "consent", "withdrawal-form", "request-form", "form-snippets"}
    no_forms = profile_text(**{"website_forms: [order, callback, account, newsletter]\n": ""})
    assert "form-snippets" not in {p.id for p in plan_documents(validate_text(no_forms))}
    public = profile_text(**{"scale:\n": "public_distribution:\n  what: {ru: отзывы, kk: пікірлер, en: reviews}\n"
                                          "  data: [identity]\n  purposes: [account]\n"
                                          "scale:\n"})
    assert "consent-public" in {p.id for p in plan_documents(validate_text(public))}


def test_clause_reference_doc_is_current() -> None:
    from kzpolicy_gen.plan.reference import clauses_markdown
    from tests.conftest import ROOT

    committed = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    assert committed == clauses_markdown(), "run: python -m kzpolicy_gen.plan.reference > docs/clauses.md"


def test_premises_switch_on_the_offline_clause() -> None:
    points = ("premises:\n  - kind: point_of_sale\n"
              "    name: {ru: магазин на Абая 1, kk: Абай 1 дүкені, en: the store at 1 Abay Ave}\n"
              "subjects: [")
    without = plan_documents(validate_text(profile_text()))[0].node_ids()
    profile = validate_text(profile_text(**{"subjects: [": points}))
    assert "general.offline" not in without
    assert "general.offline" in plan_documents(profile)[0].node_ids()
    policy = {t.lang: t.markdown for t in render_texts(profile, ["ru", "kk", "en"]) if t.doc_id == "policy"}
    assert "- магазин на Абая 1" in policy["ru"] and "- Абай 1 дүкені" in policy["kk"]
    assert "- the store at 1 Abay Ave" in policy["en"]
