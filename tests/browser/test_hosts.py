"""The fragment inside imitations of real platforms (docs/embedding.md), the host's theming custom properties,
axe-core on every variant and on a signed form, and the purposes table at phone, tablet and desktop widths
(one table for screen readers when stacked).

Screenshots go to test-artifacts/ (host-<platform>-<width>.png, theme-<order>-1280.png, form-ru-*.png,
table-<lang>-<width>.png) for a human look.
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

from tests.browser.hosts import HOSTS, NEXTJS_SHADOW, Host, host_page
from tests.conftest import EXAMPLE, ROOT

pytest.importorskip("playwright.sync_api", reason="install the dev extra (scripts/setup.sh)")
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "test-artifacts"
ACCENT = "rgb(11, 92, 173)"
# A host's own theming rule (docs/embedding.md, "Theming"), in the host's stylesheet before or after the fragment.
HOST_THEME = ".kzp-doc { --kzp-accent: #c00000; }\n.kzp-doc { --kzp-text: #102a43; }\n"
HOST_ACCENT, HOST_TEXT = "rgb(192, 0, 0)", "rgb(16, 42, 67)"
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
    for host in (*HOSTS, NEXTJS_SHADOW):
        (root / f"host-{host.name}.css").write_text(host.css, encoding="utf-8")
        fragment = (root / "plain" / "ru" / f"policy.{host.variant}.html").read_text(encoding="utf-8")
        page = host_page(host, fragment, "ru", linked_css=host.variant == "fragment-csp")
        (root / f"host-{host.name}.html").write_text(page, encoding="utf-8")
    # The WordPress host with the site's theming rule loaded before the fragment (in <head>) and after it.
    (root / "host-theme.css").write_text(HOST_THEME, encoding="utf-8")
    wordpress = (root / "host-wordpress.html").read_text(encoding="utf-8")
    theme_link = '<link rel="stylesheet" href="/host-theme.css">'
    (root / "theme-before.html").write_text(wordpress.replace("</head>", theme_link + "</head>"), encoding="utf-8")
    (root / "theme-after.html").write_text(wordpress.replace("</body>", theme_link + "</body>"), encoding="utf-8")
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

LOOK_JS = r"""(rootFn) => {
  const root = eval(rootFn)();
  const doc = root.querySelector('.kzp-doc'); const s = (el, p) => getComputedStyle(el, p);
  const h1 = doc.querySelector('.kzp-h1'), p = doc.querySelector('main p, .kzp-doc > p, p');
  const li = doc.querySelector('ul li'), a = doc.querySelector('main a, p a, li a');
  const table = doc.querySelector('table'), row = table.querySelector('tbody tr'), td = table.querySelector('td');
  return { h1Size: parseFloat(s(h1).fontSize), h1Transform: s(h1).textTransform, h1Float: s(h1).float,
    h1Color: s(h1).color, pAlign: s(p).textAlign, pIndent: s(p).textIndent, pLine: parseFloat(s(p).lineHeight),
    pSpacing: s(p).letterSpacing, liBefore: s(li, '::before').content, liType: s(li).listStyleType,
    // Ordered lists (the contents): no number drawn by ::before, and each item shows one number only, the
    // list's own marker or the one written in the text (a host's counter on top of it doubles it).
    olItems: [...doc.querySelectorAll('ol li')].length,
    olBefore: [...new Set([...doc.querySelectorAll('ol li')].map(el => s(el, '::before').content))],
    olMarkers: [...new Set([...doc.querySelectorAll('ol li')].map(el =>
      (s(el).listStyleType !== 'none' ? 1 : 0) + (/^\s*\d+[.)]/.test(el.textContent) ? 1 : 0)
      + (['none', 'normal'].includes(s(el, '::before').content) ? 0 : 1)))],
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


def _assert_looks_right(look: dict[str, Any], width: int) -> None:
    """The host theme changed nothing: the fragment's own type, lists, links and table at this width."""
    assert 24 <= look["h1Size"] <= 27, look
    assert look["h1Transform"] == "none" and look["h1Float"] == "none" and look["h1Color"] != "rgb(255, 106, 0)"
    assert look["pAlign"] in ("left", "start") and look["pIndent"] == "0px" and look["pLine"] < 30
    assert look["pSpacing"] == "normal"
    assert look["liBefore"] in ("none", "normal") and look["liType"] == "disc", "check marks or no bullets"
    assert look["olItems"] >= 8 and set(look["olBefore"]) <= {"none", "normal"}, "a host counter before the items"
    assert look["olMarkers"] == [1], "each contents item shows exactly one number"
    assert look["aColor"] == ACCENT and look["aAfter"] in ("none", "normal")
    assert look["tdWhite"] == "normal" and look["tdBreak"] == "normal"
    assert look["overflow"] <= 1, f"horizontal overflow at {width}px"
    if width == 1280:
        assert look["tableDisplay"] == "table" and look["rowDisplay"] == "table-row"
        assert look["docWidth"] >= 700, "the reading width collapsed (rem under html{font-size:62.5%}?)"
    else:
        assert look["rowDisplay"] == "block", "below 640 px each purpose is a stacked block"


_HOST_H1_JS = """() => { const s = getComputedStyle(document.getElementById('host-h1'));
  return [s.fontSize, s.fontWeight, s.color, s.fontFamily, s.margin, s.lineHeight]; }"""


@pytest.mark.parametrize("host", HOSTS, ids=[h.name for h in HOSTS])
def test_fragment_looks_the_same_in_every_host(browser: Browser, site: tuple[str, Path], host: Host) -> None:
    base, _ = site
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page = _open(browser, f"{base}/host-{host.name}.html", width)
        if host.script:  # React: the fragment arrives by innerHTML after the page has loaded
            before = page.evaluate(_HOST_H1_JS)
            assert page.evaluate("document.querySelectorAll('.kzp-doc').length") == 0
            page.evaluate(host.script)
            assert page.evaluate("document.querySelectorAll('#policy > .kzp-doc > style').length") == 1
            assert page.evaluate(_HOST_H1_JS) == before, "the inserted fragment restyled the host page"
        _assert_looks_right(page.evaluate(LOOK_JS, _ROOT_JS), width)
        words = page.evaluate(SPLIT_JS, _ROOT_JS)
        assert words == {"split": [], "narrow": []}, words
        page.screenshot(path=str(ARTIFACTS / f"host-{host.name}-{width}.png"))
        page.close()


def test_shadow_variant_inserted_by_innerhtml_shows_its_fallback(browser: Browser, site: tuple[str, Path]) -> None:
    """docs/embedding.md, "Limits of the shadow variant": put in by innerHTML (React), the declarative shadow
    root is never attached and its template renders nothing; the copy beside it is shown, styled and immune."""
    base, _ = site
    for width in (390, 1280):
        page = _open(browser, f"{base}/host-{NEXTJS_SHADOW.name}.html", width)
        page.evaluate(NEXTJS_SHADOW.script)
        state = page.evaluate("""() => { const host = document.querySelector('#policy > .kzp-host');
          const template = host.querySelector(':scope > template');
          return { shadow: !!host.shadowRoot, template: !!template,
                   templateHeight: template ? template.getBoundingClientRect().height : -1,
                   copies: host.querySelectorAll(':scope > .kzp-doc').length,
                   copyHeight: host.querySelector(':scope > .kzp-doc').getBoundingClientRect().height }; }""")
        assert state["shadow"] is False and state["template"] is True and state["templateHeight"] == 0, state
        assert state["copies"] == 1 and state["copyHeight"] > 2000, "the fallback copy is what the visitor sees"
        _assert_looks_right(page.evaluate(LOOK_JS, _ROOT_JS), width)
        page.screenshot(path=str(ARTIFACTS / f"host-{NEXTJS_SHADOW.name}-{width}.png"))
        page.close()


@pytest.mark.parametrize("order", ["before", "after"])
def test_host_theming_reaches_the_fragment(browser: Browser, site: tuple[str, Path], order: str) -> None:
    """A host rule `.kzp-doc {--kzp-accent: …}` themes the default fragment, whether the host's stylesheet comes
    before the fragment's inline <style> or after it (the defaults sit in :where() inside the layer)."""
    base, _ = site
    page = _open(browser, f"{base}/theme-{order}.html", 1280)
    colours = page.evaluate("""() => { const doc = document.querySelector('.kzp-doc');
      const colour = sel => [...new Set([...doc.querySelectorAll(sel)].map(el => getComputedStyle(el).color))];
      return { links: colour('a'), headings: colour('.kzp-h1, .kzp-h2'), text: colour('p:not(.kzp-meta)'),
               count: doc.querySelectorAll('a').length }; }""")
    assert colours["count"] >= 10, colours
    assert colours == {"links": [HOST_ACCENT], "headings": [HOST_TEXT], "text": [HOST_TEXT],
                       "count": colours["count"]}, "the host's --kzp-accent/--kzp-text did not apply"
    page.screenshot(path=str(ARTIFACTS / f"theme-{order}-1280.png"))
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


def test_axe_finds_no_violations_on_a_signed_form(browser: Browser, site: tuple[str, Path]) -> None:
    """One form a person ticks and signs (ru withdrawal), as the page, light and dark, at 360 and 1280 px:
    tick-box list, fill-in lines, signature, representative and "received by the operator" blocks."""
    base, _ = site
    for scheme in ("light", "dark"):
        for width in (360, 1280):
            page = _open(browser, f"{base}/variant/ru/withdrawal-form.html", width, scheme)  # theme: auto
            form = page.evaluate("""() => { const doc = document.querySelector('.kzp-doc');
              return { ticks: doc.querySelectorAll('.kzp-ticks > li').length,
                       emptyLists: [...doc.querySelectorAll('ul, ol')].filter(l => !l.children.length).length,
                       blocks: ['.kzp-sign', '.kzp-rep', '.kzp-received'].filter(c => doc.querySelector(c)),
                       background: getComputedStyle(doc).backgroundColor }; }""")
            assert form["ticks"] >= 4 and form["emptyLists"] == 0, form
            assert form["blocks"] == [".kzp-sign", ".kzp-rep", ".kzp-received"], form
            assert form["background"] == ("rgb(22, 25, 28)" if scheme == "dark" else "rgb(255, 255, 255)")
            results = Axe().run(page)
            violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
            assert violations == [], (scheme, width, violations)
            if (scheme, width) in (("dark", 360), ("light", 1280)):
                page.screenshot(path=str(ARTIFACTS / f"form-ru-{scheme}-{width}.png"), full_page=True)
            page.close()


_TABLE_JS = """() => { const table = document.querySelector('.kzp-doc table');
  const labels = [...table.querySelectorAll('th')].map(th => th.textContent.replace(/\u00ad/g, '').trim());
  const cells = [...table.querySelectorAll('tbody td')].map((td, i) => {
    const before = getComputedStyle(td, '::before'), box = td.getBoundingClientRect();
    const range = document.createRange(); range.selectNodeContents(td);
    const text = [...range.getClientRects()].filter(r => r.width > 0.5)[0];
    return { label: before.content.startsWith(JSON.stringify(labels[i % labels.length])),
             shown: before.display === 'block' && before.visibility === 'visible',
             // the label takes a line of its own above the value
             gap: text.top - box.top - parseFloat(getComputedStyle(td).paddingTop) };
  });
  return { rows: table.querySelectorAll('tbody tr').length, columns: labels.length,
           rowDisplay: getComputedStyle(table.querySelector('tbody tr')).display,
           unlabelled: cells.filter(c => !c.label || !c.shown).length,
           minGap: Math.min(...cells.map(c => c.gap)) }; }"""


def test_stacked_table_stays_one_table(browser: Browser, site: tuple[str, Path]) -> None:
    """At 360 px the purposes table is drawn as stacked blocks with visible labels, yet a screen reader meets
    the same single table as at 1280 px: one table, a header row of column headers, one row per purpose,
    a cell per column, and the labels (drawn for the eye only) not read into the cells' names."""
    base, _ = site
    trees = {}
    for width in (1280, 360):
        page = _open(browser, f"{base}/plain/ru/policy.html", width)
        info = page.evaluate(_TABLE_JS)
        table = page.get_by_role("table")
        assert table.count() == 1
        rows = table.get_by_role("row")
        assert rows.count() == info["rows"] + 1 and info["rows"] >= 3, info
        assert rows.first.get_by_role("columnheader").count() == info["columns"] == 5
        assert [rows.nth(i).get_by_role("cell").count() for i in range(1, rows.count())] == [5] * info["rows"]
        trees[width] = table.aria_snapshot()
        if width == 360:
            assert info["rowDisplay"] == "block", info
            assert info["unlabelled"] == 0 and info["minGap"] >= 12, info
            page.locator(".kzp-doc tbody tr").first.screenshot(path=str(ARTIFACTS / "table-ru-360-row.png"))
        page.close()
    assert trees[360] == trees[1280], "stacking changed what a screen reader hears"


def test_printable_form_page_fits_a_phone(browser: Browser, site: tuple[str, Path]) -> None:
    base, _ = site
    page = _open(browser, f"{base}/plain/kk/withdrawal-form.html", 360)
    report = page.evaluate("""() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth,
        boxes: document.body.innerText.split('\u25a1').length - 1, sign: !!document.querySelector('.kzp-sign') })""")
    assert report == {"overflow": 0, "boxes": report["boxes"], "sign": True} and report["boxes"] >= 2
    page.screenshot(path=str(ARTIFACTS / "form-kk-360.png"), full_page=True)
    page.close()
