"""Escaping for Markdown and language-aware formatting of dates, numbers, lists and periods.

Why here: every profile value that reaches a document passes `md_escape`, and every number or
date is formatted through Babel for the document's language, never the machine's locale.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

_ALWAYS = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "|": "\\|",
    "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;", "~": "&#126;",
}
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Block markers only count at the start of a line and before a space (or a run of themselves).
_LINE_START = re.compile(r"^([ ]*)(#|[+\-](?=[ ]|$)|-(?=[ ]*-[ ]*-)|=+[ ]*$|[0-9]+(?=[.)](?:[ ]|$)))",
                         flags=re.MULTILINE)


def md_escape(value: object) -> str:
    """Make any value inert in Markdown: it renders as exactly its own text, never as markup.

    `Markup` values (our own wording helpers) pass unchanged.
    """
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    text = _ENTITY.sub("&amp;", text)
    text = "".join(_ALWAYS.get(ch, ch) for ch in text)
    text = _LINE_START.sub(_protect_line_start, text)
    return text


def _protect_line_start(match: re.Match[str]) -> str:
    indent, token = match.group(1), match.group(2)
    if token.startswith("="):
        return indent + "&#61;" + token[1:]
    if token.isdigit():
        # "1." / "1)" would start an ordered list: escape the delimiter that follows.
        return indent + token + "\\"
    return indent + "\\" + token


def md_paragraphs(value: str) -> Markup:
    """A multi-line value as escaped Markdown paragraphs (lines stripped, blank lines kept)."""
    lines = [line.strip() for line in value.split("\n")]
    return Markup("\n".join(md_escape(line) for line in lines))


# Numbers written in words, for statutory deadlines "15 (пятнадцати) рабочих дней": num2words spells them
# (Russian in the case the sentence needs, Kazakh, English); imported on first use.
_NUM2WORDS_LANG = {"ru": "ru", "kk": "kz", "en": "en"}
_NUM2WORDS_CASE = {"nom": "nominative", "gen": "genitive", "dat": "dative", "ins": "instrumental",
                   "loc": "prepositional"}


def number_words(lang: str, number: int, case: str = "nom") -> str:
    """"пятнадцати", "он бес", "fifteen": a number in words, in `case` for Russian (inanimate accusative
    = nominative)."""
    from num2words import num2words

    if lang == "ru":
        return str(num2words(number, lang="ru", case=_NUM2WORDS_CASE.get(case, "nominative")))
    return str(num2words(number, lang=_NUM2WORDS_LANG[lang]))


_DAY_NOUN = {
    "ru": {"nom": {"one": "рабочий день", "few": "рабочих дня", "many": "рабочих дней", "other": "рабочего дня"},
           "gen": {"one": "рабочего дня", "few": "рабочих дней", "many": "рабочих дней", "other": "рабочего дня"}},
    "kk": {"nom": {"one": "жұмыс күні", "other": "жұмыс күні"}},
    "en": {"nom": {"one": "working day", "other": "working days"}},
}

_UNIT_NOUN = {
    "ru": {"years": {"one": "год", "few": "года", "many": "лет", "other": "года"},
           "months": {"one": "месяц", "few": "месяца", "many": "месяцев", "other": "месяца"},
           "days": {"one": "день", "few": "дня", "many": "дней", "other": "дня"}},
    "kk": {"years": {"one": "жыл", "other": "жыл"}, "months": {"one": "ай", "other": "ай"},
           "days": {"one": "күн", "other": "күн"}},
    "en": {"years": {"one": "year", "other": "years"}, "months": {"one": "month", "other": "months"},
           "days": {"one": "day", "other": "days"}},
}


@cache
def locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural(lang: str, number: int) -> str:
    """CLDR plural category (one / few / many / other) from Babel."""
    return str(locale(lang).plural_form(number))


def working_days(lang: str, number: int, case: str = "gen") -> str:
    """A statutory deadline: "15 (пятнадцати) рабочих дней", "15 (он бес) жұмыс күні", "15 (fifteen) working days"."""
    cases = _DAY_NOUN[lang]
    forms = cases.get(case, cases["nom"])
    noun = forms.get(plural(lang, number), forms["other"])
    return f"{number} ({number_words(lang, number, case)})\u00a0{noun}"


def period(lang: str, unit: str, number: int) -> str:
    """"3 года", "3 жыл", "3 years"."""
    forms = _UNIT_NOUN[lang][unit]
    return f"{number}\u00a0{forms.get(plural(lang, number), forms['other'])}"


def long_date(lang: str, value: date) -> str:
    """A date in the document language: "1 декабря 2026 г.", "2026 жылғы 1 желтоқсан", "1 December 2026"."""
    if lang == "kk":
        return format_date(value, "y 'жылғы' d MMMM", locale="kk")
    if lang == "en":
        return format_date(value, "d MMMM y", locale="en")
    return format_date(value, "d MMMM y 'года'", locale=lang)


def join(lang: str, items: list[str]) -> str:
    """Join a list the way the language does ("a, b и c"; "; " when an item contains a conjunction)."""
    from kzpolicy_gen import grammar

    return grammar.join(lang, list(items))


def country_name(lang: str, code: str) -> str:
    """The catalogue's official name (with reviewed case forms), else Babel's name for the territory."""
    from kzpolicy_gen import grammar

    name = grammar.country_name(lang, code) or locale(lang).territories.get(code, code)
    return str(name)


def quote(lang: str, text: str) -> str:
    """Typographic quotes of the language."""
    return f"“{text}”" if lang == "en" else f"«{text}»"
