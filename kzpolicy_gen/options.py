"""Command options shared by single and portfolio builds; kept light (no models, no renderers) so
that deciding a portfolio is up to date does not pay for importing them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, UsageError
from kzpolicy_gen.formats import FORMATS
from kzpolicy_gen.languages import LANGUAGES

MAX_EPOCH = 253402300799
"""31 December 9999, 23:59:59 UTC: the last second a date can show."""


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) as seconds, or None when unset; anything but a
    whole number from 0 to the year 9999 is a usage error, not a crash deep in a date library."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_EPOCH:
        raise UsageError([Issue("usage", f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to "
                                f"{MAX_EPOCH} (got '{value[:40]}')", "SOURCE_DATE_EPOCH",
                                hint="unset it, or set it to a Unix time such as 1767225600")])
    return int(value)


#: The documents a build can make, in the canonical order (plan/structure.DOCUMENTS; a test keeps them equal).
DOCUMENT_IDS: tuple[str, ...] = ("policy", "consent", "consent-cross-border", "consent-marketing", "consent-public",
                                 "withdrawal-form", "request-form", "cookie-notice", "form-snippets",
                                 "approval-order", "responsible-order", "data-list", "authority-notification",
                                 "processing-rules", "breach-procedure", "recipient-undertaking", "staff-undertaking",
                                 "journals")


#: The type faces `--font` accepts (the `presentation.font` values of models/profile.py; a test keeps them equal).
FONTS: tuple[str, ...] = ("sans", "serif")


def parse_list(value: str | list[str] | tuple[str, ...] | None, allowed: tuple[str, ...], what: str) -> list[str]:
    """'ru,kk' → ['ru', 'kk'], checked against the allowed values, in the allowed order."""
    if value is None:
        return list(allowed)
    items = value.split(",") if isinstance(value, str) else list(value)
    items = [item.strip() for item in items if item.strip()]
    # documents: also `consent-<id>` of a custom consent (whether the profile declares it is checked when planned)
    custom = list(dict.fromkeys(item for item in items if what == "document" and item not in allowed
                                and re.fullmatch(r"consent-[a-z][a-z0-9-]{0,47}", item)))
    bad = [item for item in items if item not in allowed and item not in custom]
    if bad or not items:
        raise UsageError([Issue("usage", f"unknown {what}: {', '.join(bad) or '(none)'}",
                                hint=f"choose from {', '.join(allowed)}")])
    return [item for item in allowed if item in items] + custom


def _font(value: str | None) -> str | None:
    """`--font serif`: one of FONTS, or a usage error naming them."""
    if value is None or value in FONTS:
        return value
    raise UsageError([Issue("usage", f"unknown font: {value[:40]}", "--font", hint=f"choose from {', '.join(FONTS)}")])


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of a build, checked once and passed whole (CLI → build → writers → workers).

    Plain data (picklable), so a portfolio hands it to worker processes as it is.
    """

    languages: tuple[str, ...] = LANGUAGES
    formats: tuple[str, ...] = FORMATS
    templates: Path | None = None
    allow_errors: bool = False
    force: bool = False
    #: Folders `extends:` may take base profiles from, besides the profile's own (`--bases`).
    bases: tuple[Path, ...] = ()
    same_version: bool = False
    """Publish changed text under the previous build's version and date (versions.py; recorded)."""
    #: Only these documents (`--documents`); None: the profile's `document.build`, else every applicable one.
    documents: tuple[str, ...] | None = None
    #: The type face of HTML and PDF (`--font`): overrides the profile's `presentation.font`; None: the profile's.
    font: str | None = None
    #: Also build the compliance pack (`--pack`): internal acts under `DIR/pack/<lang>/`.
    pack: bool = False
    #: Hosted layout (`--hosted URL`): the folder is served at this URL (ends with "/"); embed.html and embed.json
    #: give each document's stable URL with an <iframe> and a link to paste (hosted.py).
    hosted_url: str | None = None

    @classmethod
    def parse(cls, languages: str | list[str] | tuple[str, ...] | None = None,
              formats: str | list[str] | tuple[str, ...] | None = None, templates: Path | str | None = None,
              allow_errors: bool = False, force: bool = False,
              documents: str | list[str] | tuple[str, ...] | None = None, *,
              same_version: bool = False, pack: bool = False, font: str | None = None,
              hosted_url: str | None = None) -> BuildOptions:
        """Options from user values ('ru,kk', ['md'], None for all); unknown values are a usage error."""
        return cls(tuple(parse_list(languages, LANGUAGES, "language")), tuple(parse_list(formats, FORMATS, "format")),
                   Path(templates) if templates else None, allow_errors, force,
                   documents=None if documents is None else tuple(parse_list(documents, DOCUMENT_IDS, "document")),
                   same_version=same_version, pack=pack, font=_font(font),
                   hosted_url=None if hosted_url is None else parse_hosted_url(hosted_url))

    def record(self) -> dict[str, Any]:
        """The options an output depends on, as recorded in the manifest (SOURCE_DATE_EPOCH included: it
        changes the bytes of every PDF; `templates` is recorded by content, `force` changes no output)."""
        return {"languages": list(self.languages), "formats": list(self.formats), "allow_errors": self.allow_errors,
                "documents": None if self.documents is None else list(self.documents),
                **({"pack": True} if self.pack else {}),
                "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
                **({"font": self.font} if self.font is not None else {}),
                **({"hosted_url": self.hosted_url} if self.hosted_url is not None else {})}


def parse_hosted_url(value: str) -> str:
    """`--hosted URL`: an absolute http(s) address without credentials, query or fragment, ending with "/"
    (the address the output folder is served at); anything else is a usage error."""
    from urllib.parse import urlsplit

    text = value.strip()
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, port_ok = None, False
    if (parts is None or not port_ok or parts.scheme not in ("https", "http") or not parts.hostname
            or parts.username or parts.password or parts.query or parts.fragment
            or any(ch.isspace() or ch in '"<>\\^`{|}' for ch in text) or not text.isascii()):
        raise UsageError([Issue("usage", f"--hosted must be an http(s) address such as https://legal.example.kz/"
                                f"clients/ (got '{text[:80]}')", "--hosted",
                                hint="no user name, query or #fragment; write non-Latin domain names in punycode")])
    return text if text.endswith("/") else text + "/"
