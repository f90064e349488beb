from __future__ import annotations

import re

import jinja2
import pytest

from kzpolicy_gen.plan.structure import DOCUMENTS
from kzpolicy_gen.render.wording import builtin_templates, macro_name, section_macro

LANGS = ("ru", "kk", "en")
#: Grammar helpers differ by language by design (Russian cases, Kazakh suffixes, English articles).
GRAMMAR_HELPERS = {"inflect", "gen", "dat", "acc", "ins", "loc", "abl", "phrase", "the", "choose", "by_gender",
                   "knows_gender"}


def macros(lang: str, doc: str) -> set[str]:
    source = (builtin_templates() / lang / f"{doc}.md.j2").read_text(encoding="utf-8")
    return set(re.findall(r"\{% macro ([a-z0-9_]+)\(", source))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda s: s.id)
def test_every_node_has_wording_in_every_language(lang: str, spec: object) -> None:
    from kzpolicy_gen.plan.structure import DocumentSpec

    assert isinstance(spec, DocumentSpec)
    expected = {"title"}
    for section in spec.sections:
        expected.add(section_macro(section.id))
        expected.update(macro_name(clause.id) for clause in section.clauses)
    assert macros(lang, spec.id) == expected


@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda s: s.id)
def test_languages_use_the_same_values(spec: object) -> None:
    from jinja2 import meta

    from kzpolicy_gen.plan.structure import DocumentSpec

    assert isinstance(spec, DocumentSpec)
    env = jinja2.Environment()
    used = []
    for lang in LANGS:
        source = (builtin_templates() / lang / f"{spec.id}.md.j2").read_text(encoding="utf-8")
        used.append(meta.find_undeclared_variables(env.parse(source)) - GRAMMAR_HELPERS)
    assert used[0] == used[1] == used[2]


def test_kazakh_uses_statutory_term() -> None:
    for path in (builtin_templates() / "kk").glob("*.j2"):
        assert "жеке деректер" not in path.read_text(encoding="utf-8").lower()


def test_templates_carry_no_foreign_law_residue() -> None:
    residue = re.compile(r"федеральн|роскомнадзор|152-фз|federal law|roskomnadzor|legitimate interest|GDPR"
                         r"|законн\w* интерес|performance of a contract|federal", re.IGNORECASE)
    for path in builtin_templates().rglob("*.j2"):
        match = residue.search(path.read_text(encoding="utf-8"))
        assert match is None, (path, match)


def test_third_party_without_a_name_is_listed_by_its_role_once() -> None:
    from kzpolicy_gen.build import render_texts
    from kzpolicy_gen.validate import validate_text
    from tests.conftest import profile_text

    unnamed = profile_text(**{"    name:\n      ru: курьерские службы-партнёры по договорам с оператором\n"
                               "      kk: оператормен шарт жасасқан серіктес курьерлік қызметтер\n"
                               "      en: partner courier services under contracts with the operator\n": ""})
    texts = render_texts(validate_text(unnamed), ["ru", "kk", "en"])
    policy = {t.lang: t.markdown for t in texts if t.doc_id == "policy"}
    assert "- курьерские службы, Республика Казахстан; цель:" in policy["ru"]
    assert "- курьерлік қызметтер, Қазақстан Республикасы; мақсаты:" in policy["kk"]
    assert "- courier services, Republic of Kazakhstan; purpose:" in policy["en"]
    assert "- Kaspi Pay (Kaspi Bank JSC) — banks and payment services, Republic of Kazakhstan" in policy["en"]
