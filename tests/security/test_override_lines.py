"""Errors in override templates name the line they are on, wherever the statement sits; an outline changed
by a profile value is never blamed on the built-in wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.plan import plan_documents
from kzpolicy_gen.render import wording
from kzpolicy_gen.render.wording import RenderedText, WordingEnvironment, builtin_templates, default_environment
from kzpolicy_gen.validate import load_profile
from tests.security.carrier import BASE

ORIGINAL = (builtin_templates() / "en" / "policy.md.j2").read_text(encoding="utf-8")
MACRO = "{% macro general__purpose() %}\n"

STATEMENTS = {
    "include": "{% include 'missing.j2' %}",
    "include-parent": "{% include '../outside.j2' %}",
    "import": "{% import 'missing.j2' as helpers %}",
    "from-import": "{% from 'missing.j2' import helper %}",
}


def _override(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "policy.md.j2").write_text(text, encoding="utf-8")
    return folder


def _error(tmp_path: Path, text: str) -> KzPolicyError:
    with pytest.raises(KzPolicyError) as caught:
        build_profile(BASE, tmp_path / "out", languages="en", formats="md", templates=_override(tmp_path, text))
    return caught.value


@pytest.mark.parametrize("blank_lines", [0, 2, 9])
@pytest.mark.parametrize("kind", sorted(STATEMENTS))
def test_top_level_statement_is_reported_at_its_line(kind: str, blank_lines: int, tmp_path: Path) -> None:
    text = "{#- override -#}\n" + "\n" * blank_lines + STATEMENTS[kind] + "\n" + ORIGINAL
    issue = _error(tmp_path, text).issues[0]
    assert (issue.code, issue.line) == ("tpl-include", blank_lines + 2), issue.format()


@pytest.mark.parametrize("kind", sorted(STATEMENTS))
def test_statement_inside_a_macro_is_reported_at_its_line(kind: str, tmp_path: Path) -> None:
    text = ORIGINAL.replace(MACRO, MACRO + STATEMENTS[kind] + "\n", 1)
    line = text[: text.index(STATEMENTS[kind])].count("\n") + 1
    issue = _error(tmp_path, text).issues[0]
    assert (issue.code, issue.line) == ("tpl-include", line), issue.format()


def _outline_break(env: WordingEnvironment) -> KzPolicyError:
    plan = plan_documents(load_profile(BASE))[0]
    text = RenderedText(plan.id, "en", "T", "# T\n\n# extra\n", (), ())
    with pytest.raises(KzPolicyError) as caught:
        wording._check_outline(text, plan, env)
    return caught.value


def test_changed_outline_with_built_in_wording_blames_the_value_not_the_template() -> None:
    issue = _outline_break(default_environment()).issues[0]
    assert issue.code == "value-structure" and ".j2" not in issue.file and "built-in" not in issue.message


def test_changed_outline_with_an_override_blames_the_override(tmp_path: Path) -> None:
    error = _outline_break(WordingEnvironment([_override(tmp_path, ORIGINAL), builtin_templates()]))
    assert error.issues[0].code == "tpl-structure" and int(error.exit_code) == 3
