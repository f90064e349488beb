"""Override templates (plan §2.10): sandboxed, confined to their folder, limited, and unable to change structure.

Each case is the built-in English policy wording with one line added to the first clause (or the
file replaced), given with `--templates`. A refused override is a located `tpl-*` error with exit 3
and no output; an accepted one comes out inert.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile, render_texts
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.plan import plan_documents
from kzpolicy_gen.render.wording import WordingEnvironment, builtin_templates
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE
from tests.security.carrier import BASE, carrier_text, parse_html
from tests.test_requirements import REQUIREMENTS

MACRO = "{% macro general__purpose() %}\n"
ORIGINAL = (builtin_templates() / "en" / "policy.md.j2").read_text(encoding="utf-8")
LINE = ORIGINAL[: ORIGINAL.index(MACRO)].count("\n") + 2  # the line added after the macro's first line

REFUSED = {
    "O-01 mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "tpl-unsafe"),
    "O-02 cycler globals": ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "tpl-unsafe"),
    "O-02 lipsum globals": ("{{ lipsum.__globals__['os'] }}", "tpl-unsafe"),
    "O-02 attr filter": ("{{ ''|attr('__class__') }}", "tpl-unsafe"),
    "O-02 str.format": ("{{ '{0.__class__}'.format(operator) }}", "tpl-unsafe"),
    "O-02 format_map": ("{{ '{x.__class__}'.format_map({'x': 1}) }}", "tpl-unsafe"),
    "O-02 helper globals": ("{{ ref.__globals__ }}", "tpl-unsafe"),
    "O-03 include parent": ("{% include '../../x' %}", "tpl-include"),
    "O-03 include absolute": ("{% include '/etc/hostname' %}", "tpl-include"),
    "O-03 import parent": ("{% import '../secret.j2' as s %}", "tpl-include"),
    "O-05 safe filter": ("{{ operator.name|safe }}", "tpl-syntax"),
    "O-06 huge range": ("{% for i in range(10**9) %}{% endfor %}", "tpl-limit"),
    "O-06 nested loops": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                          "tpl-limit"),
    "O-06 recursion": ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "tpl-limit"),
    "O-07 string bomb": ("{{ 'x' * 10**9 }}", "tpl-limit"),
    "O-07 chained bomb": ("{{ 'x' * 100000 * 100000 }}", "tpl-limit"),
    "O-07 power": ("{{ 10 ** 100000000 }}", "tpl-limit"),
    "O-10 syntax": ("{% if %}", "tpl-syntax"),
    "O-11 undefined": ("{{ operator.nmae }}", "tpl-undefined"),
    "own: division by zero": ("{{ 1 / 0 }}", "tpl-error"),
    "own: atx heading": ("Intro.\n\n## 99. We sell your data\n\nMore.", "tpl-structure"),
    "own: setext heading": ("Intro.\n\nWe sell your data\n=================\n\nMore.", "tpl-structure"),
    "own: forged clause": ("Intro.\n\n**9.9.** We sell your data\n\nMore.", "tpl-structure"),
}


def override(root: Path, source: str) -> Path:
    folder = root / "templates"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "policy.md.j2").write_text(source, encoding="utf-8")
    return folder


def with_line(line: str) -> str:
    return ORIGINAL.replace(MACRO, MACRO + line + "\n", 1)


def refused(tmp_path: Path, templates: Path, profile: Path = BASE) -> KzPolicyError:
    out = tmp_path / "out"
    with pytest.raises(KzPolicyError) as info:
        build_profile(profile, out, languages="en", formats="md,html", templates=templates)
    assert int(info.value.exit_code) == 3
    assert not out.exists(), "a refused override must write nothing"
    return info.value


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runaway loops stop after 1 s here (10 s in real builds) to keep the suite fast."""
    monkeypatch.setattr(WordingEnvironment, "time_limit", 1.0)


