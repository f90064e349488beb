"""`preview` in Chromium: the three languages side by side by clause id, findings beside clauses, links to
every format; saving the profile refreshes the page with the new text (timed: docs/performance.md), and a
broken profile shows its located errors instead of a stale page."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzpolicy_gen.preview import PreviewServer, serve
from tests.browser.test_embed import ARTIFACTS
from tests.conftest import EXAMPLE

pytest.importorskip("playwright.sync_api", reason="install the dev extra (scripts/setup.sh)")
from playwright.sync_api import Browser, Page

#: Save → refreshed HTML of one language, median of the timed saves (the issue's target; docs/performance.md).
TARGET_MS = 300
#: The same with the three languages side by side (three documents rendered and converted): a looser bound.
TARGET_THREE_MS = 600


@pytest.fixture()
def previewed(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    profile = tmp_path / "client.yaml"
    shutil.copy(EXAMPLE, profile)
    server = serve(profile, ui_lang="en")
    yield server, profile
    server.shutdown()


def _timed_saves(page: Page, profile: Path, rounds: int = 6) -> list[float]:
    """Milliseconds from each save to the page showing the new text (the brand changes each round)."""
    timings = []
    old = "brand: Alma Market"
    for round_ in range(rounds):
        new = f"brand: Alma Bazaar {round_}"
        started = time.perf_counter()
        _save(profile, old, new)
        _shows(page, f"Alma Bazaar {round_}")
        timings.append((time.perf_counter() - started) * 1000)
        old = new
    return timings




def _allowed(target_ms: float) -> float:
    """The target on a machine with a free core; scaled by how oversubscribed it is right now (the load average
    per CPU, when above 1), because the test shares its cores with other work and noise only adds time."""
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return target_ms * max(1.0, load)


def _save(profile: Path, old: str, new: str) -> None:
    """Save as editors do: write a temporary file beside it and rename it over the profile."""
    text = profile.read_text(encoding="utf-8")
    assert old in text
    temporary = profile.with_name(".client.yaml.swp")
    temporary.write_text(text.replace(old, new), encoding="utf-8")
    temporary.replace(profile)


def _shows(page: Page, text: str, timeout: float = 10_000) -> None:
    page.wait_for_function("(t) => document.body && document.body.innerText.includes(t)", arg=text,
                           timeout=timeout, polling="raf")


def test_side_by_side_findings_and_formats(browser: Browser, previewed: tuple[PreviewServer, Path]) -> None:
    server, _ = previewed
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.url)
    assert page.locator(".kzp-side > thead th").all_inner_texts()[1:4] == ["ru", "kk", "en"]
    row = page.locator("tr[id='operator.identity']")
    cells = row.locator("td").all_inner_texts()
    assert "ТОО «Алма Маркет»" in cells[0] and "«Алма Маркет» ЖШС" in cells[1] and "Alma Market LLP" in cells[2]
    numbers = page.locator("tr.kzp-clause th span").all_inner_texts()
    assert len(numbers) > 40 and numbers[0] == "1.1"
    for clause in page.locator("tr.kzp-clause").all()[:60]:
        assert all(text.strip() for text in clause.locator("td").all_inner_texts()[:3])  # no language missing
    assert page.locator(".kzp-finding").count() >= 1  # the check findings are shown
    link = page.locator("a[href='/out/kk/policy.html']")
    assert link.count() == 1
    response = page.request.get(server.url + "out/kk/policy.html")
    assert response.ok and "Алма Маркет" in response.text()
    page.locator("a[href='/?doc=consent']").click()
    _shows(page, "consent")
    assert page.locator("a[aria-current]").inner_text() == "consent"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview.png"))
    assert errors == []


def test_saving_refreshes_and_a_broken_profile_shows_its_errors(
        browser: Browser, previewed: tuple[PreviewServer, Path]) -> None:
    server, profile = previewed
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server.url)
    _shows(page, "Alma Market LLP")
    timings = _timed_saves(page, profile)
    _save(profile, 'bin: "210540012341"', 'bin: "210540012342"')
    _shows(page, "error[bin-checksum]")
    assert f"{profile}:" in page.locator("#kzp-errors").inner_text()
    assert "Alma Bazaar" not in page.locator("body").inner_text()  # no stale document under the error
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-broken.png"))
    _save(profile, 'bin: "210540012342"', 'bin: "210540012341"')
    _shows(page, "Alma Bazaar 5")
    median = statistics.median(timings[1:])  # the first save also warms the renderer's caches
    print(f"\npreview ru+kk+en save→refreshed HTML: median {median:.0f} ms, all {[round(t) for t in timings]}")
    assert median <= _allowed(TARGET_THREE_MS), (timings, os.getloadavg())


def test_one_language_refreshes_within_the_target(browser: Browser, tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    shutil.copy(EXAMPLE, profile)
    server = serve(profile, ui_lang="en", languages=("en",))
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(server.url)
        assert page.locator(".kzp-side > thead th").all_inner_texts()[1:-1] == ["en"]
        timings = _timed_saves(page, profile, rounds=8)
    finally:
        server.shutdown()
    median = statistics.median(timings[1:])
    print(f"\npreview en save→refreshed HTML: median {median:.0f} ms, all {[round(t) for t in timings]}, "
          f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    assert median <= _allowed(TARGET_MS), (timings, os.getloadavg())
