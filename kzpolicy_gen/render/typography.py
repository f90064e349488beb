"""Typography of the rendered HTML: non-breaking spaces, soft hyphens, links and `lang` on foreign names.

Why a separate pass: the Markdown wording stays plain text (the .md file is what a lawyer edits),
while the HTML and the PDF need line-breaking rules a reader notices at once — "г. Алматы" and
"3 года" never split, a URL breaks only after a slash, a Kazakh word in a narrow table column
breaks at a syllable with a hyphen. The pass works on the sanitised HTML, touching only text
between tags, and every piece of text it re-emits is escaped again.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

import pyphen

SHY = "\u00ad"
NBSP = "\u00a0"

# --- Kazakh syllables ------------------------------------------------------------------------------
# Kazakh syllables are regular (V, VC, CV, CVC, VCC, CVCC): between two vowels one consonant opens the
# next syllable, two are split, of three or more the last one opens the next syllable. "у" and "и" after
# a vowel are glides (тау, тауар → та-уар); "ь" and "ъ" stay with the consonant before them.
_KK_VOWELS = frozenset("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
_GLIDES = frozenset("уиУИ")
_SIGNS = frozenset("ьъЬЪ")
MIN_WORD = 5
MIN_LEFT = 2
MIN_RIGHT = 2


def _is_vowel(word: str, index: int) -> bool:
    char = word[index]
    if char not in _KK_VOWELS:
        return False
    return not (char in _GLIDES and index > 0 and word[index - 1] in _KK_VOWELS and not _is_glide(word, index - 1))


def _is_glide(word: str, index: int) -> bool:
    return word[index] in _GLIDES and index > 0 and word[index - 1] in _KK_VOWELS


def kazakh_breaks(word: str) -> list[int]:
    """Positions where `word` may be hyphenated (a position is the index of the first letter after the break)."""
    if len(word) < MIN_WORD or not word.isalpha():
        return []
    vowels = [i for i in range(len(word)) if _is_vowel(word, i)]
    breaks: list[int] = []
    for left, right in itertools.pairwise(vowels):
        consonants = right - left - 1
        cut = left + 1 if consonants <= 1 else right - 1
        while cut < len(word) and word[cut] in _SIGNS:
            cut += 1
        if MIN_LEFT <= cut <= len(word) - MIN_RIGHT and cut not in breaks:
            breaks.append(cut)
    return breaks


def hyphenate_kazakh(word: str) -> str:
    """The word with soft hyphens at its syllable breaks ("бухгалтерлік" → "бух·гал·тер·лік")."""
    return _insert(word, kazakh_breaks(word))


def _insert(word: str, positions: list[int]) -> str:
    pieces, start = [], 0
    for position in positions:
        pieces.append(word[start:position])
        start = position
    pieces.append(word[start:])
    return SHY.join(pieces)


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang={"ru": "ru_RU", "en": "en_US"}[lang], left=MIN_LEFT, right=MIN_RIGHT)


def hyphenate_word(word: str, lang: str) -> str:
    """Soft hyphens for one word: Kazakh by the syllable rule, Russian and English by pyphen's dictionaries."""
    if len(word) < MIN_WORD or SHY in word:
        return word
    if lang == "kk":
        return hyphenate_kazakh(word)
    return str(_dictionary(lang).inserted(word, hyphen=SHY))


_WORD = re.compile(r"(?<![&#\w])[^\W\d_]{5,}(?!\w)")


def hyphenate_text(text: str, lang: str) -> str:
    """Every long word of a plain text with soft hyphens (Latin words in Russian or Kazakh text use English)."""

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        word_lang = "en" if lang != "en" and word.isascii() else lang
        return hyphenate_word(word, word_lang)

    return _WORD.sub(one, text)


# --- non-breaking spaces -------------------------------------------------------------------------------
_ABBREVIATIONS = ("г", "гг", "ул", "пр", "д", "кв", "им", "ст", "п", "пп", "ч", "т", "стр", "тел", "мкр", "обл",
                  "р-н", "ж", "б", "көш", "Art", "art", "No", "p", "pp", "St")
