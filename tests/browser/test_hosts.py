"""The fragment inside imitations of real platforms (docs/embedding.md), axe-core on every variant, and the
purposes table at phone, tablet and desktop widths.

Screenshots go to test-artifacts/ (host-<platform>-<width>.png, table-<lang>-<width>.png) for a human look.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.hosts import HOSTS, Host, host_page
from tests.conftest import EXAMPLE, ROOT

pytest.importorskip("playwright.sync_api", reason="install the dev extra (scripts/setup.sh)")
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "test-artifacts"
ACCENT = "rgb(11, 92, 173)"
VARIANT_PRESENTATION = """
presentation:
  theme: auto
  fragment_heading_level: 2
  base_url: https://alma-market.kz/legal
  document_urls:
    policy: https://alma-market.kz/privacy
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example built twice (default look; auto theme + h2 title + absolute links) and every host page."""
    from kzpolicy_gen.build import build_profile

    root = tmp_path_factory.mktemp("hosts")
    build_profile(EXAMPLE, root / "plain", formats="html")
    variant = root / "variant.yaml"
    variant.write_text(EXAMPLE.read_text(encoding="utf-8") + VARIANT_PRESENTATION, encoding="utf-8")
    build_profile(variant, root / "variant", formats="html")
    shutil.copy(root / "plain" / "kzpolicy.css", root / "kzpolicy.css")
    (root / "favicon.ico").write_bytes(b"")
    for host in HOSTS:
        (root / f"host-{host.name}.css").write_text(host.css, encoding="utf-8")
        fragment = (root / "plain" / "ru" / f"policy.{host.variant}.html").read_text(encoding="utf-8")
        page = host_page(host, fragment, "ru", linked_css=host.variant == "fragment-csp")
        (root / f"host-{host.name}.html").write_text(page, encoding="utf-8")
    (root / "host-neutral.css").write_text("body{margin:0;font:16px sans-serif}", encoding="utf-8")
    for build in ("plain", "variant"):
        for variant_name in ("fragment", "fragment-csp", "fragment-shadow"):
            fragment = (root / build / "ru" / f"policy.{variant_name}.html").read_text(encoding="utf-8")
            neutral = Host("neutral", "<main>{fragment}</main>", "")
            page = host_page(neutral, fragment, "ru", linked_css=variant_name == "fragment-csp")
            (root / f"axe-{build}-{variant_name}.html").write_text(page, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()




def _open(browser: Browser, url: str, width: int, scheme: str = "light") -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(url)
    return page


# Runs inside the page: `root` is the document or the shadow root the fragment lives in.
_ROOT_JS = """() => { const host = document.querySelector('.kzp-host');
  if (host && host.shadowRoot) return host.shadowRoot;
  return document; }"""

LOOK_JS = """(rootFn) => {
  const root = eval(rootFn)();
  const doc = root.querySelector('.kzp-doc'); const s = (el, p) => getComputedStyle(el, p);
  const h1 = doc.querySelector('.kzp-h1'), p = doc.querySelector('main p, .kzp-doc > p, p');
  const li = doc.querySelector('ul li'), a = doc.querySelector('main a, p a, li a');
  const table = doc.querySelector('table'), row = table.querySelector('tbody tr'), td = table.querySelector('td');
  return { h1Size: parseFloat(s(h1).fontSize), h1Transform: s(h1).textTransform, h1Float: s(h1).float,
    h1Color: s(h1).color, pAlign: s(p).textAlign, pIndent: s(p).textIndent, pLine: parseFloat(s(p).lineHeight),
    pSpacing: s(p).letterSpacing, liBefore: s(li, '::before').content, liType: s(li).listStyleType,
    aColor: a ? s(a).color : null, aAfter: a ? s(a, '::after').content : null,
    tableDisplay: s(table).display, rowDisplay: s(row).display, tdWhite: s(td).whiteSpace,
    tdBreak: s(td).wordBreak, docWidth: doc.getBoundingClientRect().width,
    docHeight: doc.getBoundingClientRect().height,
    overflow: document.documentElement.scrollWidth - window.innerWidth };
}"""

# Every word of every table cell: a word may break across lines only at a soft hyphen, a hyphen or a slash,
# and no piece between such points may stick out of its cell (the column is at least as wide as it).
SPLIT_JS = """(rootFn) => {
  const root = eval(rootFn)();
  const split = [], narrow = [];
  for (const cell of root.querySelectorAll('.kzp-doc td, .kzp-doc th')) {
    const box = cell.getBoundingClientRect(), cs = getComputedStyle(cell);
    const right = box.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth) + 1;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\u00ad\\s/-]+[\\u00ad/-]?/g;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const piece = m[0].replace(/[\\u00ad/-]$/, '');
        if (!piece) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + piece.length);
        let rects = [...range.getClientRects()].filter(r => r.width > 0.5);
        // Chromium reports the hyphen drawn for a soft hyphen as part of the range that starts after it.
        if (m.index > 0 && '\u00ad-'.includes(node.data[m.index - 1]) && rects.length > 1 && rects[0].width < 8)
          rects = rects.slice(1);
        if (new Set(rects.map(r => Math.round(r.bottom))).size > 1) split.push(piece);
        if (rects.some(r => r.right > right)) narrow.push(piece);
      }
    }
  }
  return { split, narrow };
}"""


@pytest.mark.parametrize("host", HOSTS, ids=[h.name for h in HOSTS])
def test_fragment_looks_the_same_in_every_host(browser: Browser, site: tuple[str, Path], host: Host) -> None:
    base, _ = site
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page = _open(browser, f"{base}/host-{host.name}.html", width)
        if host.script:
            page.evaluate(host.script)
            # Inserted by innerHTML, a declarative shadow root stays an inert template: the copy beside it shows.
            assert page.evaluate("!document.querySelector('.kzp-host').shadowRoot")
        look = page.evaluate(LOOK_JS, _ROOT_JS)
        assert 24 <= look["h1Size"] <= 27, look
        assert look["h1Transform"] == "none" and look["h1Float"] == "none" and look["h1Color"] != "rgb(255, 106, 0)"
        assert look["pAlign"] in ("left", "start") and look["pIndent"] == "0px" and look["pLine"] < 30
        assert look["pSpacing"] == "normal"
        assert look["liBefore"] in ("none", "normal") and look["liType"] == "disc", "check marks or no bullets"
        assert look["aColor"] == ACCENT and look["aAfter"] in ("none", "normal")
        assert look["tdWhite"] == "normal" and look["tdBreak"] == "normal"
        assert look["overflow"] <= 1, f"horizontal overflow at {width}px"
        if width == 1280:
            assert look["tableDisplay"] == "table" and look["rowDisplay"] == "table-row"
            assert look["docWidth"] >= 700, "the reading width collapsed (rem under html{font-size:62.5%}?)"
        else:
            assert look["rowDisplay"] == "block", "below 640 px each purpose is a stacked block"
        words = page.evaluate(SPLIT_JS, _ROOT_JS)
        assert words == {"split": [], "narrow": []}, words
        page.screenshot(path=str(ARTIFACTS / f"host-{host.name}-{width}.png"))
        page.close()


def test_sticky_header_does_not_hide_a_section(browser: Browser, site: tuple[str, Path]) -> None:
    base, _ = site
    page = _open(browser, f"{base}/host-static.html#kzp-rights", 1280)
    top = page.evaluate("document.getElementById('kzp-rights').getBoundingClientRect().top")
    assert top >= 56, "scroll-margin-top keeps a contents target below a 56 px fixed header"
    page.close()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_purposes_table_words_are_whole(browser: Browser, site: tuple[str, Path], lang: str) -> None:
    base, _ = site
    for width in (360, 768, 1280):
        page = _open(browser, f"{base}/plain/{lang}/policy.html", width)
        words = page.evaluate(SPLIT_JS, "() => document")
        assert words == {"split": [], "narrow": []}, (width, words)
        page.locator("table").first.screenshot(path=str(ARTIFACTS / f"table-{lang}-{width}.png"))
        page.close()


def test_variant_options_reach_the_fragment(site: tuple[str, Path]) -> None:
    _, root = site
    fragment = (root / "variant" / "ru" / "form-snippets.fragment.html").read_text(encoding="utf-8")
    assert '<h2 class="kzp-h1" id="kzp-title">' in fragment and "<h1" not in fragment
    assert 'data-theme="auto"' in fragment
    assert 'href="https://alma-market.kz/legal/ru/consent.html"' in fragment
    assert 'href="https://alma-market.kz/privacy"' in fragment
    plain = (root / "plain" / "ru" / "form-snippets.fragment.html").read_text(encoding="utf-8")
    assert 'href="consent.html"' in plain and 'data-theme="light"' in plain


AXE_CASES = [(build, variant) for build in ("plain", "variant")
             for variant in ("page", "fragment", "fragment-csp", "fragment-shadow")]


@pytest.mark.parametrize(("build", "variant"), AXE_CASES)
def test_axe_finds_no_violations(browser: Browser, site: tuple[str, Path], build: str, variant: str) -> None:
    """axe-core on the page and every fragment variant, light and dark, at 360 and 1280 px."""
    base, _ = site
    url = f"{base}/{build}/ru/policy.html" if variant == "page" else f"{base}/axe-{build}-{variant}.html"
    context = None if variant == "page" else {"include": [[".kzp-host" if "shadow" in variant else ".kzp-doc"]]}
    for scheme in ("light", "dark"):
        for width in (360, 1280):
            page = _open(browser, url, width, scheme)
            background = page.evaluate(f"getComputedStyle(eval({_ROOT_JS!r})().querySelector('.kzp-doc'))"
                                       ".backgroundColor")
            dark = scheme == "dark" and build == "variant"
            assert background == ("rgb(22, 25, 28)" if dark else "rgb(255, 255, 255)"), "dark mode is opt-in"
            results = Axe().run(page, context=context)
            violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
            assert violations == [], (scheme, width, violations)
            page.close()


def test_printable_form_page_fits_a_phone(browser: Browser, site: tuple[str, Path]) -> None:
    base, _ = site
    page = _open(browser, f"{base}/plain/kk/withdrawal-form.html", 360)
    report = page.evaluate("""() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth,
        boxes: document.body.innerText.split('\u25a1').length - 1, sign: !!document.querySelector('.kzp-sign') })""")
    assert report == {"overflow": 0, "boxes": report["boxes"], "sign": True} and report["boxes"] >= 2
    page.screenshot(path=str(ARTIFACTS / "form-kk-360.png"), full_page=True)
    page.close()
