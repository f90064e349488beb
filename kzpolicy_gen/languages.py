"""The document languages: the one list that everything else derives from.

Adding a language is one line here plus its wording (`templates/<code>/`) and its entries in the data
files (`data/*.yaml`: every `{ru: …, kk: …, en: …}` mapping). Data files are checked when they are
loaded (a missing translation is a located error, not a crash), and `tests/test_languages.py` lists
everything still missing for a new entry: templates, data entries, rule messages, grammar tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentLanguage:
    """One language documents are written in."""

    code: str
    """ISO 639-1 code: the `templates/<code>/` folder, the key in data files, `document.languages`."""
    english_name: str


REGISTRY: tuple[DocumentLanguage, ...] = (
    DocumentLanguage("ru", "Russian"),
    DocumentLanguage("kk", "Kazakh"),
    DocumentLanguage("en", "English"),
)

LANGUAGES: tuple[str, ...] = tuple(language.code for language in REGISTRY)

CONSOLE_DEFAULT = "ru"
"""Language of console messages when neither `--ui-lang` nor the locale names a document language."""

FALLBACK = "en"
"""Language a message falls back to when it lacks the asked one."""


def ui_language(value: str | None = None) -> str:
    """The console language: an explicit choice, else the locale's language, else `CONSOLE_DEFAULT`."""
    if value in LANGUAGES:
        return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in LANGUAGES:
            return code
    return CONSOLE_DEFAULT
