"""`build --explain` names, for each clause, what its sentences state: every clause is listed, and every
name is a real profile field, law-pack entry or derived fact."""

from __future__ import annotations

import re

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan import facts as facts_module
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.plan.sources import STATES, states
from kzpolicy_gen.plan.structure import DOCUMENTS
from kzpolicy_gen.render.context import language_view
from kzpolicy_gen.render.pack_context import pack_view
from kzpolicy_gen.validate import validate_text
from tests.conftest import profile_text


def test_every_clause_of_every_document_says_what_it_states() -> None:
    missing = [f"{spec.id}:{clause.id}" for spec in DOCUMENTS for section in spec.sections
               for clause in section.clauses if not (f"{spec.id}:{clause.id}" in STATES or clause.id in STATES)]
    assert missing == []
    used = {clause.id for spec in DOCUMENTS for section in spec.sections for clause in section.clauses}
    heads = [f"{spec.id}:{clause.id}" for spec in DOCUMENTS for clause in spec.head]
    assert [h for h in heads if not (h in STATES or h.split(":")[1] in STATES)] == []
    used |= {clause.id for spec in DOCUMENTS for clause in spec.head}
    used |= {f"{spec.id}:{clause.id}" for spec in DOCUMENTS for section in spec.sections for clause in section.clauses}
    used |= {f"{spec.id}:{clause.id}" for spec in DOCUMENTS for clause in spec.head}
    assert set(STATES) - used == set(), "entries for clauses that no longer exist"


def test_every_source_names_something_real() -> None:
    fields = set(Profile.model_fields)
    law = set(cat.lawpack())
    derived = {name for name in dir(facts_module.Facts)} | set(facts_module.Facts.__dataclass_fields__)
    derived |= {"actions", "outlives_consent", "needing_transfer", "consents", "takes_orders"}
    example = validate_text(profile_text())
    pack = set(pack_view(example, "ru", language_view(example, "ru")))  # `pack:` values of the compliance pack
    for clause, sources in STATES.items():
        for source in sources:
            if source == "text" or source.startswith("catalogue:"):
                continue
            if source.startswith("law:"):
                assert source[4:].split(".")[0] in law, (clause, source)
            elif source.startswith("pack:"):
                assert re.split(r"[.\[ =(]", source[5:])[0] in pack, (clause, source)
            elif source.startswith("facts:"):
                assert re.split(r"[\[ =(]", source[6:])[0] in derived, (clause, source)
            else:
                assert re.split(r"[.\[ ]", source)[0] in fields, (clause, source)


def test_explain_prints_the_sources_of_each_clause() -> None:
    plans = plan_documents(validate_text(profile_text()))
    text = explain(plans)
    assert "states: third_parties[] without under_law" in text
    assert f"states: {'; '.join(states('policy', 'conditions.term_limit'))}" in text
    assert text.count("states: ") == sum(len(s.clauses) for p in plans for s in p.sections) + sum(len(p.head)
                                                                                               for p in plans)
