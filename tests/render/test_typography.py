"""Line-breaking typography: Kazakh syllables, non-breaking spaces, links, `lang` on foreign names."""

from __future__ import annotations

import pytest

from kzpolicy_gen.render.typography import (
    NBSP,
    SHY,
    contact_set,
    hyphenate_kazakh,
    hyphenate_word,
    nonbreaking,
    typeset,
)

CONTACTS = contact_set(["Privacy@alma-market.kz"], ["+7 (727) 355-10-20"], ["https://alma-market.kz"])

# Kazakh words from the documents, with their syllables as a Kazakh dictionary divides them
# (three consonants between vowels: the first two close the syllable, "Қазақс-тан").
KAZAKH = {
    "бухгалтерлік": "бух-гал-тер-лік",
    "сақтау": "сақ-тау",
    "мерзімі": "мер-зі-мі",
    "деректер": "де-рек-тер",
    "өңдеу": "өң-деу",
    "келісімі": "ке-лі-сі-мі",
    "тапсырыстарды": "тап-сы-рыс-тар-ды",
    "тауарлар": "та-уар-лар",
    "жауапкершілік": "жа-уап-кер-ші-лік",
    "пайдалану": "пай-да-ла-ну",
    "уақыт": "уа-қыт",
    "құжаттар": "құ-жат-тар",
    "таратылымдарға": "та-ра-ты-лым-дар-ға",
    "байланыс": "бай-ла-ныс",
    "Қазақстан": "Қа-зақс-тан",
    "субъектінің": "субъ-ек-ті-нің",
}


@pytest.mark.parametrize(("word", "syllables"), KAZAKH.items())
def test_kazakh_words_break_at_syllables(word: str, syllables: str) -> None:
    assert hyphenate_kazakh(word).replace(SHY, "-") == syllables


@pytest.mark.parametrize("word", ["тау", "оқуы", "ауа", "әке", "94-V"])
def test_short_words_and_lone_letters_are_not_split(word: str) -> None:
    """Two letters at least on each side of a break; a one-syllable word stays whole."""
    assert SHY not in hyphenate_kazakh(word)


def test_russian_keeps_pyphen_and_english_too() -> None:
    assert hyphenate_word("персональных", "ru").replace(SHY, "-") == "пер-со-наль-ных"
    assert SHY in hyphenate_word("processing", "en")


@pytest.mark.parametrize(("text", "glued"), [
    ("г. Алматы", "г.\u00a0Алматы"),
    ("1 декабря 2026 года", "1\u00a0декабря\u00a02026\u00a0года"),
    ("3 (үш) жыл", "3\u00a0(үш)\u00a0жыл"),
    ("15 (он бес) жұмыс күні", "15\u00a0(он\u00a0бес)\u00a0жұмыс күні"),
    ("мерзімі – 15 (он бес).", "мерзімі\u00a0– 15\u00a0(он\u00a0бес)."),
    ("офис 12 (далее — Оператор), который", "офис 12\u00a0(далее\u00a0— Оператор), который"),
    ("Закон № 94", "Закон №\u00a094"),
    ("оператор — лицо", "оператор\u00a0— лицо"),
])
def test_nonbreaking_spaces(text: str, glued: str) -> None:
    assert nonbreaking(text) == glued


def test_links_phones_and_glued_tokens() -> None:
    html = typeset("<p>Закон № 94-V; 5-бөлім; тел. +7 727 355 10 20, privacy@alma-market.kz; "
                   "https://alma-market.kz/privacy-policy.</p>", "ru", contacts=CONTACTS)
    assert '<span class="kzp-nw">№\u00a094-V</span>' in html and '<span class="kzp-nw">5-бөлім</span>' in html
    assert f'<a href="tel:+77273551020" class="kzp-nw">+7{NBSP}727{NBSP}355{NBSP}10{NBSP}20</a>' in html
    # An e-mail breaks only after its "@", never at its own hyphen.
    assert ('<a href="mailto:privacy@alma-market.kz"><span class="kzp-nw">privacy@</span><wbr>'
            '<span class="kzp-nw">alma-market.kz</span></a>;' in html)
    # A URL breaks only after a slash: its pieces are kept whole, and the full stop after it is not part of it.
    assert ('<a href="https://alma-market.kz/privacy-policy" class="kzp-url"><span class="kzp-nw">https://</span>'
            '<wbr><span class="kzp-nw">alma-market.kz/</span><wbr><span class="kzp-nw">privacy-policy</span></a>.'
            in html)


def test_only_the_declared_contacts_become_links() -> None:
    """A URL or address inside any other value stays text: a value never plants a link."""
    html = typeset("<p>https://evil.example/x-y, x@evil.example, +7 700 000 00 00</p>", "ru", contacts=CONTACTS)
    assert "<a " not in html and "evil.example/</span><wbr>" in html and "x@</span><wbr>" in html


def test_latin_names_carry_lang_and_existing_links_are_left_alone() -> None:
    html = typeset('<p>ТОО «Alma Market» и Google LLC; <a href="#kzp-rights">права</a></p>', "kk")
    assert '«<span lang="en">Alma Market</span>»' in html and '<span lang="en">Google LLC</span>' in html
    assert '<a href="#kzp-rights">права</a>' in html
    assert 'lang="en"' not in typeset("<p>Google LLC</p>", "en")


def test_soft_hyphens_go_into_table_cells_on_the_web_and_everywhere_in_print() -> None:
    body = "<h2>Сақтау мерзімі</h2><p>бухгалтерлік</p><table><tr><td>бухгалтерлік</td></tr></table>"
    web, pdf = typeset(body, "kk"), typeset(body, "kk", hyphens="all")
    assert "<p>бухгалтерлік</p>" in web and "<td>бух\u00adгал\u00adтер\u00adлік</td>" in web
    assert "<p>бух\u00adгал\u00adтер\u00adлік</p>" in pdf
    assert "<h2>Сақтау\u00a0мерзімі</h2>" not in pdf and SHY not in pdf.split("</h2>")[0]


def test_escaped_text_stays_escaped() -> None:
    """The pass re-escapes what it re-emits: markup in a value never becomes markup."""
    contacts = contact_set([], [], ["https://x.kz"])
    html = typeset("<p>&lt;script&gt;alert(1)&lt;/script&gt; https://x.kz/?a=1&amp;b=&lt;i&gt; AT&amp;T</p>", "ru",
                   contacts=contacts)
    assert "<script" not in html and "<i>" not in html
    assert 'href="https://x.kz/?a=1&amp;b=&lt;i&gt;"' in html


def test_file_names_are_kept_whole() -> None:
    """A file name the text names never breaks at its hyphen and gets no soft hyphens ("mani-fest.json")."""
    html = typeset("<p>Спецификация (consent-record.schema.json и consent-records.csv), хеш (manifest.json); "
                   "сайт alma-market.kz и адрес https://alma-market.kz/ru/policy.html.</p>", "ru", hyphens="all")
    for name in ("consent-record.schema.json", "consent-records.csv", "manifest.json"):
        assert f'<span class="kzp-nw">{name}</span>' in html
    assert SHY not in html[html.index("consent-record"):html.index("manifest.json") + 13]
    # a domain without a file extension is text, and a URL keeps its break points after the slashes
    assert '<span lang="en">alma-market.kz</span>' in html and '<wbr><span class="kzp-nw">policy.html</span>' in html
