"""The HTML as a person sees it: headless Chromium (Debian's), driven by Playwright.

A local server on 127.0.0.1 serves a hostile host page (aggressive global CSS, strict CSP) with our
fragment pasted in. Screenshots go to test-artifacts/ for a human look.
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

from tests.conftest import PROFILES, ROOT

pytest.importorskip("playwright.sync_api", reason="install the dev extra (scripts/setup.sh)")
from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE_CSS = """
* { margin: 30px; font-family: "Comic Sans MS", cursive; color: #c00; text-transform: uppercase; line-height: 3;
    letter-spacing: 3px; box-sizing: content-box; }
h1, h2 { font-size: 64px; color: lime; float: right; }
p { display: inline; font-size: 30px; }
table { display: none; }
a { color: yellow; text-decoration: none; }
ul, ol { list-style: none; padding: 0; }
body { background: #222; }
"""
CSP = "default-src 'none'; style-src 'self'"


def _host_page(fragment: str, lang: str, *, linked_css: bool) -> str:
    link = '<link rel="stylesheet" href="/kzpolicy.css">' if linked_css else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Host</title>'
            f'<link rel="stylesheet" href="/host.css">{link}</head><body>'
            f'<p id="host-p">Host paragraph</p><h1 id="host-h1">Host heading</h1>{fragment}'
            f'<p id="host-after">After</p></body></html>')


class _Handler(http.server.SimpleHTTPRequestHandler):
    csp = ""

    def end_headers(self) -> None:
        if self.csp and self.path.startswith("/csp-"):
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from kzpolicy_gen.build import build_profile

    root = tmp_path_factory.mktemp("site")
    for profile in PROFILES:
        build_profile(profile, root / profile.stem, formats="html")
    (root / "host.css").write_text(HOSTILE_CSS, encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")  # browsers ask for it; a 404 would be a console error
    shutil.copy(root / "example" / "kzpolicy.css", root / "kzpolicy.css")
    for profile in PROFILES:
        for lang in ("ru", "kk", "en"):
            fragment = (root / profile.stem / lang / "policy.fragment.html").read_text(encoding="utf-8")
            csp_fragment = (root / profile.stem / lang / "policy.fragment-csp.html").read_text(encoding="utf-8")
            (root / f"host-{profile.stem}-{lang}.html").write_text(_host_page(fragment, lang, linked_css=False),
                                                                    encoding="utf-8")
            (root / f"csp-{profile.stem}-{lang}.html").write_text(_host_page(csp_fragment, lang, linked_css=True),
                                                                   encoding="utf-8")
    inline = (root / "example" / "ru" / "policy.fragment.html").read_text(encoding="utf-8")
    (root / "csp-inline-example-ru.html").write_text(_host_page(inline, "ru", linked_css=False), encoding="utf-8")
    (root / "host-empty.html").write_text(_host_page("", "en", linked_css=False), encoding="utf-8")
    handler = functools.partial(type("H", (_Handler,), {"csp": CSP}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()




def _open(browser: Browser, url: str, width: int) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, requests, errors


HOST_PROPS = ["color", "font-size", "margin-top", "font-family", "text-transform", "display", "line-height"]


def _host_styles(page: Page) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = page.evaluate(
        """(props) => Object.fromEntries(['host-p', 'host-h1', 'host-after'].map(id => {
            const s = getComputedStyle(document.getElementById(id));
            return [id, Object.fromEntries(props.map(p => [p, s.getPropertyValue(p)]))];
        }))""", HOST_PROPS)
    return result


@pytest.mark.parametrize("profile", [p.stem for p in PROFILES])
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_fragment_survives_a_hostile_host(browser: Browser, site: tuple[str, Path], profile: str, lang: str) -> None:
    base, _ = site
    empty, _, _ = _open(browser, f"{base}/host-empty.html", 1280)
    baseline = _host_styles(empty)
    empty.close()
    for width in (360, 1280):
        page, requests, errors = _open(browser, f"{base}/host-{profile}-{lang}.html", width)
        assert _host_styles(page) == baseline, "the fragment changed the host page's styles"
        info = page.evaluate(r"""() => {
            const doc = document.querySelector('.kzp-doc');
            const box = el => el.getBoundingClientRect();
            const h1 = doc.querySelector('h1'), table = doc.querySelector('table'), p = doc.querySelector('p');
            const s = el => getComputedStyle(el);
            return {
              h1Size: parseFloat(s(h1).fontSize), h1Float: s(h1).float, h1Transform: s(h1).textTransform,
              tableHeight: table ? box(table).height : -1, tableDisplay: table ? s(table).display : 'none',
              pDisplay: s(p).display, docWidth: box(doc).width, pSize: parseFloat(s(p).fontSize),
              liHeight: parseFloat(s(doc.querySelector('li')).lineHeight),
              liMargin: s(doc.querySelector('li')).marginTop,
              overflow: document.documentElement.scrollWidth - window.innerWidth,
              links: [...doc.querySelectorAll('a')].filter(a => !a.textContent.trim()).length,
              sections: [...doc.querySelectorAll('h2[id]')].map(h => h.id),
              contrast: (() => {
                const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
                const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                const fg = lum(s(p).color), bg = lum(s(doc).backgroundColor);
                return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05); })(),
            };
        }""")
        assert info["h1Size"] < 40 and info["h1Float"] == "none" and info["h1Transform"] == "none"
        # Below 640 px of fragment width (here the host's floated h1 narrows it) the table is drawn as
        # stacked blocks (tests/browser/test_hosts.py).
        stacked = info["docWidth"] < 640
        assert info["tableDisplay"] == ("block" if stacked else "table") and info["tableHeight"] > 20
        assert info["pDisplay"] == "block" and 15 <= info["pSize"] <= 17
        assert info["liHeight"] < 30 and info["liMargin"] != "30px"
        assert info["overflow"] <= 1, f"horizontal overflow at {width}px"
        assert info["links"] == 0
        assert info["contrast"] >= 4.5, "fragment text must stay readable on any host background"
        assert all(section.startswith("kzp-") for section in info["sections"]) and len(info["sections"]) >= 10
        assert errors == []
        assert all(url.startswith(base) for url in requests), requests
        ARTIFACTS.mkdir(exist_ok=True)
        if profile == "example":
            page.screenshot(path=str(ARTIFACTS / f"fragment-{lang}-{width}.png"), full_page=False)
        page.close()


def test_csp_fragment_styles_apply_under_strict_csp(browser: Browser, site: tuple[str, Path]) -> None:
    base, _ = site
    page, requests, errors = _open(browser, f"{base}/csp-example-kk.html", 1280)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.kzp-doc h1')).fontSize)")
    assert size < 40, "kzpolicy.css served from the site's origin styles the fragment under CSP"
    assert errors == [], errors
    assert {url.rsplit("/", 1)[-1] for url in requests} - {"favicon.ico"} == {"csp-example-kk.html", "host.css",
                                                                         "kzpolicy.css"}
    page.close()


def test_inline_fragment_under_strict_csp_is_blocked_but_readable(browser: Browser, site: tuple[str, Path]) -> None:
    """Why two variants: with inline <style> a strict CSP blocks the styles (and says so)."""
    base, _ = site
    page, _, errors = _open(browser, f"{base}/csp-inline-example-ru.html", 1280)
    assert any("Content Security Policy" in e for e in errors)
    assert "Политика" in (page.text_content(".kzp-doc h1") or "")
    page.close()


def test_standalone_page_accessibility(browser: Browser, site: tuple[str, Path]) -> None:
    """An axe-like pass: lang, one h1, headings in order, named links, contrast of body text."""
    base, _ = site
    for lang in ("ru", "kk", "en"):
        page, requests, errors = _open(browser, f"{base}/example/{lang}/policy.html", 360)
        report = page.evaluate("""() => {
            const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
            const jumps = levels.slice(1).filter((l, i) => l - levels[i] > 1).length;
            const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
            const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const p = document.querySelector('.kzp-doc p');
            const fg = lum(getComputedStyle(p).color), bg = lum(getComputedStyle(document.body).backgroundColor);
            return { lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length, jumps,
                     unnamedLinks: [...document.querySelectorAll('a')].filter(a => !a.textContent.trim()).length,
                     contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
                     main: document.querySelectorAll('main').length,
                     overflow: document.documentElement.scrollWidth - window.innerWidth };
        }""")
        assert report["lang"] == lang and report["h1"] == 1 and report["jumps"] == 0
        assert report["unnamedLinks"] == 0 and report["main"] == 1
        assert report["contrast"] >= 4.5
        assert report["overflow"] <= 1
        assert errors == [] and all(url.startswith(base) for url in requests)
        page.screenshot(path=str(ARTIFACTS / f"page-{lang}-360.png"), full_page=False)
        page.close()


def test_shadow_fragment_is_isolated(browser: Browser, site: tuple[str, Path]) -> None:
    base, root = site
    shadow = (root / "example" / "en" / "policy.fragment-shadow.html").read_text(encoding="utf-8")
    (root / "host-shadow.html").write_text(_host_page(shadow, "en", linked_css=False), encoding="utf-8")
    page, _, _ = _open(browser, f"{base}/host-shadow.html", 1280)
    style = page.evaluate("""() => { const s = getComputedStyle(
        document.querySelector('.kzp-host').shadowRoot.querySelector('h1'));
        return [parseFloat(s.fontSize), s.color, s.textTransform]; }""")
    assert 20 < style[0] < 30 and style[1] != "rgb(0, 255, 0)" and style[2] == "none"
    # The fallback copy beside the template (for hosts that insert it with innerHTML) is not shown.
    assert page.evaluate("document.querySelector('.kzp-host > .kzp-doc').getBoundingClientRect().height") == 0
    page.close()
