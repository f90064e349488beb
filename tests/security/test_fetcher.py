"""The PDF renderer fetches nothing it was not given (threats T1-T3).

A real HTTP server on 127.0.0.1 records every request it receives: it must receive none. A file
outside the package holds a marker that must never reach a PDF. The fetcher is tested directly
with every fetch channel WeasyPrint has (the last wall), and through a whole build whose profile
values and override wording point at the server (the walls before it).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.render.pdf import render_pdf
from kzpolicy_gen.render.wording import builtin_templates
from tests.security.carrier import carrier_text

MARKER = "MARKER-5d1c0e-outside-the-package"


class Spy:
    """A local web server that records the paths it is asked for."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        spy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                spy.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(MARKER.encode())

            def log_message(self, format: str, *args: Any) -> None:
                """Silent: the test reads `requests` instead."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def spy() -> Iterator[Spy]:
    server = Spy()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    return path


def channels(url: str, secret: str) -> dict[str, str]:
    """Every way an HTML page can make WeasyPrint load something (plan T1, T2)."""
    return {
        "img": f'<img src="{url}/a.png">',
        "stylesheet link": f'<link rel="stylesheet" href="{url}/a.css">',
        "@import": f'<style>@import url("{url}/b.css");</style>',
        "css background": f'<div style="background:url({url}/c.png)">x</div>',
        "@font-face": f"<style>@font-face{{font-family:X;src:url({url}/f.ttf)}} p{{font-family:X}}</style>",
        "list-style-image": f'<ul style="list-style-image:url({url}/l.png)"><li>x</li></ul>',
        "css content": f"<style>p::before{{content:url({url}/k.png)}}</style>",
        "object": f'<object data="{url}/o.svg"></object>',
        "embed": f'<embed src="{url}/e.svg">',
        "svg image": f'<svg width="10" height="10"><image href="{url}/s.png" width="10" height="10"/></svg>',
        "a attachment": f'<a rel="attachment" href="{secret}">x</a>',
        "link attachment": f'<link rel="attachment" href="{secret}">',
        "file image": f'<img src="{secret}">',
        "relative escape": '<img src="../../../../../../../../etc/hostname">',
        "data image": '<img src="data:image/png;base64,iVBORw0KGgo=">',
        "data stylesheet": '<link rel="stylesheet" href="data:text/css,p{color:red}">',
    }


def page(fragment: str) -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title></head>"
            f"<body><p>text</p>{fragment}</body></html>")


@pytest.mark.parametrize("channel", list(channels("u", "s")))
def test_every_fetch_channel_is_refused(channel: str, spy: Spy, secret: Path) -> None:
    fragment = channels(spy.url, secret.as_uri())[channel]
    with pytest.raises(KzPolicyError) as info:
        render_pdf(page(fragment), "en/policy.pdf")
    issue = info.value.issues[0]
    assert issue.code == "resource-blocked" and int(info.value.exit_code) == 3 and issue.file == "en/policy.pdf"
    assert spy.requests == [], "the renderer contacted the network"


def test_plain_link_is_a_link_not_a_fetch(spy: Spy) -> None:
    data = render_pdf(page(f'<a href="{spy.url}/link">x</a><iframe src="{spy.url}/frame"></iframe>'), "x.pdf")
    assert data.startswith(b"%PDF") and spy.requests == []


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, spy: Spy, secret: Path) -> Path:
    """A whole PDF build whose values and override wording point at the server and the secret file."""
    root = tmp_path_factory.mktemp("hostile")
    value = f"![x]({spy.url}/v.png) <img src={secret.as_uri()}> <link rel=stylesheet href={spy.url}/v.css>"
    profile = root / "p.yaml"
    profile.write_text(carrier_text(value), encoding="utf-8")
    macro = "{% macro general__purpose() %}\n"
    wording = (builtin_templates() / "en" / "policy.md.j2").read_text(encoding="utf-8").replace(
        macro, macro + f"![logo]({spy.url}/t.png) [a]({secret.as_uri()}) <style>@import url({spy.url}/t.css);"
        f"</style> <a rel=attachment href={secret.as_uri()}>f</a> ![s](../../../{secret.name})\n", 1)
    (root / "templates" / "en").mkdir(parents=True)
    (root / "templates" / "en" / "policy.md.j2").write_text(wording, encoding="utf-8")
    out = root / "out"
    build_profile(profile, out, languages="en", formats="pdf", templates=root / "templates")
    return out


def test_hostile_build_fetches_nothing_and_embeds_nothing(hostile_build: Path, spy: Spy) -> None:
    assert spy.requests == []
    for pdf in sorted((hostile_build / "en").glob("*.pdf")):
        data = pdf.read_bytes()
        assert MARKER.encode() not in data
        reader = PdfReader(pdf)
        root: Any = reader.trailer["/Root"]
        assert "/EmbeddedFiles" not in root.get("/Names", {})
        assert MARKER not in " ".join(p.extract_text() for p in reader.pages)
        resources: list[Any] = [p["/Resources"] for p in reader.pages]
        fonts = {str(font["/BaseFont"]).split("+")[-1]
                 for res in resources for font in (res.get("/Font") or {}).values()}
        assert fonts and all(name.startswith("KZP-Sans") for name in fonts), fonts  # the bundled DejaVu only
