from __future__ import annotations

import re

import jinja2
import pytest
from jinja2 import nodes

from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.plan.structure import TEMPLATES
from kzpolicy_gen.render.wording import builtin_templates, macro_name, section_macro

LANGS = LANGUAGES
#: Wording helpers, not values: which one a language calls is a matter of words (Russian cases, Kazakh
#: suffixes, English articles, a list joined or bulleted), so they are left out of the value comparison.
GRAMMAR_HELPERS = {"inflect", "gen", "dat", "acc", "ins", "loc", "abl", "phrase", "the", "choose", "by_gender",
                   "knows_gender", "named", "join", "bullets", "q", "paragraphs", "link", "blank", "days"}


def macros(lang: str, doc: str) -> set[str]:
    source = (builtin_templates() / lang / f"{doc}.md.j2").read_text(encoding="utf-8")
    return set(re.findall(r"\{% macro ([a-z0-9_]+)\(", source))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", TEMPLATES, ids=lambda s: s.wording)
def test_every_node_has_wording_in_every_language(lang: str, spec: object) -> None:
    from kzpolicy_gen.plan.structure import DocumentSpec

    assert isinstance(spec, DocumentSpec)
    expected = {"title"}
    for section in spec.sections:
        expected.add(section_macro(section.id))
        expected.update(macro_name(clause.id) for clause in section.clauses)
    expected.update(macro_name(clause.id) for clause in spec.head)
    assert macros(lang, spec.wording) == expected


def _expression(node: nodes.Node) -> str:
    """A canonical text of a template expression: `cookies.analytics_abroad`, `Not(has('x'))`, …"""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_expression(node.node)}[{_expression(node.arg)}]"
    parts = []
    for _, value in node.iter_fields():
        if isinstance(value, list):
            parts.append("[" + ", ".join(_expression(item) for item in value) + "]")
        elif isinstance(value, nodes.Node):
            parts.append(_expression(value))
        elif value is not None:
            parts.append(repr(value))
    return f"{type(node).__name__}({', '.join(parts)})"


def _grammatical(test: nodes.Node) -> bool:
    """A test that asks a grammar question (is the person's gender known?) chooses words, not facts."""
    return any(isinstance(call.node, nodes.Name) and call.node.name in GRAMMAR_HELPERS
               for call in test.find_all(nodes.Call))


def macro_structure(source: str) -> dict[str, tuple[list[str], list[str], set[str]]]:
    """Per macro: its `if` tests, its `for` loops and every value path it reads (names and attributes)."""
    tree = jinja2.Environment().parse(source)
    shapes = {}
    for macro in tree.find_all(nodes.Macro):
        tests = sorted({_expression(node.test) for node in macro.find_all(nodes.If)
                        if not _grammatical(node.test)})
        loops = sorted({f"{_expression(node.target)} in {_expression(node.iter)}"
                        for node in macro.find_all(nodes.For)})
        used = {_expression(node) for node in macro.find_all((nodes.Getattr, nodes.Name))} - GRAMMAR_HELPERS
        shapes[macro.name] = (tests, loops, used)
    return shapes


@pytest.mark.parametrize("spec", TEMPLATES, ids=lambda s: s.wording)
def test_languages_use_the_same_values(spec: object) -> None:
    """Each macro tests the same conditions, loops over the same lists and reads the same values in every
    language: the wording may differ in words only."""
    from kzpolicy_gen.plan.structure import DocumentSpec

    assert isinstance(spec, DocumentSpec)
    shapes = {lang: macro_structure((builtin_templates() / lang / f"{spec.wording}.md.j2").read_text(encoding="utf-8"))
              for lang in LANGS}
    for lang in LANGS[1:]:
        for name, shape in shapes[LANGS[0]].items():
            assert shapes[lang][name] == shape, f"{lang}/{spec.wording}.md.j2: macro {name} differs from {LANGS[0]}"


def test_the_parity_check_sees_a_dropped_condition() -> None:
    source = (builtin_templates() / "kk" / "policy.md.j2").read_text(encoding="utf-8")
    dropped = re.sub(r"\{% if cookies\.analytics_abroad %\}(.*?)\{% endif %\}", r"\1", source, count=1)
    assert dropped != source
    before, after = macro_structure(source), macro_structure(dropped)
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and "cookies.analytics_abroad" in before[changed[0]][2] - after[changed[0]][2]


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