_ABBR = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")\. (?=\S)")
_NUMBER_SIGN = re.compile(r"№ (?=\d)")
_NUMBER_WORD = re.compile(r"(?<=\d) (?=[^\W\d_]|\()")
_WORD_YEAR = re.compile(r"(?<=[^\W\d_]) (?=\d{4}(?!\d))")
_DASH = re.compile(r" (?=[—–] )")
_SPELLED = re.compile(r"(\d\u00a0\([^()]{1,20}\)) (?=[^\W\d_])")
# a number spelled out in several words ("15 (он бес)") never parts from itself
_SPELLED_WORDS = re.compile(r"(?<=\d\u00a0)\((?=[^()]{1,20}\))[^\W\d_]+(?: [^\W\d_]+)+\)")


def nonbreaking(text: str) -> str:
    """Glue what must not part at a line end: "г. Алматы", "№ 94-V", "3 года", "1 декабря 2026 года", "3 (үш)"."""
    text = _ABBR.sub(lambda m: m.group(1) + "." + NBSP, text)
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _NUMBER_WORD.sub(NBSP, text)
    text = _WORD_YEAR.sub(NBSP, text)
    text = _SPELLED_WORDS.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    text = _SPELLED.sub(lambda m: m.group(1) + NBSP, text)
    return _DASH.sub(NBSP, text)


# --- links, phones, foreign names ------------------------------------------------------------------------
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_URL = r"https?://[^\s<>\"']+"
_PHONE = r"\+\d[\d\u00a0 ()-]{7,18}\d"
# A file name the text names ("consent-record.schema.json", "manifest.json") is kept whole like a number with
# its suffix: broken at its hyphen or hyphenated ("mani-fest.json") it reads as another name.
_FILE = r"(?<![\w.-])[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*\.(?:json|csv|md|html|pdf|docx|yaml)(?!\w)"
_GLUED = rf"{_FILE}|(?:№\u00a0)?\d+(?:-\w+)+|[^\W\d_]+-\d+\w*"
_TOKENS = re.compile(rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<phone>{_PHONE})|(?P<glued>{_GLUED})")
_LATIN = re.compile(r"(?<![\w&#])[A-Za-z][A-Za-z0-9]+(?:[ .,'’-]+[A-Za-z0-9][A-Za-z0-9]*)*(?!\w)")
_TRAILING = ".,;:!?)»"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _url_html(url: str, linked: bool) -> str:
    """A URL as text that can break only after a slash: each piece is kept whole; a link if `linked`."""
    pieces = re.findall(r"[^/]*/+|[^/]+", url)
    inner = "<wbr>".join(f'<span class="kzp-nw">{_esc(piece)}</span>' for piece in pieces)
    return f'<a href="{html.escape(url)}" class="kzp-url">{inner}</a>' if linked else inner


def _digits(phone: str) -> str:
    return "+" + re.sub(r"\D", "", phone)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _linked(kind: str, raw: str, contacts: frozenset[str]) -> bool:
    """Only the business's own declared contacts become links; a URL or address inside any other value
    (a description, a name) stays text, so a value can never plant a link in a client's website."""
    if kind == "email":
        return raw.lower() in contacts
    if kind == "phone":
        return _digits(raw) in contacts
    return bool(_host(raw)) and _host(raw) in contacts


def contact_set(emails: list[str], phones: list[str], urls: list[str]) -> frozenset[str]:
    """The values `typeset` may turn into mailto:, tel: and web links (URLs count by their host)."""
    return frozenset([e.lower() for e in emails] + [_digits(p) for p in phones] + [_host(u) for u in urls if _host(u)])


