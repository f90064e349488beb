"""Facts that operators outside retail disclose, each from its own profile field (issue: operator kinds).

Why fixtures: each fixture under tests/fixtures/operators states facts that used to go into free text
(approval order, licences, contacts by purpose, statutory retention); the wording must state exactly those
facts in ru/kk/en, and a profile without the field must not get the sentence.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.register import register_json
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import ROOT, profile_text

FIXTURES = ROOT / "tests" / "fixtures" / "operators"


@cache
def texts(name: str) -> dict[tuple[str, str], str]:
    """(language, document) → Markdown of one fixture."""
    profile = load_profile(FIXTURES / f"{name}.yaml")
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, list(profile.document.languages))}


def errors(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(ProfileError) as caught:
        validate_text(text)
    return [(i.code, i.path, i.hint) for i in caught.value.issues]


# --- approval (Art. 25 p.2 sub.1-1) -------------------------------------------------------------------------

def test_the_approval_stamp_opens_the_policy_in_every_language() -> None:
    ru, kk, en = (texts("clinic")[(lang, "policy")] for lang in ("ru", "kk", "en"))
    assert ru.startswith("**УТВЕРЖДЕНА**  \nприказом главного врача ТОО «Медикал Нур» от 20 ноября 2026 года № 15-П")
    assert kk.startswith("**БЕКІТІЛГЕН**  \n«Медикал Нұр» ЖШС бас дәрігерінің 2026 жылғы 20 қарашадағы № 15-П "
                         "бұйрығымен")
    assert en.startswith("**APPROVED**  \nby order of the Chief Physician of Medical Nur LLP No. 15-П dated "
                         "20 November 2026")
    assert ru.index("УТВЕРЖДЕНА") < ru.index("# Политика")
    assert "УТВЕРЖДЕН" not in texts("clinic")[("ru", "consent")]  # the stamp is the policy's


def test_no_stamp_without_the_field() -> None:
    policy = next(t.markdown for t in render_texts(validate_text(profile_text()), ["ru"]) if t.doc_id == "policy")
    assert policy.startswith("# Политика")


def test_the_approval_is_in_the_register_and_explained() -> None:
    profile = load_profile(FIXTURES / "clinic.yaml")
    data = json.loads(register_json(profile, ["ru", "en"]))
    assert data["approval"] == {"by": {"ru": "главный врач ТОО «Медикал Нур»",
                                       "en": "the Chief Physician of Medical Nur LLP"},
                                "order_no": "15-П", "date": "2026-11-20",
                                "place": {"ru": "г. Караганда", "en": "Karaganda"}}
    assert "head.approval" in explain(plan_documents(profile)).split("policy:")[1].split("consent")[0]
    assert "(approval)" in explain(plan_documents(profile))


def test_the_old_approved_by_gets_a_migration_error() -> None:
    text = profile_text(**{"document:\n": "document:\n  approved_by: {ru: директор}\n"})
    (code, path, hint), = errors(text)
    assert (code, path) == ("moved-field", "document.approved_by")
    assert "approval: {by:" in hint and "order_no" in hint
