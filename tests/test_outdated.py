"""outdated: which clients' last build used an older law pack, tool or wording; what a rebuild changes; exit codes;
the law-pack changelog shipped with the package; a 300-client portfolio with nothing outdated in ≤ 2 s."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from kzpolicy_gen import catalogue
from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from kzpolicy_gen.outdated import Current, changelog_since, reasons, survey, version_key
from kzpolicy_gen.plan.structure import DOCUMENTS
from kzpolicy_gen.rules import RULES
from tests.conftest import EXAMPLE

TARGET_SECONDS = 2.0


def _variant(index: int) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    return (text.replace("Alma Market", f"Alma Market {index}").replace("alma-market", f"client-{index:03d}")
            .replace("355 10 20", f"355 {index % 100:02d} 20"))


def _clients(folder: Path, count: int, name: str) -> Path:
    """`count` variants of the example in `folder`, named by `name.format(index)`."""
    folder.mkdir()
    for index in range(count):
        (folder / f"{name.format(index)}.yaml").write_text(_variant(index), encoding="utf-8")
    return folder


def _edit_manifest(folder: Path, **values: Any) -> None:
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(values)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([*args, "--ui-lang", "en"])
    return code, capsys.readouterr().out


def test_300_clients_with_nothing_outdated_take_at_most_2_seconds(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    clients, out = _clients(tmp_path / "clients", 300, "client-{:03d}"), tmp_path / "out"
    # built once, cheaply (Markdown, one language), then the same build placed in every client's folder:
    # `outdated` decides from each manifest alone, so this is a current portfolio as far as it can tell
    build_profile(clients / "client-000.yaml", out / "client-000", formats="md", languages="ru")
    for index in range(1, 300):
        shutil.copytree(out / "client-000", out / f"client-{index:03d}")
    load = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    started = time.perf_counter()
    code, text = _run(["outdated", str(clients), "-o", str(out)], capsys)
    seconds = time.perf_counter() - started
    assert code == 0, text
    assert "clients: 300; outdated: 0; need new consent: 0" in text
    assert seconds <= TARGET_SECONDS * load, (seconds, os.getloadavg())
    _edit_manifest(out / "client-007", law_pack="2026.10.1")
    code, text = _run(["outdated", str(clients), "-o", str(out), "--format", "json"], capsys)
    data = json.loads(text)
    assert code == 6 and data["outdated"] == 1
    (row,) = [c for c in data["clients"] if c["outdated"]]
    assert row["client"] == "client-007" and row["reasons"] == ["law_pack"]
    assert [e["version"] for e in row["law_pack_changes"]] == [catalogue.lawpack()["version"]]
    # its build (a copy of client-000's) differs from its profile in the operator's name and phone only
    assert row["requires_consent"] is False and row["diff"]["clauses"]


def test_reasons_law_pack_tool_wording(tmp_path: Path) -> None:
    current = Current("2026.11.1", "kzpolicy-gen 1.0", "w", "t")
    base = {"law_pack": "2026.11.1", "generator": "kzpolicy-gen 1.0", "wording": "w"}
    assert reasons(base, current) == []
    assert reasons(None, current) == ["never_built"]
    assert reasons({**base, "law_pack": "2026.9.2"}, current) == ["law_pack"]
    assert reasons({**base, "law_pack": "2027.1.1"}, current) == []  # a newer pack is not outdated
    assert reasons({**base, "generator": "kzpolicy-gen 0.9"}, current) == ["tool"]
    assert reasons({**base, "wording": "old"}, current) == ["wording"]
    older = {"law_pack": "2026.11.1", "generator": "kzpolicy-gen 1.0", "inputs": {"toolchain": "x"}}
    assert reasons(older, current) == ["toolchain"]  # built before the wording was recorded
    assert version_key("2026.10.1") > version_key("2026.9.30")


def test_what_would_change_and_the_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile, out = tmp_path / "shop.yaml", tmp_path / "out"
    shutil.copy(EXAMPLE, profile)
    build_profile(profile, out, formats="md", languages="ru,en")
    code, text = _run(["outdated", str(profile), "-o", str(out)], capsys)
    assert code == 0 and "outdated: 0" in text
    _edit_manifest(out, wording="an earlier wording")
    code, text = _run(["outdated", str(profile), "-o", str(out)], capsys)
    assert code == 6 and "alma-market: built with an earlier wording" in text
    assert "the text stays the same; no new version is needed" in text  # the wording did not really change
    text_now = profile.read_text(encoding="utf-8")
    added = ("  - purpose: customer_support\n    data: [identity, contacts]\n    basis: consent\n"
             "    retention: {years: 1}\n  - purpose: account\n")
    assert "  - purpose: account\n" in text_now
    profile.write_text(text_now.replace("  - purpose: account\n", added, 1), encoding="utf-8")
    code, text = _run(["outdated", str(profile), "-o", str(out)], capsys)
    assert code == 1, text
    assert "! new purpose of processing" in text and "subjects must give new consent" in text
    code, _ = _run(["outdated", str(tmp_path / "missing.yaml"), "-o", str(out)], capsys)
    assert code == 2


def test_a_portfolio_folder_names_its_clients_and_their_profiles(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    clients, out = _clients(tmp_path / "clients", 2, "c{}"), tmp_path / "site"
    assert main(["build", str(clients), "-o", str(out), "--format", "md", "--lang", "ru", "-q", "--jobs", "1"]) == 0
    _edit_manifest(out / "client-001", generator="kzpolicy-gen 0.0.1")
    found = survey([out])
    assert [(c.name, c.outdated) for c in found] == [("client-000", False), ("client-001", True)]
    assert found[1].reasons == ["tool"] and found[1].profile is not None and found[1].comparison is not None
    assert not found[1].comparison.clauses  # same profile, same pack: nothing to republish
    never = survey([clients], tmp_path / "elsewhere")
    assert all(c.reasons == ["never_built"] for c in never)


def test_the_changelog_is_shipped_current_and_names_real_clauses_and_rules() -> None:
    entries = catalogue.lawpack_changelog()
    assert str(entries[0]["version"]) == str(catalogue.lawpack()["version"])
    assert [version_key(str(e["version"])) for e in entries] == sorted(
        (version_key(str(e["version"])) for e in entries), reverse=True)
    clauses = {f"{doc.id}:{clause.id}" for doc in DOCUMENTS for section in doc.sections
               for clause in section.clauses}
    rules = {item.id for item in RULES}
    for entry in entries:
        assert set(entry["clauses"]) <= clauses, set(entry["clauses"]) - clauses
        assert set(entry["rules"]) <= rules, set(entry["rules"]) - rules
        assert all(entry["changes"][lang] for lang in ("ru", "kk", "en"))
    assert changelog_since(str(catalogue.lawpack()["version"])) == []
    assert changelog_since("2000.1.1") == entries


def test_the_quick_readers_agree_with_the_full_ones(tmp_path: Path) -> None:
    from kzpolicy_gen.manifest import read_manifest
    from kzpolicy_gen.outdated import lawpack_version, manifest_head

    assert lawpack_version() == str(catalogue.lawpack()["version"])
    out = tmp_path / "out"
    build_profile(EXAMPLE, out, formats="md", languages="en")
    whole = read_manifest(out)
    assert whole is not None
    head = manifest_head(out)
    assert head is not None and "files" not in head  # read from the head alone
    assert {key: whole[key] for key in head} == head
    whole["operator"] = '"law_pack": "1.0", tricky\n  "wording": "x"'
    (out / "manifest.json").write_text(json.dumps(whole, ensure_ascii=False, indent=2), encoding="utf-8")
    assert manifest_head(out) == {key: whole[key] for key in head}  # a value cannot fake a key
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del data["wording"]
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")  # an older or rewritten manifest
    fallback = manifest_head(out)
    assert fallback is not None and "files" in fallback  # the whole manifest
