"""Standalone HTML → PDF with WeasyPrint, fetching nothing but the package's own assets.

WeasyPrint is imported inside these functions only, so `--help`, `validate` and Markdown/HTML
builds never pay for it.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kzpolicy_gen.errors import ExitCode, Issue, KzPolicyError, TemplateError
from kzpolicy_gen.packaged import package_root

MAX_ASSET_BYTES = 5 << 20

VIRTUAL_BASE = "kzp-assets:"
"""The page's base URL: a scheme urljoin does not resolve against, so relative names stay relative. Fonts
(`fonts/…`) reach the fetcher as relative names it serves from the assets folder, and links between documents
(`consent.pdf`) stay relative in the PDF: no `file://` link to the install path (dead, and it would make the
bytes depend on where the tool is installed)."""


def assets_root() -> Path:
    return (package_root() / "assets").resolve()


# What to install when WeasyPrint cannot load Pango/HarfBuzz: one line per platform, shown as one message.
INSTALL_HINTS = (
    "Debian/Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
    "macOS (Homebrew): brew install pango",
    "Windows: install MSYS2 (https://www.msys2.org), run 'pacman -S mingw-w64-x86_64-pango' and add "
    "C:\\msys64\\mingw64\\bin to PATH (WeasyPrint's installation guide has the details)",
    "or build without PDF: --format md,html",
)


class PdfEngineError(KzPolicyError):
    """WeasyPrint or its system libraries are missing: PDF cannot be made, Markdown and HTML still can."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues, ExitCode.OUTPUT)


@cache
def _engine_problem() -> str:
    """'' when WeasyPrint imports, else the loader's reason (a missing library raises OSError, not ImportError)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return " ".join(str(exc).split())[:300] or type(exc).__name__
    return ""


def require_engine(where: str = "") -> None:
    """Fail before anything is rendered when PDF is asked for and WeasyPrint cannot start."""
    problem = _engine_problem()
    if problem:
        raise PdfEngineError([Issue("pdf-engine-missing", "PDF needs WeasyPrint and its system libraries "
                                    f"(Pango, HarfBuzz), which could not be loaded: {problem}", where,
                                    path="--format pdf", hint="; ".join(INSTALL_HINTS))])


@cache
def _fetcher_class() -> Any:
    require_engine()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class BundledAssetsFetcher(URLFetcher):  # type: ignore[misc]
        """Serve only regular files under the package's assets folder; record every refusal."""

        def __init__(self, root: Path) -> None:
            super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
            self.root = root
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if not parts.scheme and not parts.netloc and not parts.path.startswith("/"):
                # Relative to the virtual base: a name under the assets folder (fonts/…), or refused below.
                real = (self.root / unquote(parts.path)).resolve()
                if real.is_relative_to(self.root) and real.is_file() and real.stat().st_size <= MAX_ASSET_BYTES:
                    self.served.append(real.relative_to(self.root).as_posix())
                    mime = "font/ttf" if real.suffix == ".ttf" else "text/css"
                    return URLFetcherResponse(url, real.read_bytes(), {"Content-Type": mime})
            elif parts.scheme == "file" and not parts.netloc:
                real = Path(unquote(parts.path)).resolve()
                if real.is_relative_to(self.root) and real.is_file() and real.stat().st_size <= MAX_ASSET_BYTES:
                    self.served.append(real.relative_to(self.root).as_posix())
                    mime = "font/ttf" if real.suffix == ".ttf" else "text/css"
                    return URLFetcherResponse(url, real.read_bytes(), {"Content-Type": mime})
            self.refused.append(url[:200])
            raise FatalURLFetchingError(f"resource outside the bundled assets: {url[:200]}")

    return BundledAssetsFetcher


