"""Portfolio builds: many profiles, worker processes, one failure does not stop the rest, an index."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.console import PlainReporter, RichReporter, reporter
from kzpolicy_gen.errors import Issue, KzPolicyError, UsageError
from kzpolicy_gen.portfolio import Outcome, PortfolioResult, assign_slugs, build_portfolio, discover, slug
from kzpolicy_gen.portfolio_index import index_html
from tests.conftest import EXAMPLE, ROOT, snapshot


def _clients(folder: Path, *, broken: bool = True) -> Path:
    """example (output_name alma-market), clinic, an agency partial `_base.yaml` and, optionally, a broken one."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, folder / "example.yaml")
    shutil.copy(ROOT / "profiles" / "clinic.yaml", folder / "clinic.yaml")
    (folder / "_base.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    if broken:
        text = EXAMPLE.read_text(encoding="utf-8").replace('bin: "210540012341"', 'bin: "210540012342"')
        (folder / "broken.yaml").write_text(text.replace("output_name: alma-market", "output_name: broken"),
                                            encoding="utf-8")
    return folder



def test_discover_skips_partials_and_other_files(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients")
    names = [p.name for p in discover([folder])]
    assert names == ["broken.yaml", "clinic.yaml", "example.yaml"]
    assert [p.name for p in discover([folder / "clinic.yaml", folder])] == ["clinic.yaml", "broken.yaml",
                                                                            "example.yaml"]
    with pytest.raises(UsageError):
        discover([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError):
        discover([tmp_path / "empty"])


def test_slugs_come_from_output_name_or_the_file_name(tmp_path: Path) -> None:
    assert slug(EXAMPLE) == "alma-market"
    odd = tmp_path / "Клиент № 7 (копия).yaml"
    odd.write_text("schema_version: 1\n", encoding="utf-8")
    other = tmp_path / "Клиент № 7 (оригинал).yaml"
    assert re.fullmatch(r"no-7-[0-9a-f]{6}", slug(odd)) and slug(odd) != slug(other)  # Cyrillic names stay apart
    assert slug(tmp_path / "Shop 2.yaml") == "shop-2"
    evil = tmp_path / "x.yaml"
    evil.write_text("output_name: ../../etc\n", encoding="utf-8")
    assert slug(evil) == "x"  # not a safe name: the file name is used (and validation reports the field)
    twin = tmp_path / "alma.yaml"
    twin.write_text("output_name: alma-market\n", encoding="utf-8")
    with pytest.raises(UsageError, match="would both build into 'alma-market/'"):
        assign_slugs([EXAMPLE, twin])


def test_the_quick_scan_accepts_exactly_the_names_the_model_accepts(tmp_path: Path) -> None:
    from kzpolicy_gen.validate import validate_text

    for name, valid in (("a" * 63, True), ("a" * 64, False), ("con", False), ("shop-1", True)):
        path = tmp_path / "file.yaml"
        path.write_text(f"output_name: {name}\n", encoding="utf-8")
        assert (slug(path) == name) is valid, name
        text = re.sub(r"(?m)^output_name:.*\n", "", EXAMPLE.read_text(encoding="utf-8"))
        try:
            validate_text(text + f"output_name: {name}\n")
        except KzPolicyError:
            accepted = False
        else:
            accepted = True
        assert accepted is valid, name


def test_one_failure_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients")
    out = tmp_path / "site"
    seen: list[str] = []
    result = build_portfolio([folder], out, jobs=1, formats="md", on_result=lambda o: seen.append(o.slug))
    by_slug = {o.slug: o for o in result.outcomes}
    assert sorted(seen) == sorted(by_slug) == ["alma-market", "broken", "densaulyq-clinic"]
    assert by_slug["alma-market"].status == by_slug["densaulyq-clinic"].status == "built"
    assert (out / "alma-market" / "ru" / "policy.md").is_file()
    assert (out / "densaulyq-clinic" / "kk" / "policy.md").is_file()
    failed = by_slug["broken"]
    assert failed.status == "failed" and not (out / "broken").exists()
    bin_line = (folder / "broken.yaml").read_text(encoding="utf-8").splitlines().index('  bin: "210540012342"') + 1
    assert [(i.file, i.line, i.code) for i in failed.issues] == [(str(folder / "broken.yaml"), bin_line,
                                                                   "bin-checksum")]
    assert result.count("failed") == 1 and result.count("built") == 2
    assert by_slug["alma-market"].findings == json_findings(out / "alma-market")


def json_findings(folder: Path) -> dict[str, int]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in manifest["findings"]:
        counts[finding["severity"]] += 1
    return counts


def test_index_and_portfolio_json_list_every_client(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients")
    out = tmp_path / "site"
    build_portfolio([folder], out, jobs=1, formats="md")
    index = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert [c["slug"] for c in data["clients"]] == ["broken", "densaulyq-clinic", "alma-market"]
    for client in data["clients"]:
        assert client["slug"] in index
        if client["status"] != "failed":
            assert client["law_pack"] and client["built_at"].endswith("Z")
            assert f'href="{client["slug"]}/index.html"' in index
    assert "bin-checksum" in index and "<script" not in index and "http" not in index.split("</style>")[1]


def test_index_escapes_every_value() -> None:
    outcome = Outcome("c/<b>.yaml", "x", "built", operator="<script>alert(1)</script>", law_pack="<i>")
    page = index_html([outcome], "en")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>" not in page and "&lt;b&gt;.yaml" in page


def test_workers_give_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients", broken=False)
    one = build_portfolio([folder], tmp_path / "one", jobs=1, formats="md,html")
    two = build_portfolio([folder], tmp_path / "two", jobs=2, formats="md,html")
    assert {o.worker for o in one.outcomes} == {os.getpid()}
    assert os.getpid() not in {o.worker for o in two.outcomes}  # really built in worker processes
    for name in ("alma-market", "densaulyq-clinic"):
        assert snapshot(tmp_path / "one" / name) == snapshot(tmp_path / "two" / name)


def test_no_change_rebuild_starts_no_worker_and_touches_nothing(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients", broken=False)
    out = tmp_path / "site"
    build_portfolio([folder], out, jobs=2, formats="md")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.parent != out}
    again = build_portfolio([folder], out, jobs=2, formats="md")
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert {o.worker for o in again.outcomes} == {0}  # decided in the parent from hashes
    assert {p: p.stat().st_mtime_ns for p in before} == before
    (folder / "clinic.yaml").write_text((folder / "clinic.yaml").read_text(encoding="utf-8") + "# edited\n",
                                        encoding="utf-8")
    third = build_portfolio([folder], out, jobs=2, formats="md")
    assert [o.status for o in third.outcomes] == ["built", "unchanged"]
    forced = build_portfolio([folder], out, jobs=1, formats="md", force=True)
    assert [o.status for o in forced.outcomes] == ["built", "built"]


def test_cli_portfolio_exit_code_and_plain_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _clients(tmp_path / "clients")
    code = main(["build", str(folder), "-o", str(tmp_path / "site"), "--format", "md", "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 5
    assert "\x1b[" not in err and "\r" not in err  # not a terminal: no bar, no cursor movement
    lines = err.splitlines()
    assert sum(1 for line in lines if line.startswith("[")) == 3
    assert any(line.startswith("[") and "failed" in line and "broken.yaml" in line for line in lines)
    assert any(f"{folder / 'broken.yaml'}:" in line and "error[bin-checksum]" in line for line in lines)
    assert lines[-1].startswith("profiles: 3 · built: 2 · unchanged: 0 · failed: 1")
    assert main(["build", str(folder / "example.yaml"), str(folder / "clinic.yaml"), "-o", str(tmp_path / "site"),
                 "--format", "md", "-q"]) == 0
    quiet = capsys.readouterr().err.splitlines()
    assert quiet == [quiet[-1]] and quiet[-1].startswith("profiles: 2 · built: 0 · unchanged: 2")


def test_explain_needs_one_profile(tmp_path: Path) -> None:
    folder = _clients(tmp_path / "clients", broken=False)
    assert main(["build", str(folder), "-o", str(tmp_path / "o"), "--explain"]) == 2


def test_reporter_choice_and_rich_output() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(reporter(False, io.StringIO()), PlainReporter)
    assert isinstance(reporter(True, Terminal()), PlainReporter)
    stream = Terminal()
    rich = reporter(False, stream)
    assert isinstance(rich, RichReporter)
    rich.start(2)
    rich.result(Outcome("a.yaml", "a", "built", documents=3))
    rich.result(Outcome("b.yaml", "b", "failed", issues=[Issue("bin-checksum", "bad BIN", "b.yaml", 7, 3)]))
    rich.finish(PortfolioResult(Path("out"), [], 1.0))
    text = stream.getvalue()
    assert "b.yaml:7:3: error[bin-checksum]" in text and "profiles" in text and "failed" in text
