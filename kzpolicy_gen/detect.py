"""What a client's website really does: services it loads and personal data its forms collect.

Why: agencies start from the client's existing site, and real sites load analytics, pixels, chat
widgets, CRMs and payment scripts that their policies never mention. This reads saved pages or
fetches same-origin pages (bounded in pages, bytes and time), parses the HTML without running any
script, and matches addresses against the signatures in data/signatures.yaml. The results become
profile entries to add, or the differences from an existing profile.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.errors import Issue, UsageError, safe_text
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.messages import t

_URL_IN_SCRIPT = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:/[^\s'\"<>()\\]*)?")
_WORD = re.compile(r"[^\w-]+")
_SKIP_INPUTS = {"hidden", "submit", "button", "reset", "image", "checkbox", "radio", "range", "color", "search"}
_NOT_PAGES = re.compile(r"\.(?:pdf|jpe?g|png|gif|webp|svg|ico|css|js|json|xml|zip|rar|docx?|xlsx?|mp[34]|avi|woff2?)$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Bounds of one scan: a hostile or huge site costs at most this much."""

    max_pages: int = 30
    max_page_bytes: int = 2 << 20
    max_total_bytes: int = 20 << 20
    timeout: float = 10.0
    deadline: float = 60.0


@dataclass(frozen=True)
class Evidence:
    """Where something was seen: the page, what kind of place (script, link, form field…), the value."""

    page: str
    where: str
    value: str

    def text(self, lang: str = "en") -> str:
        where = t("detect.where." + self.where.replace(" ", "_"), lang)
        return t("detect.evidence", lang, page=safe_text(self.page, 80), where=where, value=safe_text(self.value, 80))


@dataclass
class SiteReport:
    """What a scan found, keyed by catalogue service and data category, each with its evidence."""

    site: str
    pages: list[str] = field(default_factory=list)
    services: dict[str, list[Evidence]] = field(default_factory=dict)
    data: dict[str, list[Evidence]] = field(default_factory=dict)
    functions: dict[str, list[Evidence]] = field(default_factory=dict)  # what the necessary cookies do
    skipped: list[str] = field(default_factory=list)


