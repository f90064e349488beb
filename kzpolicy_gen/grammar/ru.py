"""Russian noun phrases and personal names in the case their slot needs.

Why two libraries: pymorphy3 (with the OpenCorpora dictionaries) inflects common nouns and agrees the
adjectives in front of them ("Общественный фонд" → "Общественному фонду"); pytrovich (the petrovich rules)
inflects first names, surnames and patronymics, including Kazakh ones, which a dictionary does not hold.
Both load lazily: `--help` and `validate` never import them. Reviewed forms in the catalogue always win;
this module is for free text from a profile (organisation names, positions, people).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
_PYMORPHY = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
_QUOTES = "«\"“„"
_ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ]{2,}$")
_PATRONYMIC = re.compile(r"(вич|вна|чна|ична|ұлы|қызы|улы|кызы|оглы|кзы)$", re.IGNORECASE)
_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|ко|ук|юк|швили|дзе|ян|янц|бек"
                      r"|баев|баева)$", re.IGNORECASE)


@cache
def _morph() -> Any:
    import pymorphy3  # heavy (dictionaries): imported on first use only

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _petrovich() -> tuple[Any, Any]:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _restore_case(source: str, word: str) -> str:
    if source.isupper() and len(source) > 1:
        return word.upper()
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _nominative_parse(word: str, pos: tuple[str, ...]) -> Any | None:
    morph = _morph()
    if not morph.word_is_known(word.lower()):
        return None
    for parse in morph.parse(word):
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def _inflect_parse(parse: Any, grammemes: set[str]) -> str | None:
    form = parse.inflect(grammemes)
    return None if form is None else str(form.word)


def noun_phrase(text: str, case: str) -> str | None:
    """Inflect a nominative noun phrase: adjectives before the head agree, words after it stay.

    "Общественный фонд" → "Общественному фонду"; "заместитель директора по качеству" → "заместителю
    директора по качеству". Returns None when the phrase cannot be analysed safely (unknown head word).
    """
    if case == "nom":
        return text
    words = text.split(" ")
    start = 0
    while start < len(words) and _ABBREVIATION.match(words[start]):
        start += 1  # ТОО, АО, ИП: indeclinable
    if start == len(words):
        return text
    head_at = None
    for i in range(start, len(words)):
        word = words[i]
        if _nominative_parse(word, ("NOUN",)) is not None and (
                i == start or all(_nominative_parse(w, ("ADJF", "PRTF")) for w in words[start:i])):
            head_at = i
            break
        if _nominative_parse(word, ("ADJF", "PRTF")) is None:
            return None
    if head_at is None:
        return None
    head = _nominative_parse(words[head_at], ("NOUN",))
    assert head is not None
    number = head.tag.number or "sing"
    target = _PYMORPHY[case]
    head_word = _inflect_parse(head, {target, number})
    if head_word is None:
        return None
    out = list(words)
    out[head_at] = _restore_case(words[head_at], head_word)
    for i in range(start, head_at):
        adj = _nominative_parse(words[i], ("ADJF", "PRTF"))
        assert adj is not None
        grammemes = {target, "plur"} if number == "plur" else {target, head.tag.gender or "masc"}
        if case == "acc" and (number == "plur" or head.tag.gender == "masc"):
            grammemes.add(head.tag.animacy or "inan")
        form = _inflect_parse(adj, grammemes)
        if form is None:
            return None
        out[i] = _restore_case(words[i], form)
    return " ".join(out)


def phrase_gender(text: str) -> str | None:
    """The grammatical gender of a phrase's head noun ("заместитель директора" → "m")."""
    for word in text.split(" "):
        parse = _nominative_parse(word, ("NOUN",))
        if parse is not None:
            return {"masc": "m", "femn": "f", "neut": "n"}.get(str(parse.tag.gender))
    return None


