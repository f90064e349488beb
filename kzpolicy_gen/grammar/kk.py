"""Kazakh case suffixes by vowel harmony and the final sound.

Why a hand-written function: Kazakh suffixation is regular (the suffix depends only on whether the last
vowel is back or front and on the class of the final sound), so a small table beats any dependency.
Abbreviations, numbers, Latin words and quoted names take a hyphenated suffix chosen by how they are
read aloud: ЖШС-ке (…эс), АҚ-қа (ақ), ЖК-ге (…ке), 5-ке (бес), Telegram-ға.
"""

from __future__ import annotations

import re

CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")

_BACK = set("аоұыяё")
_FRONT = set("әөүіеэ")
_VOWELS = _BACK | _FRONT | set("иую")
_NASAL = set("мнң")
_VOICED = set("зж")
_SONORANT = set("рлйуи")  # final и, у are glides in Kazakh: таксиді, суды
_VOICELESS = set("кқпстшфхцчщбвгдғ")  # final б, в, г, д, ғ of loanwords are devoiced: заводқа, клубта

# (back, front) suffix pairs by final-sound class.
_SUFFIX: dict[str, dict[str, tuple[str, str]]] = {
    "dat": {"vowel": ("ға", "ге"), "sonorant": ("ға", "ге"), "nasal": ("ға", "ге"), "voiced": ("ға", "ге"),
            "voiceless": ("қа", "ке")},
    "loc": {"vowel": ("да", "де"), "sonorant": ("да", "де"), "nasal": ("да", "де"), "voiced": ("да", "де"),
            "voiceless": ("та", "те")},
    "abl": {"vowel": ("дан", "ден"), "sonorant": ("дан", "ден"), "nasal": ("нан", "нен"), "voiced": ("дан", "ден"),
            "voiceless": ("тан", "тен")},
    "acc": {"vowel": ("ны", "ні"), "sonorant": ("ды", "ді"), "nasal": ("ды", "ді"), "voiced": ("ды", "ді"),
            "voiceless": ("ты", "ті")},
    "gen": {"vowel": ("ның", "нің"), "sonorant": ("дың", "дің"), "nasal": ("ның", "нің"), "voiced": ("дың", "дің"),
            "voiceless": ("тың", "тің")},
    "ins": {"vowel": ("мен", "мен"), "sonorant": ("мен", "мен"), "nasal": ("мен", "мен"), "voiced": ("бен", "бен"),
            "voiceless": ("пен", "пен")},
}
# After the third-person possessive (-ы/-і, -сы/-сі) the pronominal "н" appears: орынбасарына, Штаттарында.
_POSSESSIVE = {"dat": ("на", "не"), "loc": ("нда", "нде"), "abl": ("нан", "нен"), "acc": ("н", "н"),
               "gen": ("ның", "нің"), "ins": ("мен", "мен")}

# How letters are read when an abbreviation is spelled out (Kazakh letter names).
_LETTER_NAMES = {
    "А": "а", "Ә": "ә", "Б": "бе", "В": "ве", "Г": "ге", "Ғ": "ғы", "Д": "де", "Е": "е", "Ё": "ё", "Ж": "же",
    "З": "зе", "И": "и", "Й": "й", "К": "ке", "Қ": "қа", "Л": "эл", "М": "эм", "Н": "эн", "Ң": "ың", "О": "о",
    "Ө": "ө", "П": "пе", "Р": "эр", "С": "эс", "Т": "те", "У": "у", "Ұ": "ұ", "Ү": "ү", "Ф": "эф", "Х": "ха",
    "Һ": "һа", "Ц": "це", "Ч": "че", "Ш": "ша", "Щ": "ща", "Ы": "ы", "І": "і", "Э": "э", "Ю": "ю", "Я": "я",
    # Latin letters as Kazakh speakers read them (SMS → эс-эм-эс, IT → ай-ти).
    "A": "эй", "B": "би", "C": "си", "D": "ди", "E": "и", "F": "эф", "G": "жи", "H": "эйч", "I": "ай", "J": "жей",
    "K": "кей", "L": "эл", "M": "эм", "N": "эн", "O": "оу", "P": "пи", "Q": "кью", "R": "ар", "S": "эс", "T": "ти",
    "U": "ю", "V": "ви", "W": "дабл-ю", "X": "экс", "Y": "уай", "Z": "зет",
}