def _token_html(match: re.Match[str], contacts: frozenset[str]) -> tuple[str, str]:
    """(HTML, trailing punctuation) for one URL, e-mail, phone or hyphen-glued token."""
    raw = html.unescape(match.group(0))
    kind = next(name for name in ("url", "email", "phone", "glued") if match.group(name))
    tail = ""
    if kind in ("url", "email"):
        while raw and raw[-1] in _TRAILING:
            tail, raw = raw[-1] + tail, raw[:-1]
    linked = _linked(kind, raw, contacts)
    if kind == "url":
        return _url_html(raw, linked), tail
    if kind == "email":
        # Breaks only after the "@", never at a hyphen of its own ("privacy@alma-|market.kz" misreads).
        inner = "<wbr>".join(f'<span class="kzp-nw">{_esc(piece)}</span>' for piece in re.findall(r"[^@]*@|[^@]+", raw))
        return (f'<a href="mailto:{html.escape(raw)}">{inner}</a>' if linked else inner), tail
    glued = _esc(raw.replace(" ", NBSP))
    if kind == "phone" and linked:
        return f'<a href="tel:{_digits(raw)}" class="kzp-nw">{glued}</a>', ""
    return f'<span class="kzp-nw">{glued}</span>', ""


_TAG = re.compile(r"(<[^>]+>)")
_NO_LINKS = {"a", "code"}
_NO_HYPHENS = {"a", "code", "h1", "h2", "h3", "h4", "h5", "h6", "nav"}
_TABLE = {"td", "th"}


def typeset(body: str, lang: str, *, hyphens: str = "tables", contacts: frozenset[str] = frozenset()) -> str:
    """Apply the typography rules to every text node of sanitised HTML.

    `hyphens`: "tables" puts soft hyphens in table cells only (the web, where columns are narrow);
    "all" in every paragraph, list item and cell too (the PDF). `contacts` (from `contact_set`) are the
    e-mails, phones and web hosts that become links.
    """
    open_tags: list[str] = []
    out: list[str] = []
    for chunk in _TAG.split(body):
        if chunk.startswith("<"):
            _track(chunk, open_tags)
            out.append(chunk)
            continue
        if not chunk:
            continue
        linking = not _NO_LINKS.intersection(open_tags)
        hyphenating = not _NO_HYPHENS.intersection(open_tags) and (
            hyphens == "all" or bool(_TABLE.intersection(open_tags)))
        out.append(_text_html(chunk, lang, linking, hyphenating, contacts))
    return "".join(out)


def _track(tag: str, open_tags: list[str]) -> None:
    match = re.match(r"<(/?)([a-zA-Z0-9]+)", tag)
    if not match or tag.endswith("/>"):
        return
    closing, name = match.group(1), match.group(2).lower()
    if name in {"br", "wbr", "hr", "img", "meta", "link", "input"}:
        return
    if not closing:
        open_tags.append(name)
    elif name in open_tags:
        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name)]


def _text_html(chunk: str, lang: str, linking: bool, hyphenating: bool, contacts: frozenset[str]) -> str:
    """One text node (HTML-escaped) → HTML with links, glued tokens, lang spans, NBSPs and soft hyphens."""
    def plain(text: str) -> str:
        return _plain_html(text, lang, hyphenating)

    chunk = nonbreaking(chunk)
    if not linking:
        return plain(chunk)
    out, start = [], 0
    for match in _TOKENS.finditer(chunk):
        out.append(plain(chunk[start:match.start()]))
        token, tail = _token_html(match, contacts)
        out.append(token + _esc(tail))
        start = match.end()
    out.append(plain(chunk[start:]))
    return "".join(out)


def _plain_html(text: str, lang: str, hyphenating: bool) -> str:
    """Escaped text without links (NBSPs already in place): `lang` on Latin-script names in ru/kk, soft hyphens."""
    shy: Callable[[str, str], str] = hyphenate_text if hyphenating else (lambda t, _lang: t)
    if lang == "en":
        return shy(text, lang)
    out, start = [], 0
    for match in _LATIN.finditer(text):
        out.append(shy(text[start:match.start()], lang))
        out.append(f'<span lang="en">{match.group(0)}</span>')
        start = match.end()
    out.append(shy(text[start:], lang))
    return "".join(out)
