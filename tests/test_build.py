from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.render.pdf import assets_root
from tests.conftest import EXAMPLE, PROFILES, profile_text

LANGS = LANGUAGES
DOCS = ("policy", "consent", "consent-cross-border", "consent-marketing", "withdrawal-form", "request-form",
        "cookie-notice", "form-snippets")
KAZAKH = "әғқңөұүһі"
RESIDUE = re.compile(r"федеральн|роскомнадзор|152-фз|federal law|roskomnadzor|legitimate interest|законн\w* интерес"
                     r"|GDPR|жеке деректер|performance of a contract|\{\{|\{%|undefined", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|^- *$|\(\)", re.MULTILINE)


def test_every_language_document_and_format_exists(example_build: Path) -> None:
    for lang in LANGS:
        for doc in DOCS:
            for ext in ("md", "html", "fragment.html", "fragment-csp.html", "fragment-shadow.html", "pdf", "docx"):
                path = example_build / lang / f"{doc}.{ext}"
                assert path.is_file() and path.stat().st_size > 500, path
    manifest = json.loads((example_build / "manifest.json").read_text(encoding="utf-8"))
    assert (example_build / "index.html").is_file()
    assert len(manifest["files"]) == 3 * len(DOCS) * 7 + 3
    register = json.loads((example_build / "register.json").read_text(encoding="utf-8"))
    assert register["cross_border"] == {"takes_place": True, "countries": ["US", "RU"]}
    assert register["purposes"][2]["basis"] == "law" and set(register["purposes"][2]["law"]) == set(LANGS)
    assert manifest["law_pack"]
    clause = manifest["documents"]["policy"]["sections"][0]["clauses"][0]
    assert clause["id"] == "general.purpose" and clause["articles"]


def test_no_foreign_law_residue_or_placeholders(example_build: Path) -> None:
    for path in example_build.rglob("*"):
        if path.suffix in (".md", ".html"):
            text = path.read_text(encoding="utf-8")
            assert not RESIDUE.search(text), (path, RESIDUE.search(text))
            if path.suffix == ".md":
                assert not PLACEHOLDER.search(text), (path, PLACEHOLDER.search(text))


def test_pdf_embeds_kazakh_font_and_text_extracts(example_build: Path) -> None:
    font = TTFont(assets_root() / "fonts" / "DejaVuSans.ttf")
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in KAZAKH + KAZAKH.upper())
    source = (example_build / "kk" / "policy.md").read_text(encoding="utf-8")
    reader = PdfReader(example_build / "kk" / "policy.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    present = [ch for ch in KAZAKH if ch in source]
    assert len(present) >= 8
    assert all(ch in text for ch in present)
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("KZP-Sans" in f for f in fonts)
    assert reader.metadata is not None and "саясаты" in str(reader.metadata.title)
    assert len(reader.outline) >= 1
    assert 4 <= len(reader.pages) <= 30
    second = reader.pages[1].extract_text()
    assert f"Бет 2 / {len(reader.pages)}" in second and "«Алма Маркет» ЖШС" in second


def test_builds_are_byte_identical(tmp_path: Path, example_build: Path) -> None:
    build_profile(EXAMPLE, tmp_path / "again")
    for name in ("ru/policy.md", "ru/policy.html", "ru/policy.fragment.html", "ru/policy.pdf", "ru/consent.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (example_build / name).read_bytes(), name


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_hostile_values_come_out_as_text(tmp_path: Path) -> None:
    payload = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} &lt;b&gt;"
    text = profile_text(**{"    en: Alma Market LLP": f"    en: '{payload} LLP'"})  # LLP: not a trade name
    profile = tmp_path / "p.yaml"
    profile.write_text(text, encoding="utf-8")
    build_profile(profile, tmp_path / "out", languages="en", formats="md,html")
    page = (tmp_path / "out" / "en" / "policy.html").read_text(encoding="utf-8")
    fragment = (tmp_path / "out" / "en" / "policy.fragment.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "en" / "policy.md").read_text(encoding="utf-8")
    for html in (page, fragment):
        parser = _Collect()
        parser.feed(html)
        assert "script" not in parser.tags
        assert not any(v and v.startswith("javascript") for _, v in parser.attrs)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "{{ 7*7 }}" in html and "49" not in html
    assert "{{" not in md and "<script" not in md


def test_compliance_error_blocks_the_build(tmp_path: Path) -> None:
    from kzpolicy_gen.errors import ProfileError

    text = profile_text(**{"  primary_country: KZ": "  primary_country: DE"})
    profile = tmp_path / "p.yaml"
    profile.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        build_profile(profile, tmp_path / "out")
    assert info.value.issues[0].code == "KZ-LOCALISATION"
    assert not (tmp_path / "out").exists()
    build_profile(profile, tmp_path / "out", formats="md", allow_errors=True)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in manifest["overridden_findings"]] == ["KZ-LOCALISATION"]


def test_fragment_is_self_contained(example_build: Path) -> None:
    fragment = (example_build / "ru" / "policy.fragment.html").read_text(encoding="utf-8")
    assert fragment.startswith('<div class="kzp-doc" lang="ru"')
    assert "<script" not in fragment and " style=" not in fragment
    assert not re.search(r"(src|href)=\"(https?:)?//", fragment.replace('href="https://alma-market.kz', ""))
    css = re.sub(r"/\*.*?\*/", "", fragment[fragment.index("<style>") + 7: fragment.index("</style>")], flags=re.S)
    for rule in re.findall(r"(?:^|})\s*([^{}@]+)\{", css):
        for selector in rule.split(","):
            assert selector.strip().startswith((".kzp-doc", ":where(.kzp-doc")), selector
    assert 'id="kzp-rights"' in fragment


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_profile_builds_clean_text(path: Path, tmp_path: Path) -> None:
    build_profile(path, tmp_path / "out", formats="md,html")
    built = list((tmp_path / "out").rglob("*.md"))
    assert len(built) >= 3 * 4
    for file in built + list((tmp_path / "out").rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        assert not RESIDUE.search(text), (file, RESIDUE.search(text))
        if file.suffix == ".md":
            assert not PLACEHOLDER.search(text), (file, PLACEHOLDER.search(text))
