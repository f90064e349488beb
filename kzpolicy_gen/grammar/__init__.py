"""Grammar by construction: every inserted value takes the form its slot needs.

The templates call these helpers (through `render.wording`) for every value in a case-governed slot:
`inflect` puts a value in a case (Russian case, Kazakh suffix), `join` joins a list the way the language
does ("и"/"или", "; " when items contain conjunctions), `choose` picks singular or plural wording by
count, `gender` tells a named person's or a position's gender. Reviewed forms from the catalogue win;
free text goes to the morphology libraries (Russian) or the suffix function (Kazakh). Morphology
libraries load on first use, so commands that render nothing import none of them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kzpolicy_gen.grammar import en, kk

CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "abl")

#: Values for which no form could be derived in this process, (lang, value, case): tests assert it stays empty
#: for the catalogue and the shipped profiles; a sentence with such a value shows it unchanged.
UNDERIVED: set[tuple[str, str, str]] = set()


@cache
def _catalogue() -> dict[str, dict[str, Any]]:
    from kzpolicy_gen import catalogue

    return catalogue.catalogue()


@cache
def forms_index(lang: str) -> dict[str, dict[str, str]]:
    """Nominative wording → its reviewed case forms, from every catalogue entry with `<lang>_forms`."""
    index: dict[str, dict[str, str]] = {}
    for section in _catalogue().values():
        for item in section.values():
            if not isinstance(item, dict) or not isinstance(item.get(lang), str):
                continue
            forms = item.get(f"{lang}_forms")
            if isinstance(forms, dict):
                index[str(item[lang])] = {"nom": str(item[lang]), **{k: str(v) for k, v in forms.items()}}
    return index


def country_name(lang: str, code: str) -> str | None:
    """The catalogue's name of a country for running text (official form), or None if it has none."""
    country = _catalogue().get("countries", {}).get(code)
    return None if country is None else str(country[lang])


def inflect(lang: str, value: str, case: str) -> str:
    """`value` in `case` for the language: a reviewed form, else a derived one; unchanged if none exists."""
    text = str(value)
    if lang == "en" and case != "nom":
        return the(lang, text)  # English marks a governed place name by its article only
    if case == "nom" or lang == "en" or not text.strip():
        return text
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    known = forms_index(lang).get(text)
    if known is not None and case in known:
        return known[case]
    if lang == "kk":
        return kk.inflect(text, case)
    if lang == "ru":
        from kzpolicy_gen.grammar import ru

        derived = ru.organisation(text, case) if case in ru.CASES else None
        if derived is None:
            UNDERIVED.add((lang, text, case))
            return text
        return derived
    return text


def derivable(lang: str, value: str, case: str) -> bool:
    """Whether `value` has a known form in `case` (templates restructure the sentence when it has not)."""
    before = len(UNDERIVED)
    inflect(lang, value, case)
    if len(UNDERIVED) > before:
        UNDERIVED.discard((lang, str(value), case))
        return False
    return True


def preposition(lang: str, lead: str, following: str) -> str:
    """Russian "в"/"с"/"к" take their "о" before a hard cluster: "во Францию", "со Швецией", "ко всем"."""
    if lang != "ru" or lead not in ("в", "с", "к"):
        return lead
    word = following.lstrip("«\"").lower()
    consonants = "бвгджзйклмнпрстфхцчшщ"
    clusters = {"в": "вф", "с": "сзшж", "к": "кг"}[lead]
    if len(word) > 1 and word[0] in clusters and (word[1] in consonants or word[1] == "ь"):
        return lead + "о"
    return lead


def the(lang: str, name: str) -> str:
    """English running text: a country name with its article ("the United States of America")."""
    if lang != "en":
        return name
    for country in _catalogue().get("countries", {}).values():
        if country.get("en") == name:
            return en.with_article(name, str(country.get("en_article", "")))
    return en.with_article(name)


_CONJUNCTION = re.compile(r"(,|;|\s(и|или|либо|а также|and|or|және|немесе|мен|бен|пен|не)\s)")
_KK_PATTERN = {"and": "және", "or": "немесе"}


def has_conjunction(item: str) -> bool:
    """An item that already joins words ("покупатели и заказчики") cannot be joined again by "и"."""
    return bool(_CONJUNCTION.search(f" {item} "))


def join(lang: str, items: list[str], *, conj: str = "and", case: str = "nom") -> str:
    """"a, b и c" / "a, b или c" by Babel's list patterns (Kazakh: "және"/"немесе"); "a; b; c" when an
    item contains a comma or a conjunction itself. Each item is put in `case` first."""
    words = [inflect(lang, item, case) for item in items]
    if not words:
        return ""
    if any(has_conjunction(item) for item in words):
        return "; ".join(words)
    if len(words) == 1:
        return words[0]
    if lang == "kk":
        return ", ".join(words[:-1]) + f" {_KK_PATTERN[conj]} " + words[-1]
    from babel.lists import format_list

    return str(format_list(words, style="standard" if conj == "and" else "or", locale=lang))


def choose(count: int | list[Any] | tuple[Any, ...], one: str, many: str) -> str:
    """Singular wording for one item, plural for several ("цель:" / "цели:")."""
    number = count if isinstance(count, int) else len(count)
    return one if number == 1 else many


def gender(lang: str, name: str | None = None, position: str | None = None, explicit: str | None = None) -> str:
    """"m" or "f" for agreement ("назначен"/"назначена"): an explicit profile value, else the person's name
    (pytrovich), else the position noun's own gender ("заместитель директора" → m). "m" when nothing tells:
    the sentence then agrees with the position noun or is built without a gendered word."""
    if explicit in ("m", "f"):
        return explicit
    if lang != "ru":
        return "m"
    from kzpolicy_gen.grammar import ru

    if name:
        found = ru.person_gender(name)
        if found:
            return found
    if position:
        return ru.phrase_gender(position) or "m"
    return "m"


def person_known_gender(name: str) -> bool:
    """Whether a Russian-script name's gender can be told (else the sentence avoids a gendered word)."""
    from kzpolicy_gen.grammar import ru

    return ru.person_gender(name) is not None