# The last spoken word of a number decides its suffix: 5-ке (бес), 2026-ға (алты), 100-ге (жүз).
_UNITS = {1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз", 9: "тоғыз"}
_TENS = {1: "он", 2: "жиырма", 3: "отыз", 4: "қырық", 5: "елу", 6: "алпыс", 7: "жетпіс", 8: "сексен", 9: "тоқсан"}

# Latin-script words: approximate the spoken vowels and final sound.
_LATIN_VOWELS = {"a": "а", "o": "о", "u": "ұ", "e": "е", "i": "і", "y": "ы"}
_LATIN_FINAL = {"b": "б", "c": "к", "d": "д", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к", "l": "л", "m": "м",
                "n": "н", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т", "v": "в", "w": "у", "x": "с", "z": "з"}

_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_ABBREVIATION = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,}$")


def number_reading(number: int) -> str:
    """The last word said when reading a number aloud (the suffix follows it)."""
    if number == 0:
        return "нөл"
    if number % 10:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[(number % 100) // 10]
    if number % 1000:
        return "жүз"
    if number % 1_000_000:
        return "мың"
    if number % 1_000_000_000:
        return "миллион"
    return "миллиард"


def _is_front(sound: str) -> bool:
    """Front or back harmony from the last clear vowel (и counts as front, у takes the vowel before it)."""
    for ch in reversed(sound):
        if ch in _FRONT or ch == "и":
            return True
        if ch in _BACK or ch == "ю":
            return False
    return False


def _final_class(sound: str) -> str:
    ch = sound[-1]
    if ch in _SONORANT:
        return "sonorant"
    if ch in _VOWELS:
        return "vowel"
    if ch in _NASAL:
        return "nasal"
    if ch in _VOICED:
        return "voiced"
    return "voiceless"


def _latin_sound(word: str) -> str:
    """A rough Cyrillic rendering of how a Latin-script word ends: its vowels and last consonant."""
    letters = word.lower()
    if len(letters) > 2 and letters.endswith("e") and letters[-2] not in "aeiouy":
        letters = letters[:-1]  # silent final e: Google, Apple
    vowels = "".join(_LATIN_VOWELS[ch] for ch in letters if ch in _LATIN_VOWELS)
    last = letters[-1] if letters else "a"
    end = _LATIN_VOWELS.get(last) or _LATIN_FINAL.get(last, "т")
    return (vowels or "а") + end


def reading(token: str) -> tuple[str, bool]:
    """How a token sounds at its end, and whether a suffix joins it with a hyphen."""
    core = token.rstrip("»\"”’').")
    hyphen = core != token or not core
    core = core.lstrip("«\"“(")
    if not core:
        return "а", True
    if core.isdigit():
        return number_reading(int(core)), True
    if _ABBREVIATION.match(core):
        lowered = core.lower()
        if any(ch in _VOWELS for ch in lowered) and _CYRILLIC.search(core):
            return lowered, True  # read as a word: АҚ → ақ, АҚШ → ақш, БАҚ → бақ
        return "".join(_LETTER_NAMES.get(ch, "е") for ch in core), True
    if not _CYRILLIC.search(core):
        letters = re.sub(r"[^A-Za-z]", "", core)
        if not letters:
            digits = re.sub(r"\D", "", core)
            return (number_reading(int(digits)) if digits else "е"), True
        if letters.isupper() and len(letters) > 1:
            return "".join(_LETTER_NAMES.get(ch, "е") for ch in letters), True
        return _latin_sound(letters), True
    sound = core.lower().replace("ь", "").replace("ъ", "")
    return sound or "а", hyphen or not core[-1].isalpha()


def suffix(token: str, case: str, *, possessive: bool = False) -> str:
    """The case ending alone (with its hyphen if the token needs one): "ке", "-ке", "на"."""
    if case == "nom":
        return ""
    if case not in _SUFFIX:
        raise ValueError(f"unknown Kazakh case {case!r}")
    sound, hyphen = reading(token)
    # Native back-vowel words end in қ/ғ; a final к/г marks a loanword, which takes front endings (банкке).
    front = _is_front(sound) or sound[-1] in "кг" or token.rstrip("»\"”").endswith("ь")
    cls = _final_class(sound)
    if possessive:
        back_form, front_form = _POSSESSIVE[case]
    else:
        back_form, front_form = _SUFFIX[case][cls]
    ending = front_form if front else back_form
    return ("-" if hyphen else "") + ending


def inflect_word(token: str, case: str, *, possessive: bool = False) -> str:
    """A word with its case ending: ЖШС → ЖШС-ке, Германия → Германияға, орынбасары → орынбасарына."""
    return token + suffix(token, case, possessive=possessive)


def is_possessive(words: list[str]) -> bool:
    """A multi-word phrase ending in a third-person possessive (izafet): "директордың орынбасары",
    "Америка Құрама Штаттары", "Денсаулық клиникасы"."""
    if len(words) < 2:
        return False
    last = words[-1].rstrip("»\"”").lower()
    if not _CYRILLIC.search(last) or _ABBREVIATION.match(words[-1].strip("«»\"")):
        return False
    return last.endswith(("ы", "і"))


def inflect(phrase: str, case: str) -> str:
    """A noun phrase with its last word in `case`: the ending goes on the phrase's head (its last word)."""
    if case == "nom" or not phrase.strip():
        return phrase
    words = phrase.split(" ")
    last = words[-1]
    quoted_end = last.endswith(("»", "\"", "”"))
    possessive = not quoted_end and is_possessive(words)
    words[-1] = inflect_word(last, case, possessive=possessive)
    return " ".join(words)
