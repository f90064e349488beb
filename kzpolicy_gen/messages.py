"""Console messages in ru, kk and en: one catalogue (data/messages.yaml, data/problems.yaml), one lookup.

Why data and not f-strings in the commands: a translator reviews the three languages side by side,
and a test checks that every message exists in every language with the same placeholders.

Problems (validation, audit) are raised in English where they are found, deep in the loader and the
models, with their stable code; `translate` turns such an English text into the interface language by
matching it against the English templates under `problem.` (placeholders capture the inserted values).
Raising sites stay as they are, and a test lists every English problem text that has no entry.
"""

from __future__ import annotations

import re
import string
from functools import cache
from importlib import resources

import yaml

from kzpolicy_gen.languages import FALLBACK, LANGUAGES

__all__ = ["LANGUAGES", "catalogue", "t", "translate"]

#: The catalogue files, merged into one mapping (a key given twice is refused).
FILES = ("messages.yaml", "problems.yaml")
#: Keys whose English text `translate` recognises.
PROBLEM_PREFIX = "problem."


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Message key → language → text with `{placeholders}`."""
    data: dict[str, dict[str, str]] = {}
    for name in FILES:
        text = resources.files("kzpolicy_gen").joinpath("data").joinpath(name).read_text(encoding="utf-8")
        part: dict[str, dict[str, str]] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        twice = set(part) & set(data)
        if twice:
            raise ValueError(f"{name}: keys given in another message file too: {', '.join(sorted(twice))}")
        data.update(part)
    return data


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang` (the fallback language when it is unknown), with its values filled in."""
    entry = catalogue()[key]
    return entry.get(lang, entry[FALLBACK]).format(**values)


@cache
def _problem_index() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """English problem texts: exact ones by text, templates with placeholders as anchored patterns (the one
    with the most fixed text first, so "the file is empty" never loses to "the {what} is empty")."""
    exact: dict[str, str] = {}
    patterns: list[tuple[int, re.Pattern[str], str]] = []
    for key, entry in catalogue().items():
        if not key.startswith(PROBLEM_PREFIX):
            continue
        parts = list(string.Formatter().parse(entry[FALLBACK]))
        if not any(name for _, name, _, _ in parts):
            exact[entry[FALLBACK].format()] = key  # {{ }} are literal braces
            continue
        regex, seen, fixed = "", set(), 0
        for literal, name, _, _ in parts:
            regex += re.escape(literal)
            fixed += len(literal)
            if name:
                regex += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
                seen.add(name)
        if fixed:
            patterns.append((fixed, re.compile(regex, re.DOTALL), key))
    patterns.sort(key=lambda item: -item[0])
    return exact, tuple((pattern, key) for _, pattern, key in patterns)


_SENTENCES = re.compile(r"(?<=[.?;])\s+(?=[A-Z])")


def translate(text: str, lang: str) -> str:
    """An English problem text (message or hint) in `lang`; unchanged when English, unknown or not English.

    A value in a `{term}` placeholder is translated too (a `problem.term.` entry such as "BIN"); a text made
    of several sentences ("did you mean 'kk'? Or give …") is translated sentence by sentence."""
    if lang == FALLBACK or lang not in LANGUAGES or not text:
        return text
    found = _translate_one(text, lang)
    if found is not None:
        return found
    pieces = _SENTENCES.split(text)
    if len(pieces) > 1:
        done = [_translate_one(piece, lang) for piece in pieces]
        if all(piece is not None for piece in done):
            return " ".join(piece for piece in done if piece is not None)
    return text


def _translate_one(text: str, lang: str) -> str | None:
    exact, patterns = _problem_index()
    if text in exact:
        return catalogue()[exact[text]][lang].format()
    for pattern, key in patterns:
        match = pattern.fullmatch(text)
        if match:
            values = {name: _term(value, lang) if name.startswith("term") else value
                      for name, value in match.groupdict().items()}
            return catalogue()[key][lang].format(**values)
    return None


def _term(value: str, lang: str) -> str:
    exact, _ = _problem_index()
    key = exact.get(value, "")
    return catalogue()[key][lang] if key.startswith(PROBLEM_PREFIX + "term.") else value
