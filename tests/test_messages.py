"""The console message catalogue: every message in ru, kk and en with the same placeholders, and every key
the code asks for exists."""

from __future__ import annotations

import ast
import string

from kzpolicy_gen.messages import LANGUAGES, catalogue, t
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