@cache
def _header_scopes() -> None:
    """Give every table header cell in the PDF's structure tree a /Scope (PDF/UA 7.5, the `scope` of the HTML).

    Why a wrapper: WeasyPrint links data cells to headers with /Headers but writes no /Scope on /TH, and
    validators that read only the header cells find the table's structure undeterminable. The wrapper
    adds the attribute to the element WeasyPrint has just built; if a WeasyPrint release renames the
    function, nothing is patched and tests/render/test_pdf.py fails on the missing /Scope.
    """
    from weasyprint.pdf import tags

    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, "kzp_scoped", False):
        return

    def build(box: Any, *args: Any) -> Iterator[Any]:
        for element in original(box, *args):
            if element.get("S") == "/TH" and "A" in element and "Scope" not in element["A"]:
                scope = getattr(box, "element", None)
                row = scope is not None and getattr(box, "element_tag", "") == "th" and scope.get("scope") == "row"
                element["A"]["Scope"] = "/Row" if row else "/Column"
            yield element

    build.kzp_scoped = True  # type: ignore[attr-defined]
    tags._build_box_tree = build


INITIALS = "kzp-initials"
"""The named string (print.css) of a form's initials line, printed only when the form has more than one page."""


@cache
def _initials_only_when_several_pages() -> None:
    """Drop a form's initials line from the footer of a one-page document, without laying it out again.

    Why a wrapper: whether a form runs to a second page is known only after layout, and the line sits in the
    page margin, so it does not move the text. WeasyPrint collects the named strings once all pages are laid
    out and then builds the margin boxes page by page; the wrapper empties this one string before the margin
    boxes of a one-page document are built. If a WeasyPrint release renames the function, nothing is patched
    and tests/render/test_pdf.py fails on the initials line of a one-page form.
    """
    from weasyprint import layout

    original = getattr(layout, "make_margin_boxes", None)
    if original is None or getattr(original, "kzp_initials", False):
        return

    def margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if state[1].get("pages") == [1]:
            context.string_set.pop(INITIALS, None)
        return original(context, page, state)

    margin_boxes.kzp_initials = True  # type: ignore[attr-defined]
    layout.make_margin_boxes = margin_boxes


@cache
def font_config() -> Any:
    """One font configuration per process: the bundled font is registered once, not per document."""
    require_engine()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _patched() -> None:
    """The two wrappers above, in place before any layout (each is applied once per process)."""
    _header_scopes()
    _initials_only_when_several_pages()


def warm_up() -> None:
    """Pay WeasyPrint's import and font set-up once (a worker process calls this when it starts)."""
    _fetcher_class()
    font_config()
    _patched()


def render_pdf(page_html: str, name: str, epoch: int = 0) -> bytes:
    """PDF bytes of a standalone page; fails (exit 3) if anything tried to fetch a foreign resource.

    Font subsetting stamps the current time into embedded fonts unless SOURCE_DATE_EPOCH is set;
    we honour the caller's value and otherwise use `epoch` (the document's effective date), so two
    builds of one profile give the same bytes.
    """
    with _source_date_epoch(epoch):
        return _render(page_html, name)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def layout(page_html: str) -> Any:
    """The laid-out WeasyPrint document of a page (the boxes the PDF is drawn from), for checks of line and
    page breaks: the same layout `render_pdf` prints."""
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    _patched()
    return _laid_out(page_html, _fetcher_class()(assets_root()), {"pdf_variant": "pdf/ua-1"})


def _laid_out(page_html: str, fetcher: Any, options: dict[str, Any]) -> Any:
    """Lay the page out, once for most documents (render/pagination.py decides page breaks CSS cannot)."""
    from weasyprint import HTML

    from kzpolicy_gen.render.pagination import lay_out

    page = HTML(string=page_html, base_url=VIRTUAL_BASE, url_fetcher=fetcher)
    return lay_out(page.etree_element, lambda: page.render(font_config=font_config(), **options),
                   form="data-kzp-form" in page_html)


def _render(page_html: str, name: str) -> bytes:
    require_engine(name)
    from weasyprint.urls import FatalURLFetchingError

    root = assets_root()
    _patched()
    fetcher = _fetcher_class()(root)
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    identifier = hashlib.sha256(page_html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    options: dict[str, Any] = {"pdf_identifier": identifier, "pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    try:
        document = _laid_out(page_html, fetcher, options)
        data: bytes = document.write_pdf(**options)
    except FatalURLFetchingError:
        data = b""
    if fetcher.refused:
        raise TemplateError([Issue("resource-blocked", "the document referenced resources outside the "
                                   "bundled assets: " + ", ".join(fetcher.refused[:5]), name,
                                   hint="templates and styles may use only the package's own fonts and CSS")])
    return data
