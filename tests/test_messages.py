"""The console message catalogue: every message in ru, kk and en with the same placeholders, every key the
code asks for exists, and every English problem text (validation, audit) has its ru/kk entry."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

from kzpolicy_gen.messages import LANGUAGES, PROBLEM_PREFIX, catalogue, t, translate
from tests.conftest import ROOT


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_every_language_with_the_same_placeholders() -> None:
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert _fields(entry["ru"]) == _fields(entry["kk"]) == _fields(entry["en"]), key


def _keys_in_code() -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "kzpolicy_gen").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "from kzpolicy_gen.messages import" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "_say") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
                elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
                    keys.add(str(first.left.value) + "*")  # a prefix: some key must start with it
                elif isinstance(first, ast.IfExp):
                    keys.update(str(b.value) for b in (first.body, first.orelse) if isinstance(b, ast.Constant))
    return keys


def test_every_key_the_code_uses_exists() -> None:
    used = _keys_in_code()
    assert len(used) > 10
    for key in used:
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in catalogue()), key
        else:
            assert key in catalogue(), key


def test_unknown_language_falls_back_to_english() -> None:
    assert t("detect.nothing_found", "de") == catalogue()["detect.nothing_found"]["en"]


# --- problems (validation and audit) in every language ---------------------------------------------------

#: Where problems are raised in English (translated on output by messages.translate).
PROBLEM_MODULES = ("validate.py", "loader.py", "extends.py", "models/fields.py", "models/profile.py", "audit.py",
                   "options.py", "output.py", "build.py", "render/pdf.py", "versions.py", "plan/planner.py",
                   "overrides.py")
_CALLS = {"Issue": (1,), "_refuse": (1,), "_YamlIssue": (1, 3), "PydanticCustomError": (1,), "_issue_error": (1, 4),
          "fail": (1, 2)}
HOLE = "\x00"


def _shapes(node: ast.expr, template: bool = False) -> list[str]:
    """The texts an expression can produce, each inserted value as HOLE (several for `a if c else b`).
    `template`: a pydantic message, whose {name} are placeholders."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [_holes(node.value) if template else node.value]
    if isinstance(node, ast.JoinedStr):
        out = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                out = [o + str(part.value) for o in out]
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.IfExp):
                out = [o + s for o in out for s in _shapes(part.value)]
            else:
                out = [o + HOLE for o in out]
        return out
    if isinstance(node, ast.IfExp):
        return _shapes(node.body, template) + _shapes(node.orelse, template)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _shapes(node.left, template) for b in _shapes(node.right, template)]
    return [HOLE]


def _holes(template: str) -> str:
    return "".join(literal + (HOLE if name is not None else "") for literal, name, _, _ in
                   string.Formatter().parse(template))


def _code_texts() -> dict[str, str]:
    """Every English problem text (message or hint) the problem modules can raise, as a shape → where."""
    found: dict[str, str] = {}
    for name in PROBLEM_MODULES:
        path = ROOT / "kzpolicy_gen" / name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            exprs: list[tuple[ast.expr, bool]] = []
            if isinstance(node, ast.Call):
                called = getattr(node.func, "id", getattr(node.func, "attr", None))
                for index in _CALLS.get(str(called), ()):
                    if len(node.args) > index:
                        exprs.append((node.args[index], called == "PydanticCustomError"))
                exprs += [(kw.value, False) for kw in node.keywords if kw.arg == "hint"]
            elif isinstance(node, ast.Dict):
                exprs += [(v, False) for k, v in zip(node.keys, node.values, strict=True)
                          if isinstance(k, ast.Constant) and k.value == "hint"]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:  # ("code", "message") pairs
                code = node.elts[0]
                if isinstance(code, ast.Constant) and isinstance(code.value, str) and \
                        code.value.replace("-", "").isalpha() and code.value.islower() and \
                        all(" " in shape for shape in _shapes(node.elts[1])):
                    exprs.append((node.elts[1], False))
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "hint" for t in node.targets):
                exprs.append((node.value, False))
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_hint"):
                exprs += [(r.value, False) for r in ast.walk(node) if isinstance(r, ast.Return) and r.value]
            for expr, template in exprs:
                for shape in _shapes(expr, template):
                    if shape.strip(HOLE + " .;?"):
                        found.setdefault(shape, f"{name}:{getattr(expr, 'lineno', 0)}")
    return found


def test_every_problem_text_of_the_code_has_an_entry_in_every_language() -> None:
    entries = {_holes(entry["en"]) for key, entry in catalogue().items() if key.startswith(PROBLEM_PREFIX)}
    code = _code_texts()
    assert len(code) > 100
    composite = {shape for shape in code if shape.startswith(HOLE)}  # a hint built of sentences, each an entry
    missing = [f"{where}: {shape!r}" for shape, where in sorted(code.items(), key=lambda i: i[1])
               if shape not in entries and shape not in composite and shape.rstrip(".") not in entries]
    assert missing == [], "add these to kzpolicy_gen/data/problems.yaml:\n" + "\n".join(missing)


def test_audit_messages_match_the_code_and_have_every_language() -> None:
    from kzpolicy_gen.audit import ELEMENTS, PATTERNS

    for item in [*PATTERNS, *ELEMENTS]:
        assert catalogue()[f"audit.{item.id}"]["en"] == item.message, item.id


