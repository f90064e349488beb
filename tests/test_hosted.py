"""The hosted layout: stable URLs per client, document and language, with <iframe> and link snippets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from kzpolicy_gen.hosted import snippets
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.portfolio import build_portfolio
from tests.conftest import EXAMPLE


def test_every_document_and_language_gets_a_stable_url_that_exists_in_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions.parse("ru,kk", "md,html", hosted_url="https://legal.example.kz/alma")
    result = build_profile(EXAMPLE, out, options=options)
    data = json.loads((out / "embed.json").read_text(encoding="utf-8"))
    assert data["base_url"] == "https://legal.example.kz/alma/"
    built = {(f["document"], f["language"]) for f in result.manifest["files"] if f["format"] == "md"}
    assert {(e["document"], e["language"]) for e in data["documents"]} == built
    for entry in data["documents"]:
        relative = entry["url"].removeprefix(data["base_url"])
        assert relative == f"{entry['language']}/{entry['document']}.html" and (out / relative).is_file()
        assert f'src="{entry["url"]}"' in entry["iframe"] and 'sandbox="' in entry["iframe"]
        assert "allow-scripts" not in entry["iframe"] and "allow-same-origin" not in entry["iframe"]
    page = (out / "embed.html").read_text(encoding="utf-8")
    assert "&lt;iframe src=&#34;https://legal.example.kz/alma/ru/policy.html&#34;" in page
    assert "<iframe" not in page  # shown as code to copy, never embedded in the agency's page
    assert result.manifest["inputs"]["options"]["hosted_url"] == "https://legal.example.kz/alma/"
    owned = {f["path"] for f in result.manifest["files"]}
    assert {"embed.html", "embed.json"} <= owned


def test_snippet_values_are_escaped() -> None:
    made = snippets('https://a.kz/x.html', 'Policy "<b>" & co', "en")
    assert '<b>' not in made["iframe"] and "&#34;&lt;b&gt;&#34; &amp; co" in made["iframe"]
    assert made["link"].endswith(">Policy &#34;&lt;b&gt;&#34; &amp; co</a>")


def test_a_portfolio_gives_each_client_its_own_address(tmp_path: Path) -> None:
    clients, out = tmp_path / "clients", tmp_path / "site"
    clients.mkdir()
    for index in range(2):
        text = EXAMPLE.read_text(encoding="utf-8").replace("alma-market", f"client-{index}")
        (clients / f"c{index}.yaml").write_text(text, encoding="utf-8")
    options = BuildOptions.parse("ru", "md", hosted_url="https://legal.example.kz/")
    build_portfolio([clients], out, jobs=1, options=options)
    for index in range(2):
        data = json.loads((out / f"client-{index}" / "embed.json").read_text(encoding="utf-8"))
        assert data["base_url"] == f"https://legal.example.kz/client-{index}/"
        assert data["documents"][0]["url"].endswith(f"client-{index}/ru/policy.md")  # md only: the Markdown


def test_cli_flag_and_bad_addresses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yaml"
    shutil.copy(EXAMPLE, profile)
    out = tmp_path / "out"
    assert main(["build", str(profile), "-o", str(out), "--format", "html", "--lang", "en", "-q",
                 "--hosted", "https://legal.example.kz/p/"]) == 0
    assert (out / "embed.html").is_file()
    for bad in ("ftp://x.kz/", "https://user:pw@x.kz/", "https://x.kz/?a=1", "javascript:alert(1)", "/relative"):
        assert main(["build", str(profile), "-o", str(tmp_path / "o2"), "--hosted", bad]) == 2, bad
        assert "--hosted" in capsys.readouterr().err