def _name_parts(words: list[str]) -> dict[str, int] | None:
    """Which word is the surname, the first name and the patronymic (positions), by their endings."""
    if not 1 < len(words) < 4 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return None
    if len(words) == 3:
        if _PATRONYMIC.search(words[2]):
            return ({"first": 0, "middle": 1, "last": 2} if _PATRONYMIC.search(words[1])
                    else {"last": 0, "first": 1, "middle": 2})
        if _PATRONYMIC.search(words[1]):
            return {"first": 0, "middle": 1, "last": 2}
        return None
    if _SURNAME.search(words[1]) and not _SURNAME.search(words[0]):
        return {"first": 0, "last": 1}
    if _SURNAME.search(words[0]):
        return {"last": 0, "first": 1}
    return None


def person_gender(name: str) -> str | None:
    """"m"/"f" from the name's endings (pytrovich's detector), or None if it cannot tell."""
    from pytrovich.enums import Gender

    words = name.split()
    parts = _name_parts(words)
    if parts is None:
        return None
    middle = words[parts["middle"]].lower() if "middle" in parts else ""
    if middle.endswith(("ұлы", "улы", "оглы")):
        return "m"
    if middle.endswith(("қызы", "кызы", "кзы")):
        return "f"
    _, detector = _petrovich()
    kwargs = {key + "name": words[pos] for key, pos in parts.items()}
    try:
        gender = detector.detect(**kwargs)
    except (KeyError, ValueError, IndexError):
        return None
    return {Gender.MALE: "m", Gender.FEMALE: "f"}.get(gender)


def person(name: str, case: str, gender: str | None = None) -> str | None:
    """A person's full name in `case` ("Жумалеева Алёна Владимировна" → "Жумалеевой Алёне Владимировне")."""
    if case == "nom":
        return name
    from pytrovich.enums import Case, Gender, NamePart

    words = name.split()
    parts = _name_parts(words)
    gender = gender or person_gender(name)
    if parts is None or gender not in ("m", "f"):
        return None
    maker, _ = _petrovich()
    cases = {"gen": Case.GENITIVE, "dat": Case.DATIVE, "acc": Case.ACCUSATIVE, "ins": Case.INSTRUMENTAL,
             "loc": Case.PREPOSITIONAL}
    kinds = {"first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME, "last": NamePart.LASTNAME}
    sex = Gender.MALE if gender == "m" else Gender.FEMALE
    out = list(words)
    for key, pos in parts.items():
        if key == "middle" and re.search(r"(ұлы|қызы|улы|кызы|оглы)$", words[pos], re.IGNORECASE):
            continue  # Kazakh patronymics (Нурланұлы) do not decline
        out[pos] = str(maker.make(kinds[key], sex, cases[case], words[pos]))
    return " ".join(out)


def organisation(name: str, case: str) -> str | None:
    """An organisation's name in `case`: the words before the quoted name decline, the quoted name stays.

    "Общественный фонд «Дом»" → "Общественному фонду «Дом»"; "ТОО «Алма»" stays; "ИП Жумалеева Алёна
    Владимировна" → "ИП Жумалеевой Алёне Владимировне". None when it cannot be derived.
    """
    if case == "nom":
        return name
    at = min((name.find(q) for q in _QUOTES if q in name), default=-1)
    if at == -1:
        words = name.split(" ")
        start = 0
        while start < len(words) and _ABBREVIATION.match(words[start]):
            start += 1
        rest = " ".join(words[start:])
        if not rest:
            return name
        if not re.search(r"[А-Яа-яЁё]", rest):
            return name  # a Latin name does not decline: "Densaulyq Clinic LLP"
        as_person = person(rest, case)
        if as_person is not None:
            return " ".join([*words[:start], as_person])
        return noun_phrase(name, case)
    prefix, quoted = name[:at].rstrip(), name[at:]
    if not prefix:
        return name  # «Алма» — the quoted name alone does not decline
    inflected = noun_phrase(prefix, case)
    if inflected is None:
        return None
    return f"{inflected} {quoted}"