def test_translate_carries_values_terms_and_sentences() -> None:
    assert translate("a BIN has 12 digits (got 11)", "kk") == "БСН 12 цифрдан тұрады (берілгені 11)"
    assert translate("the IIN check digit does not match", "ru") == "контрольная цифра ИИН не совпадает"
    assert translate("unknown services key 'jivosite'", "ru") == "'jivosite' — неизвестный ключ каталога (сервисы)"
    two = "did you mean 'kk'? Or give a custom entry: {id: ..., name: {ru: ..., kk: ..., en: ...}}"
    assert translate(two, "kk").startswith("'kk' деп жазғыңыз келген шығар? Немесе өз жазбаңызды беріңіз: {id: ...")
    assert translate("the file is empty but odd", "ru") == "the file is empty but odd"  # unknown: as raised
    assert translate("the profile is empty", "en") == "the profile is empty"
    assert translate("the profile is empty", "de") == "the profile is empty"
    assert translate("add law: {ru: ..., kk: ..., en: ...}", "ru") == "добавьте law: {ru: ..., kk: ..., en: ...}"
    assert translate("unknown format: docs", "kk") == "белгісіз мән (пішім): docs"
    from kzpolicy_gen.render.pdf import INSTALL_HINTS

    install = translate("; ".join(INSTALL_HINTS), "ru")  # the commands stay, the words around them are Russian
    assert "установите MSYS2" in install and "brew install pango" in install and "sudo apt install libpango" in install


def test_kazakh_problems_use_the_statutory_terms() -> None:
    kazakh = " ".join(entry["kk"] for key, entry in catalogue().items() if key.startswith(("problem.", "audit.")))
    assert "жеке деректер" not in kazakh.replace("«жеке деректер»", "")  # only where audit quotes the wrong term
    assert "дербес деректер" in kazakh and "БСН" in kazakh and "ЖСН" in kazakh and "үшінші тұлға" in kazakh
    assert "БИН" not in kazakh and "ИИН" not in kazakh


def test_the_bad_input_corpus_is_reported_in_russian_and_kazakh() -> None:
    """Every rejected corpus profile: each message and hint has a Russian and a Kazakh text (not the English)."""
    from kzpolicy_gen.errors import KzPolicyError
    from kzpolicy_gen.validate import load_profile
    from tests.security.test_corpus import CORPUS

    untranslated: list[str] = []
    rejected = 0
    for path in sorted(CORPUS.glob("*.yaml")):
        try:
            load_profile(path)
        except KzPolicyError as exc:
            rejected += 1
            for issue in exc.issues:
                for lang in ("ru", "kk"):
                    for english in (issue.message, issue.hint):
                        if english and translate(english, lang) == english and english.isascii():
                            untranslated.append(f"{path.name} {lang} [{issue.code}]: {english}")
    assert rejected > 40
    assert untranslated == []


def test_validate_and_audit_speak_the_interface_language(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from kzpolicy_gen.cli import main
    from tests.conftest import EXAMPLE

    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace('bin: "210540012341"', 'bin: "210540012342"'),
                   encoding="utf-8")
    assert main(["validate", str(bad), "--ui-lang", "kk"]) == 1
    err = capsys.readouterr().err
    assert "error[bin-checksum]: operator.bin: БСН бақылау цифры сәйкес емес" in err
    assert "hint: нөмірді тіркеу туралы анықтамамен салыстырыңыз" in err
    assert main(["validate", str(bad), "--ui-lang", "en"]) == 1
    assert "error[bin-checksum]: operator.bin: the BIN check digit does not match" in capsys.readouterr().err
    policy = tmp_path / "old.txt"
    policy.write_text("Политика. В соответствии с Федеральным законом № 152-ФЗ обработчик данных…\n", encoding="utf-8")
    assert main(["audit", str(policy), "--ui-lang", "ru"]) == 1
    out = capsys.readouterr().out
    assert f"{policy}: строка 1: error[AUDIT-152-FZ]: ссылается на российский Закон № 152-ФЗ (94-V)" in out
    assert f"{policy}: весь документ: warning[MISSING-BIN]: нет БИН/ИИН оператора (94-V:8.4.1)" in out
    assert main(["audit", str(policy), "--ui-lang", "kk", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    first = next(f for f in found if f["rule"] == "AUDIT-152-FZ")
    assert first["message"] == "Ресейдің № 152-ФЗ Заңына сілтеме жасайды" and first["location"] == "1-жол"
    assert first["line"] == 1 and first["page"] == 0


def test_a_build_refused_for_a_compliance_error_speaks_the_interface_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kzpolicy_gen.cli import main
    from tests.conftest import EXAMPLE

    profile = tmp_path / "p.yaml"
    profile.write_text(EXAMPLE.read_text(encoding="utf-8").replace("  primary_country: KZ", "  primary_country: DE"),
                       encoding="utf-8")
    seen = {}
    for lang in ("en", "kk"):
        assert main(["build", str(profile), "-o", str(tmp_path / "out"), "--ui-lang", lang]) == 1
        seen[lang] = next(line for line in capsys.readouterr().err.splitlines() if "error[KZ-LOCALISATION]" in line)
    assert seen["en"] != seen["kk"] and seen["en"].split("]: ")[0] == seen["kk"].split("]: ")[0]
    assert seen["en"].isascii() and any("\u0400" <= ch <= "\u04ff" for ch in seen["kk"])