@pytest.mark.parametrize(("line", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_unsafe_or_broken_override_is_a_located_error(line: str, code: str, tmp_path: Path) -> None:
    error = refused(tmp_path, override(tmp_path, with_line(line)))
    issue = error.issues[0]
    assert issue.code == code, issue.format()
    assert issue.file.endswith("en/policy.md.j2")
    whole_document = code == "tpl-structure" or "longer than" in issue.message  # outline and time limit
    assert issue.line == (0 if whole_document else LINE), issue.format()


def test_symlinked_template_is_refused_and_target_never_shown(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-7f3a secret", encoding="utf-8")
    folder = tmp_path / "templates"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "policy.md.j2").symlink_to(secret)
    error = refused(tmp_path, folder)
    assert error.issues[0].code == "tpl-symlink" and "MARKER-7f3a" not in str(error)


def test_symlinked_language_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "policy.md.j2").write_text(ORIGINAL, encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "en").symlink_to(elsewhere)
    assert refused(tmp_path, folder).issues[0].code == "tpl-symlink"


def test_non_utf8_and_huge_templates_are_refused(tmp_path: Path) -> None:
    cp1251 = tmp_path / "a"
    (cp1251 / "templates" / "en").mkdir(parents=True)
    (cp1251 / "templates" / "en" / "policy.md.j2").write_bytes(with_line("Оператор").encode("cp1251"))
    assert refused(cp1251, cp1251 / "templates").issues[0].code == "tpl-encoding"
    huge = tmp_path / "b"
    huge.mkdir()
    assert refused(huge, override(huge, with_line("x" * 300_000))).issues[0].code == "tpl-too-large"


def test_dropped_or_emptied_clause_is_refused(tmp_path: Path) -> None:
    start = ORIGINAL.index(MACRO)
    end = ORIGINAL.index("{% endmacro %}", start) + len("{% endmacro %}")
    dropped = tmp_path / "dropped"
    dropped.mkdir()
    assert refused(dropped, override(dropped, ORIGINAL[:start] + ORIGINAL[end:])).issues[0].code == \
        "tpl-missing-clause"
    emptied = tmp_path / "emptied"
    emptied.mkdir()
    source = ORIGINAL[:start] + MACRO + "{% endmacro %}" + ORIGINAL[end:]
    assert refused(emptied, override(emptied, source)).issues[0].code == "tpl-empty-clause"


MARKUP = ("<script>alert(1)</script><img src=x onerror=alert(1)> ![i](http://127.0.0.1:9/x.png) "
          "[a](javascript:alert(1)) <a rel=attachment href='file:///etc/hostname'>f</a> "
          "{% autoescape false %}{{ operator.name }}{% endautoescape %}")


def test_markup_in_an_override_and_values_it_prints_stay_inert(tmp_path: Path) -> None:
    """Template text may hold HTML or Markdown links; the HTML still has no script, image or foreign link."""
    profile = tmp_path / "p.yaml"
    profile.write_text(carrier_text("<script>alert(2)</script>"), encoding="utf-8")
    out = tmp_path / "out"
    build_profile(profile, out, languages="en", formats="md,html", templates=override(tmp_path, with_line(MARKUP)))
    assert "&lt;script&gt;alert(2)" in (out / "en" / "policy.md").read_text(encoding="utf-8")
    for name in ("policy.html", "policy.fragment.html"):
        page = parse_html((out / "en" / name).read_text(encoding="utf-8"))
        assert not {"script", "img", "svg", "link", "object", "iframe"} & {tag for tag, _ in page.tags}
        hrefs = [value or "" for _, attrs in page.tags for key, value in attrs if key == "href"]
        assert not [h for h in hrefs if h.split(":")[0].lower() in ("javascript", "file", "data")]
        assert [attrs for tag, attrs in page.tags if tag == "a" and ("rel", "attachment") in attrs] == []
        assert "<script>alert(2)</script>" in "".join(page.text)


def test_reworded_override_keeps_the_clause_tree(tmp_path: Path) -> None:
    """Parity: an override that changes words leaves clause ids and numbers exactly as the built-in wording."""
    plain = tmp_path / "plain"
    build_profile(BASE, plain, languages="en", formats="md")
    reworded = ORIGINAL.replace(MACRO, MACRO + "In plain words:", 1)
    out = tmp_path / "out"
    build_profile(BASE, out, languages="en", formats="md", templates=override(tmp_path, reworded))
    documents = [json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
                 for folder in (plain, out)]
    assert documents[0] == documents[1]
    assert "In plain words:" in (out / "en" / "policy.md").read_text(encoding="utf-8")


def test_cli_reports_unsafe_override_with_exit_3_and_no_traceback(tmp_path: Path) -> None:
    templates = override(tmp_path, with_line(REFUSED["O-01 mro"][0]))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "build", str(BASE), "-o", str(out), "--lang", "en",
                             "--format", "md", "--templates", str(templates)], capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"}, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 3, result.stderr
    assert f"en/policy.md.j2:{LINE}:1: error[tpl-unsafe]" in result.stderr.splitlines()[0]
    assert "Traceback" not in result.stderr + result.stdout and not out.exists()


def test_requirements_hold_on_a_reworded_override(tmp_path: Path) -> None:
    """The law's requirement table (tests/test_requirements.py) also holds on what an override renders."""
    folder = tmp_path / "templates"
    for lang in ("ru", "kk", "en"):
        (folder / lang).mkdir(parents=True)
        source = (builtin_templates() / lang / "policy.md.j2").read_text(encoding="utf-8")
        (folder / lang / "policy.md.j2").write_text(source.replace(MACRO, MACRO + "Reworded. ", 1), encoding="utf-8")
    profile = load_profile(EXAMPLE)
    plans = {plan.id: plan for plan in plan_documents(profile)}
    texts = {(t.doc_id, t.lang): t.markdown for t in render_texts(profile, ["ru", "kk", "en"], folder)}
    assert "Reworded. " in texts[("policy", "en")]
    for _, doc, clause, phrases in REQUIREMENTS:
        number = plans[doc].numbers()[clause]
        for lang, phrase in zip(("ru", "kk", "en"), phrases, strict=True):
            match = re.search(rf"^\*\*{re.escape(number)}\.\*\* (.*?)(?=^\*\*\d|^## |\Z)", texts[(doc, lang)],
                              flags=re.MULTILINE | re.DOTALL)
            assert match and phrase in match.group(1), (doc, lang, clause, phrase)
