"""`preview` without a browser: the page model (side by side by clause id, findings placed, broken profile),
the HTTP routes on 127.0.0.1, and the command run as a process and stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from kzpolicy_gen.preview import Preview, serve
from tests.conftest import EXAMPLE, ROOT, as_in_a_terminal


def _copy(tmp_path: Path) -> Path:
    profile = tmp_path / "client.yaml"
    shutil.copy(EXAMPLE, profile)
    return profile


def test_page_aligns_languages_by_clause_and_escapes(tmp_path: Path) -> None:
    profile = _copy(tmp_path)
    text = profile.read_text(encoding="utf-8").replace("brand: Alma Market", "brand: <b>Alma</b>")
    profile.write_text(text, encoding="utf-8")
    page = Preview(profile).page()
    rows = re.findall(r"<tr id='([^']+)' class='kzp-clause'>", page)
    assert len(rows) > 40 and rows[0] == "general.purpose"
    every = page.count("<tr id=")
    assert [page.count(f"<td lang='{lang}'>") for lang in ("ru", "kk", "en")] == [every] * 3  # one cell each
    assert "<b>Alma</b>" not in page and "&lt;b&gt;Alma&lt;/b&gt;" in page


def test_a_finding_sits_beside_the_clause_citing_its_article(tmp_path: Path) -> None:
    profile = _copy(tmp_path)
    declared = "marketing:\n  channels: [email, sms]\n  unsubscribe_link: true\n"
    text = profile.read_text(encoding="utf-8").replace(declared, "")
    profile.write_text(text, encoding="utf-8")
    preview = Preview(profile)
    finding = next(f for f in preview.state.findings if f.rule == "KZ-MARKETING-CONSENT")
    page = preview.page()
    row = next(r for r in page.split("<tr ") if "KZ-MARKETING-CONSENT" in r)
    clauses = [c for section in preview.state.plans[0].sections for c in section.clauses]
    clause = next(c for c in clauses if set(c.articles) & set(finding.articles))
    assert row.startswith(f"id='{clause.id}'") and "warning[KZ-MARKETING-CONSENT]: marketing:" in row


def test_broken_profile_shows_located_errors_then_recovers(tmp_path: Path) -> None:
    profile = _copy(tmp_path)
    preview = Preview(profile)
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("email: privacy@alma-market.kz", "email: privacy@"), encoding="utf-8")
    preview.rebuild()
    page = preview.page()
    assert "id='kzp-errors'" in page and f"{profile}:" in page and "error[email]" in page
    assert "kzp-side" not in page
    profile.write_text(good, encoding="utf-8")
    preview.rebuild()
    assert "kzp-side" in preview.page() and preview.state.version == 3


def test_routes(tmp_path: Path) -> None:
    server = serve(_copy(tmp_path))
    try:
        def get(path: str) -> tuple[int, str, bytes]:
            with urllib.request.urlopen(server.url + path) as response:
                return response.status, response.headers["Content-Type"], response.read()

        assert server.url.startswith("http://127.0.0.1:")
        status, kind, body = get("?doc=withdrawal-form")
        assert status == 200 and kind.startswith("text/html") and b"aria-current=page>withdrawal-form" in body
        assert json.loads(get("state")[2])["ok"] is True
        assert "\n# Политика" in "\n" + get("out/ru/policy.md")[2].decode("utf-8")  # after the approval stamp
        assert get("preview.js")[1] == "text/javascript"
        try:
            get("out/../../etc/passwd")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        else:
            raise AssertionError("a path outside the build was served")
    finally:
        server.shutdown()


def test_command_serves_until_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "kzpolicy_gen", "preview", str(_copy(tmp_path)), "--port", "0",
                              "--no-browser", "--ui-lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, preexec_fn=as_in_a_terminal)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:[0-9]+/", line)
        assert url, line
        with urllib.request.urlopen(url[0] + "state", timeout=10) as response:
            assert json.loads(response.read())["version"] == 1
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=20)
    finally:
        child.kill()
    assert child.returncode == 0 and "preview stopped" in err
