"""The pack mechanism: off by default, switched on by --pack / document.pack / a selection, written under
DIR/pack/<lang>/, listed in the index, manifest and register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzpolicy_gen.build import render_files
from kzpolicy_gen.errors import UsageError
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.plan.structure import PACK
from tests.pack.conftest import profile


def test_the_pack_is_off_by_default_and_on_with_the_option() -> None:
    example = profile("example")
    published = [p.id for p in plan_documents(example)]
    assert not any(p.pack for p in plan_documents(example))
    with_pack = plan_documents(example, pack=True)
    assert [p.id for p in with_pack if not p.pack] == published
    assert "approval-order" in [p.id for p in with_pack if p.pack]
    assert {p.template for p in with_pack if p.pack} <= {spec.id for spec in PACK}


def test_a_pack_document_is_selected_by_name() -> None:
    plans = plan_documents(profile("example"), ("approval-order",))
    assert [(p.id, p.pack) for p in plans] == [("approval-order", True)]
    both = plan_documents(profile("example"), ("policy",), pack=True)
    assert both[0].id == "policy" and all(p.pack for p in both[1:]) and len(both) > 1


def test_a_pack_document_that_does_not_apply_is_a_usage_error() -> None:
    without = profile("example").model_copy(update={"approval": None})
    with pytest.raises(UsageError) as caught:
        plan_documents(without, ("approval-order",))
    assert "approval-order" in caught.value.issues[0].message


def test_files_go_to_the_pack_folder_and_are_linked(tmp_path: Path) -> None:
    options = BuildOptions.parse("ru,kk", "md,html", pack=True)
    files = render_files(profile("example"), options, plans=plan_documents(profile("example"), pack=True))
    assert "pack/ru/approval-order.md" in files and "pack/kk/approval-order.html" in files
    assert "ru/approval-order.md" not in files
    manifest = json.loads(files["manifest.json"])
    entry = next(e for e in manifest["files"] if e["path"] == "pack/kk/approval-order.md")
    assert (entry["language"], entry["document"], entry["format"], entry["pack"]) == ("kk", "approval-order", "md",
                                                                                       True)
    assert manifest["documents"]["approval-order"]["pack"] is True
    assert "pack" not in manifest["documents"]["policy"]
    register = json.loads(files["register.json"])
    linked = {e["document"]: e["files"] for e in register["pack"]}
    assert linked["approval-order"]["ru"] == {"md": "pack/ru/approval-order.md", "html": "pack/ru/approval-order.html"}
    assert all(path in files for entry in linked.values() for by_format in entry.values()
               for path in by_format.values())
    index = files["index.html"].decode()
    assert 'href="pack/ru/approval-order.html"' in index and 'href="ru/policy.html"' in index
    internal = [p for p in plan_documents(profile("example"), pack=True) if p.pack]
    assert index.count("Внутренний документ, не для публикации") == len(internal)  # each Russian row of the pack
    assert "Ішкі құжат, жариялауға арналмаған" in index
    page = files["pack/ru/approval-order.html"].decode()
    assert 'href="../kk/approval-order.html"' in page  # the language switcher stays inside pack/


def test_without_the_pack_nothing_is_written_there() -> None:
    files = render_files(profile("example"), BuildOptions.parse("ru", "md"))
    assert not any(name.startswith("pack/") for name in files)
    assert "pack" not in json.loads(files["register.json"])


def test_the_version_guard_does_not_count_the_pack(tmp_path: Path) -> None:
    """Adding or dropping the pack, or a changed internal act, changes no published text: no new version needed."""
    from kzpolicy_gen.build import build_profile
    from tests.conftest import EXAMPLE

    out = tmp_path / "o"
    build_profile(EXAMPLE, out, options=BuildOptions.parse("ru", "md"))
    with_pack = build_profile(EXAMPLE, out, options=BuildOptions.parse("ru", "md", pack=True))
    assert with_pack.status == "built" and (out / "pack" / "ru" / "data-list.md").is_file()
    assert "version_override" not in with_pack.manifest
    without = build_profile(EXAMPLE, out, options=BuildOptions.parse("ru", "md"))
    assert without.status == "built" and not (out / "pack").exists()