@cache
def signatures() -> dict[str, Any]:
    """The signature data (services and form fields), read once."""
    text = resources.files("kzpolicy_gen").joinpath("data").joinpath("signatures.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


class _Page(HTMLParser):
    """Collects addresses by kind and form fields; never follows or runs anything."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.resources: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.fields: list[tuple[str, dict[str, str]]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        if tag in ("script", "img", "iframe", "embed", "source", "frame") and a.get("src"):
            self.resources.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            self.resources.append(("linked file", a["href"]))
        if tag == "object" and a.get("data"):
            self.resources.append(("object", a["data"]))
        if tag == "form" and a.get("action"):
            self.resources.append(("form", a["action"]))
        if tag in ("a", "area") and a.get("href"):
            self.links.append(a["href"])
        if tag in ("input", "select", "textarea"):
            self.fields.append((tag, a))
        if tag == "script" and not a.get("src"):
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            for url in _URL_IN_SCRIPT.findall("".join(self._script)[:200_000]):
                self.resources.append(("inline script", url))
            self._script = None


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.path or "/"


def _matches(url: str, pattern: str) -> bool:
    host, path = _host_path(url)
    want_host, _, want_path = pattern.partition("/")
    return (host == want_host or host.endswith("." + want_host)) and path.startswith("/" + want_path)


def _words(attrs: dict[str, str]) -> set[str]:
    words: set[str] = set()
    for name in ("name", "id", "autocomplete", "placeholder", "aria-label", "data-tilda-rule"):
        for token in _WORD.split(attrs.get(name, "").lower()):
            if token:
                words.add(token)
                words.update(part for part in token.split("-") if part)
    words.update(part for word in list(words) for part in word.split("_") if part)
    return words


def field_category(tag: str, attrs: dict[str, str]) -> str | None:
    """The data category a form field collects, or None (hidden fields, buttons, consent boxes, search)."""
    kind = attrs.get("type", "text").lower() if tag == "input" else tag
    if kind in _SKIP_INPUTS:
        return None
    words = _words(attrs)
    for category, rule in signatures()["form_fields"].items():
        if kind in rule.get("types", ()) or tag in rule.get("tags", ()):
            return str(category)
    for category, rule in signatures()["form_fields"].items():
        if words & set(rule.get("words", ())):
            return str(category)
    return None


def scan_html(html: str, page: str, report: SiteReport, base: str = "") -> list[str]:
    """Add what one page shows to `report`; return the page's hyperlinks (absolute when `base` is given)."""
    parser = _Page(base)
    parser.feed(html)
    parser.close()
    report.pages.append(page)
    for key, sig in signatures()["services"].items():
        seen = [Evidence(page, where, url) for where, url in parser.resources
                if any(_matches(url, p) for p in sig.get("urls", ()))]
        seen += [Evidence(page, "link", url) for url in parser.links
                 if any(_matches(url, p) for p in sig.get("links", ()))]
        if seen:
            report.services.setdefault(key, []).extend(seen[:3])
    for tag, attrs in parser.fields:
        category = field_category(tag, attrs)
        if category:
            label = attrs.get("name") or attrs.get("id") or attrs.get("type") or tag
            report.data.setdefault(category, []).append(Evidence(page, "form field", label))
    for key, rule in signatures()["cookie_functions"].items():
        seen = [Evidence(page, where, url) for where, url in parser.resources
                if any(_matches(url, p) for p in rule.get("urls", ()))]
        seen += [Evidence(page, "form field", attrs.get("name") or attrs.get("type", tag))
                 for tag, attrs in parser.fields
                 if tag == "input" and attrs.get("type", "").lower() in rule.get("types", ())]
        if seen:
            report.functions.setdefault(key, []).extend(seen[:3])
    return [urljoin(parser.base, link) for link in parser.links] if parser.base else parser.links


def scan_folder(folder: Path, limits: Limits = Limits()) -> SiteReport:
    """Saved pages (*.html, *.htm, recursively, no symbolic links), at most `max_pages` of them."""
    report = SiteReport(str(folder))
    pages = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".html", ".htm")
                   and p.is_file() and not p.is_symlink())
    total = 0
    for path in pages:
        name = path.relative_to(folder).as_posix()
        size = path.stat().st_size
        full = len(report.pages) >= limits.max_pages or total + size > limits.max_total_bytes
        if full or size > limits.max_page_bytes:
            report.skipped.append(name)
            continue
        total += size
        scan_html(path.read_bytes().decode("utf-8", errors="replace"), name, report)
    return report


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the origin being scanned."""

    def __init__(self, origin: tuple[str, str]) -> None:
        self.origin = origin

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if _origin(newurl) != self.origin:
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _fetch(url: str, origin: tuple[str, str], limits: Limits) -> tuple[str, str] | None:
    """(final URL, text) of an HTML page, or None when it is not HTML, too big, or elsewhere."""
    opener = urllib.request.build_opener(_SameOrigin(origin))
    opener.addheaders = [("User-Agent", "kzpolicy-gen-detect"), ("Accept", "text/html")]
    with opener.open(url, timeout=limits.timeout) as response:
        final = response.geturl()
        content_type = response.headers.get("Content-Type", "")
        if _origin(final) != origin or "html" not in content_type.lower():
            return None
        body: bytes = response.read(limits.max_page_bytes + 1)
        if len(body) > limits.max_page_bytes:
            return None
        charset = response.headers.get_content_charset() or "utf-8"
    return final, body.decode(charset, errors="replace")


def scan_url(start: str, limits: Limits = Limits(), lang: str = "en") -> SiteReport:
    """Fetch `start` and the pages it links to on the same origin, breadth first, within `limits`."""
    if urlsplit(start).scheme not in ("http", "https") or not urlsplit(start).netloc:
        raise UsageError([Issue("usage", t("detect.bad_url", lang, url=safe_text(start)), hint="https://example.kz")])
    report = SiteReport(start)
    origin = _origin(start)
    queue, seen = [start], {urldefrag(start)[0]}
    started, total = time.monotonic(), 0
    while queue and len(report.pages) < limits.max_pages:
        url = queue.pop(0)
        if time.monotonic() - started > limits.deadline or total > limits.max_total_bytes:
            report.skipped.extend([url, *queue])
            break
        try:
            fetched = _fetch(url, origin, limits)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            if not report.pages and url == start:
                raise UsageError([Issue("detect-fetch", t("detect.fetch_failed", lang, url=safe_text(url),
                                                          reason=safe_text(str(exc), 120)), start)]) from None
            report.skipped.append(url)
            continue
        if fetched is None:
            report.skipped.append(url)
            continue
        final, html = fetched
        total += len(html)
        page = urlsplit(final).path or "/"
        for link in scan_html(html, page, report, final):
            target = urldefrag(link)[0]
            if _origin(target) == origin and target not in seen and not _NOT_PAGES.search(urlsplit(target).path):
                seen.add(target)
                queue.append(target)
    return report


def detect(site: str | Path, limits: Limits = Limits(), lang: str = "en") -> SiteReport:
    """Scan a folder of saved pages or an http(s) address."""
    text = str(site)
    if text.startswith(("http://", "https://")):
        return scan_url(text, limits, lang)
    path = Path(site)
    if not path.is_dir():
        raise UsageError([Issue("usage", t("detect.not_site", lang, site=safe_text(text)), text,
                                hint="give a folder of saved .html pages or an address such as https://example.kz")])
    return scan_folder(path, limits)


def suggested_purpose(service: str) -> str | None:
    value = signatures()["services"][service].get("purpose")
    return str(value) if value else None


def profile_entries(report: SiteReport, lang: str = "en") -> str:
    """The profile entries a scan suggests, as commented YAML to paste into a profile."""
    lines = [f"# {t('detect.entries_header', lang, site=safe_text(report.site, 100), pages=len(report.pages))}",
             f"# {t('detect.entries_review', lang)}"]
    if report.data:
        lines.append("data_categories:")
        lines += [f"  - {key}  # {report.data[key][0].text(lang)}" for key in report.data]
    if report.services:
        lines.append("third_parties:")
        for key, seen in report.services.items():
            lines.append(f"  - service: {key}  # {seen[0].text(lang)}")
            purpose = suggested_purpose(key)
            if purpose:
                lines.append(f"    purposes: [{purpose}]")
    lines += _cookie_entries(report, lang)
    if not report.data and not report.services:
        lines.append(f"# {t('detect.nothing_found', lang)}")
    return "\n".join(lines) + "\n"


def _cookie_entries(report: SiteReport, lang: str) -> list[str]:
    """`cookies:` with the categories the found services set; `necessary` only with the functions the pages
    show (they are required with it), otherwise a comment asking for them."""
    found = {str(cat.entry("services", key)["cookies"]) for key in report.services
             if cat.entry("services", key).get("cookies")}
    if report.functions:
        found.add("necessary")
    categories = [key for key in cat.keys("cookie_categories") if key in found]
    if not categories:
        return []
    lines = ["cookies:", f"  categories: [{', '.join(categories)}]"]
    if report.functions:
        lines.append("  functions:")
        lines += [f"    - {key}  # {seen[0].text(lang)}" for key, seen in report.functions.items()]
    else:
        keys = ", ".join(cat.keys("cookie_functions"))
        lines.append(f"  # {t('detect.no_cookie_functions', lang, keys=keys)}")
    return lines


def differences(report: SiteReport, profile_path: Path, lang: str = "en") -> list[Issue]:
    """What the site shows that the profile does not disclose: an error each (a role declared without the
    service named is a warning)."""
    from kzpolicy_gen.loader import path_key
    from kzpolicy_gen.models.profile import entry_id
    from kzpolicy_gen.validate import load_profile_located

    profile, loaded = load_profile_located(profile_path)

    def issue(code: str, path: str, message: str, hint: str, severity: str = "error") -> Issue:
        line, column = loaded.locate(path_key(path))
        return Issue(code, message, loaded.file_at(path_key(path)), line, column, path, hint, severity)

    out: list[Issue] = []
    named = {tp.service for tp in profile.third_parties if tp.service}
    roles = {tp.role_id for tp in profile.third_parties}
    for key, seen in report.services.items():
        if key in named:
            continue
        entry = cat.entry("services", key)
        role = str(entry["role"])
        role_words = cat.entry("third_party_roles", role)[lang if lang in LANGUAGES else "en"]
        values = {"service": entry["name"], "evidence": seen[0].text(lang), "role": role_words, "key": key}
        hint = t("detect.hint_service", lang, **values)
        if role in roles:
            out.append(issue("detect-service-not-named", "third_parties",
                             t("detect.service_not_named", lang, **values), hint, "warning"))
        else:
            out.append(issue("detect-undisclosed-service", "third_parties",
                             t("detect.undisclosed_service", lang, **values), hint))
    declared_cookies = set(profile.cookies.categories) if profile.cookies else set()
    for key in report.services:
        category = cat.entry("services", key).get("cookies")
        if category and category not in declared_cookies:
            out.append(issue("detect-undisclosed-cookies", "cookies", t("detect.undisclosed_cookies", lang,
                             service=cat.entry("services", key)["name"], category=category),
                             t("detect.hint_cookies", lang, category=category)))
            declared_cookies.add(category)
    declared = {entry_id(e) for e in profile.data_categories}
    for key, seen in report.data.items():
        covers = {key, *signatures()["form_fields"][key].get("covered_by", ())}
        if not covers & declared:
            words = cat.entry("data_categories", key)[lang if lang in LANGUAGES else "en"]
            out.append(issue("detect-undisclosed-data", "data_categories", t("detect.undisclosed_data", lang,
                             data=words, evidence=seen[0].text(lang)), t("detect.hint_data", lang, key=key)))
    return out

