"""The change report of a portfolio build (changes.json, changes.html) and the index's pinned law pack."""

from __future__ import annotations

import json
from pathlib import Path

from kzpolicy_gen.changes import text_changes
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.portfolio import build_portfolio
from tests.conftest import EXAMPLE


def _clients(folder: Path) -> None:
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for index in range(2):
        (folder / f"c{index}.yaml").write_text(text.replace("alma-market", f"client-{index}"), encoding="utf-8")


def _report(out: Path) -> dict[str, list[dict[str, str]]]:
    data = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    return {c["client"]: c["changes"] for c in data["clients"]}


def test_the_report_names_what_changed_since_the_last_build(tmp_path: Path) -> None:
    clients, out = tmp_path / "clients", tmp_path / "site"
    _clients(clients)
    build_portfolio([clients], out, jobs=1, formats="md,html", languages="ru,en")
    first = _report(out)
    assert {(c["document"], c["language"], c["change"]) for c in first["client-0"]} >= {
        ("policy", "ru", "added"), ("policy", "en", "added"), ("consent", "ru", "added")}
    build_portfolio([clients], out, jobs=1, formats="md,html", languages="ru,en")
    assert _report(out) == {"client-0": [], "client-1": []}  # nothing changed: nothing to re-publish
    profile = clients / "c1.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("+7 727 355 10 20", "+7 727 355 10 29"),
                       encoding="utf-8")
    build_portfolio([clients], out, jobs=1, options=BuildOptions.parse("ru,en", "md,html", same_version=True))
    report = _report(out)
    assert report["client-0"] == []
    changed = {(c["document"], c["language"], c["change"]) for c in report["client-1"]}
    assert ("policy", "ru", "changed") in changed and ("policy", "en", "changed") in changed
    assert {change for _, _, change in changed} == {"changed"}
    assert ("cookie-notice", "ru", "changed") not in changed, changed  # only the texts that show the phone
    page = (out / "changes.html").read_text(encoding="utf-8")
    assert 'href="client-1/ru/policy.html"' in page and "client-0/" not in page
    assert "Content-Security-Policy" in page


def test_text_changes_added_changed_removed() -> None:
    old = {"files": [1], "text_sha256": {"policy": {"ru": "a", "en": "b"}, "consent": {"ru": "c"}}}
    new = {"text_sha256": {"policy": {"ru": "a", "en": "B"}, "cookie-notice": {"ru": "d"}}}
    assert text_changes(old, new) == [{"document": "policy", "language": "en", "change": "changed"},
                                      {"document": "cookie-notice", "language": "ru", "change": "added"},
                                      {"document": "consent", "language": "ru", "change": "removed"}]
    assert text_changes(None, new)[0]["change"] == "added"
    assert {c["change"] for c in text_changes({"files": [1]}, new)} == {"changed"}  # before hashes: unknown


def test_the_index_shows_the_pinned_law_pack(tmp_path: Path) -> None:
    clients, out = tmp_path / "clients", tmp_path / "site"
    _clients(clients)
    pinned = clients / "c1.yaml"
    text = pinned.read_text(encoding="utf-8")
    pinned.write_text(text.replace('  version: "1.0"\n', '  version: "1.0"\n  law_pack: "2026.10.1"\n', 1),
                      encoding="utf-8")
    result = build_portfolio([clients], out, jobs=1, formats="md", languages="ru")
    assert [o.law_pack_pinned for o in result.outcomes] == ["", "2026.10.1"]
    from kzpolicy_gen import catalogue

    current = catalogue.lawpack()["version"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "2026.10.1 (" in page and f" {current})" in page
    clients_json = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))["clients"]
    assert clients_json[1]["law_pack_pinned"] == "2026.10.1"
