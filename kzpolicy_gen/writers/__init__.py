"""What an output-format writer receives and returns (the registry of formats is `kzpolicy_gen/formats.py`).

A writer turns each rendered document into files: `document(doc)` returns {path under the output
folder: bytes} for one document in one language, `shared()` the files written once per build (a
stylesheet). Everything a writer may read is here: the Markdown and headings (`doc.text`), the
sanitised HTML body (`doc.body_html`, computed once and shared by every format that needs it), the
page metadata (`doc.meta`), the profile and the built languages (`context`). A writer whose output is
costly to make calls `context.produce` so an unchanged file is reused from the previous build.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from kzpolicy_gen.packaged import source_key

if TYPE_CHECKING:
    from kzpolicy_gen.models.profile import Profile
    from kzpolicy_gen.render.wording import RenderedText

Renderer = Callable[[str, str], bytes]
"""(source text, output path) → bytes: a format's renderer, or a stand-in for it in tests."""


@dataclass
class WriteContext:
    """One build as the writers see it; also collects what the manifest records about produced files."""

    profile: Profile
    languages: tuple[str, ...]
    stand_ins: dict[str, Renderer] = field(default_factory=dict)
    """Format name → a renderer used instead of the real one (tests, benchmarks)."""
    reuse: Callable[[str, str], bytes | None] | None = None
    """(path, source key) → the previous build's bytes of that file when made from the same source."""
    sources: dict[str, str] = field(default_factory=dict)
    """Path → source key of every produced file (recorded in the manifest for the next build)."""
    rendered: Counter[str] = field(default_factory=Counter)
    reused: Counter[str] = field(default_factory=Counter)
    jobs: int = 1
    """Worker processes a writer may spread its costly files over (one profile's PDFs)."""
    previous: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Path (`ru/policy.html`) → (version, path under OUT) of the same file in the previous version (archive.py)."""

    @property
    def epoch(self) -> int:
        """The effective date as seconds since 1970 (UTC), for reproducible files."""
        effective = self.profile.document.effective_date
        return int(datetime(effective.year, effective.month, effective.day, tzinfo=UTC).timestamp())

    def produce(self, fmt: str, path: str, source: str, render: Renderer) -> bytes:
        """`render(source, path)` unless the previous build made `path` from the same source and toolchain;
        a stand-in renderer for `fmt` replaces `render`. Counts both cases per format."""
        key = source_key(source, os.environ.get("SOURCE_DATE_EPOCH") or str(self.epoch))
        self.sources[path] = key
        old = self.reuse(path, key) if self.reuse is not None else None
        if old is not None:
            self.reused[fmt] += 1
            return old
        self.rendered[fmt] += 1
        return self.stand_ins.get(fmt, render)(source, path)


@dataclass
class DocumentInput:
    """One rendered document in one language, with what the formats derive from it (computed once)."""

    text: RenderedText
    context: WriteContext

    @property
    def stem(self) -> str:
        """`<lang>/<document>` (`pack/<lang>/<document>` for the pack): every file of it is `stem` plus a suffix."""
        from kzpolicy_gen.layout import stem

        return stem(self.text.doc_id, self.text.lang, self.text.pack)

    @cached_property
    def body_html(self) -> str:
        """The sanitised HTML body."""
        from kzpolicy_gen.render.html import markdown_to_html

        return markdown_to_html(self.text)

    @cached_property
    def meta(self) -> dict[str, Any]:
        """Page metadata: operator, keywords, date and the same document in the other built languages."""
        from kzpolicy_gen import catalogue

        profile, names = self.context.profile, catalogue.ui()["language_name"]
        previous = self.context.previous.get(f"{self.stem}.html")
        return {**page_meta(profile), "operator": profile.operator.name.get(self.text.lang),
                "alternates": [{"lang": lang, "href": f"../{lang}/{self.text.doc_id}.html", "name": names[lang]}
                               for lang in self.context.languages if lang != self.text.lang
                               and lang in profile.document.languages_for(self.text.doc_id)],
                "previous": None if previous is None else {"version": previous[0], "href": f"../{previous[1]}"}}


KEYWORDS = "personal data, Law 94-V, Kazakhstan"
"""The keywords of every document's page and file properties."""


def page_meta(profile: Profile) -> dict[str, Any]:
    """Metadata every page of a build shares (the version and effective date go into the PDF's footer)."""
    return {"keywords": KEYWORDS, "date": profile.document.effective_date.isoformat(),
            "doc_version": profile.document.version, "effective": profile.document.effective_date}


class Writer(Protocol):
    """Makes one format's files."""

    def document(self, doc: DocumentInput) -> dict[str, bytes]:
        """The files of one document in one language."""

    def shared(self) -> dict[str, bytes]:
        """The files written once per build."""


WriterFactory = Callable[[WriteContext], Writer]
