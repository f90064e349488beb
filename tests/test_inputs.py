"""Incremental builds: what is rendered again, counted, for each kind of change."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kzpolicy_gen import build as build_module
from kzpolicy_gen import inputs
from kzpolicy_gen.build import BuildResult, build_profile
from tests.conftest import EXAMPLE, ROOT


class Counter:
    """Counts Markdown renders (wrapping the real one) and PDF prints (a fast stand-in printer)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.markdown = 0
        self.pdf = 0
        real = build_module.render_markdown

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.markdown += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(build_module, "render_markdown", counted)

    def printer(self, page: str, name: str) -> bytes:
        self.pdf += 1
        return b"%PDF-1.7 stand-in " + hashlib.sha256(page.encode()).hexdigest().encode()

    def build(self, profile: Path, out: Path, **options: Any) -> tuple[BuildResult, int, int]:
        self.markdown = self.pdf = 0
        result = build_profile(profile, out, pdf_renderer=self.printer, **options)
        return result, self.markdown, self.pdf


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_what_each_change_renders_again(tmp_path: Path, counter: Counter) -> None:
    profile, out = tmp_path / "p.yaml", tmp_path / "out"
    shutil.copy(EXAMPLE, profile)
    first, md_count, pdf_count = counter.build(profile, out)
    documents = len({(f["language"], f["document"]) for f in first.manifest["files"] if f["document"]})
    assert first.status == "built" and md_count == pdf_count == documents > 0

    again, md_count, pdf_count = counter.build(profile, out)
    assert again.status == "unchanged" and (md_count, pdf_count) == (0, 0) and again.files == []

    _edit(profile, lambda t: t + "\n# a comment changes no output\n")
    result, md_count, pdf_count = counter.build(profile, out)
    assert result.status == "built" and md_count == documents and pdf_count == 0 and result.pdf_reused == documents

    _edit(profile, lambda t: t.replace("term: {years: 3}", "term: {years: 2}", 1))
    result, md_count, pdf_count = counter.build(profile, out, same_version=True)  # new text, same version
    assert 0 < pdf_count < documents and pdf_count + result.pdf_reused == documents  # only the pages that changed

    _, md_count, pdf_count = counter.build(profile, out, force=True)
    assert md_count == pdf_count == documents


def test_changed_or_missing_outputs_are_rebuilt(tmp_path: Path, counter: Counter) -> None:
    out = tmp_path / "out"
    counter.build(EXAMPLE, out, formats="md,html")
    (out / "ru" / "policy.html").write_text("edited by hand", encoding="utf-8")
    result, md_count, _ = counter.build(EXAMPLE, out, formats="md,html")
    assert result.status == "built" and md_count > 0
    assert (out / "ru" / "policy.html").read_text(encoding="utf-8") != "edited by hand"
    (out / "kk" / "policy.md").unlink()
    assert counter.build(EXAMPLE, out, formats="md,html")[0].status == "built"
    assert (out / "kk" / "policy.md").is_file()


def test_options_toolchain_templates_and_bases_are_inputs(tmp_path: Path, counter: Counter,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    counter.build(EXAMPLE, out, formats="md")
    assert counter.build(EXAMPLE, out, formats="md")[0].status == "unchanged"
    assert counter.build(EXAMPLE, out, formats="md", languages="ru")[0].status == "built"  # options
    assert counter.build(EXAMPLE, out, formats="md", languages="ru")[0].status == "unchanged"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert counter.build(EXAMPLE, out, formats="md", languages="ru")[0].status == "built"  # a stamped time
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setattr(inputs, "toolchain_key", lambda: "another version of the tool")
    assert counter.build(EXAMPLE, out, formats="md", languages="ru")[0].status == "built"
    monkeypatch.undo()

    templates = tmp_path / "templates"
    (templates / "ru").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "ru" / "policy.md.j2", templates / "ru" / "policy.md.j2")
    assert counter.build(EXAMPLE, out, formats="md", templates=templates)[0].status == "built"
    assert counter.build(EXAMPLE, out, formats="md", templates=templates)[0].status == "unchanged"
    _edit(templates / "ru" / "policy.md.j2", lambda t: t + "\n")
    assert counter.build(EXAMPLE, out, formats="md", templates=templates)[0].status == "built"


def test_a_changed_base_profile_rebuilds_its_clients(tmp_path: Path, counter: Counter) -> None:
    base, client, out = tmp_path / "base.yaml", tmp_path / "client.yaml", tmp_path / "out"
    shutil.copy(EXAMPLE, base)
    client.write_text("extends: base.yaml\noperator:\n  email: a@client.kz\n", encoding="utf-8")
    counter.build(client, out, formats="md")
    assert counter.build(client, out, formats="md")[0].status == "unchanged"
    _edit(base, lambda t: t.replace("+7 727 355 10 20", "+7 727 355 10 29"))
    result, md_count, _ = counter.build(client, out, formats="md", same_version=True)
    assert result.status == "built" and md_count > 0
    assert "+7 727 355 10 29" in (out / "ru" / "policy.md").read_text(encoding="utf-8")


def test_manifest_records_inputs_without_machine_paths(tmp_path: Path) -> None:
    result = build_profile(EXAMPLE, tmp_path / "out", formats="md")
    record = result.manifest["inputs"]
    assert record["profiles"] == [{"extends": None, "sha256": hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()}]
    assert record["options"] == {"languages": ["ru", "kk", "en"], "formats": ["md"], "allow_errors": False,
                                 "documents": None, "source_date_epoch": None}
    assert str(tmp_path) not in str(result.manifest) and str(ROOT) not in str(result.manifest)


def test_editing_the_built_in_wording_of_an_editable_install_rebuilds(tmp_path: Path) -> None:
    """An editable install loads the wording from the source tree's top-level `templates/`, outside the
    package: an edit there must make the next build render again, not report "unchanged"."""
    import os
    import subprocess
    import sys

    source = tmp_path / "checkout"
    shutil.copytree(ROOT / "kzpolicy_gen", source / "kzpolicy_gen",
                    ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copytree(ROOT / "templates", source / "templates")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kzpolicy_gen", "build", str(EXAMPLE), "-o", str(out), "--lang", "en",
               "--format", "md", "--same-version", "--ui-lang", "en"]  # the edit changes the text, not the version
    probe = "from kzpolicy_gen.render.wording import builtin_templates as b; print(b())"
    env = {**os.environ, "PYTHONPATH": str(source)}  # run from tmp_path: the checkout comes first
    loaded = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True,
                            check=True)
    assert Path(loaded.stdout.strip()) == source / "templates"  # really the editable layout
    subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    wording = source / "templates" / "en" / "consent.md.j2"
    _edit(wording, lambda t: t.replace("{% macro title() %}", "{% macro title() %}Edited ", 1))
    second = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "up to date" not in second.stdout
    assert (out / "en" / "consent.md").read_text(encoding="utf-8").startswith("# Edited ")
