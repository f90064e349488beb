"""HTML of one document: tables named by what they are (print.css sizes their columns by that name)."""

from __future__ import annotations

import re

from kzpolicy_gen.render.html import markdown_to_html, table_class
from kzpolicy_gen.render.wording import RenderedText

TABLE = "| № | Дата | Работник |\n|---|---|---|\n| 1 |  |  |\n"


def _classes(doc_id: str, lang: str) -> list[str]:
    text = RenderedText(doc_id, lang, "T", f"# T\n\n{TABLE}\n## 1. A\n\n{TABLE}\n## 2. B\n\n{TABLE}\n",
                        (("access_log", "1", "A"), ("request_register", "2", "B")), ())
    return re.findall(r'<table class="([^"]+)"', markdown_to_html(text))


def test_a_table_is_named_by_its_document_and_section_in_every_language() -> None:
    first, access, requests = _classes("journals", "ru")
    assert first == "kzp-table kzp-stack kzp-cols-3"  # before any section: named by its column count only
    assert access == "kzp-table kzp-stack kzp-cols-3 kzp-t-journals-access-log"
    assert requests.endswith(" kzp-t-journals-request-register")
    assert _classes("journals", "kk") == _classes("journals", "ru")
    assert _classes("data-list", "ru")[1].endswith(" kzp-t-data-list-access-log")
    assert table_class("", "kzp-purposes") == "" and table_class("policy", "kzp-purposes") == "kzp-t-policy-purposes"
