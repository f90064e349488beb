"""The format registry is the one list of output formats: the writers make exactly the files it declares."""

from __future__ import annotations

import re

from kzpolicy_gen.build import render_files
from kzpolicy_gen.cli import app
from kzpolicy_gen.formats import FORMATS, REGISTRY, formats_markdown, index_links
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.plan.structure import DOCUMENTS
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE, ROOT

BUILD_FILES = {"register.json", "index.html", "manifest.json"}


def test_each_writer_makes_exactly_the_files_its_entry_declares() -> None:
    profile = load_profile(EXAMPLE)
    for spec in REGISTRY:
        files = render_files(profile, BuildOptions.parse("en,kk", spec.name), pdf_renderer=lambda page, name: b"%PDF")
        documents = {name.split("/")[1].split(".")[0] for name in files if "/" in name}
        expected = {f"{lang}/{name.format(doc=doc)}" for lang in ("kk", "en") for doc in documents
                    for name, _ in spec.files}
        expected |= {name for name, _ in spec.shared} | BUILD_FILES
        assert set(files) == expected, spec.name


def test_the_index_links_each_built_linked_format() -> None:
    files = render_files(load_profile(EXAMPLE), BuildOptions.parse("en"), pdf_renderer=lambda page, name: b"%PDF")
    index = files["index.html"].decode()
    linked = re.findall(r'href="en/policy\.([a-z]+)"', index)
    assert linked == index_links(FORMATS) and set(linked) == set(FORMATS)


def test_cli_help_and_docs_list_the_registry() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["build", "--help"])
    assert ",".join(FORMATS) in result.output
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = docs.split("<!-- formats:", 1)[1].split("-->", 1)[1].split("<!-- /formats -->", 1)[0]
    assert block.lstrip("\n") == formats_markdown(), "run: python -m kzpolicy_gen.formats, paste into docs/cli.md"
    for spec in DOCUMENTS:
        assert f"| `{spec.id}` |" in docs, f"docs/cli.md does not list the document {spec.id}"
