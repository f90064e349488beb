from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kzpolicy_gen import __version__
from kzpolicy_gen.cli import main
from tests.conftest import EXAMPLE, ROOT, profile_text


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kzpolicy-gen {__version__}"
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "build" in out and "validate" in out and "schema" in out


def test_validate_ok_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(profile_text(**{'bin: "210540012341"': 'bin: "210540012342"'}), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "error[bin-checksum]: operator.bin:" in err and "hint:" in err
    assert "Traceback" not in err


def test_build_md_html_prints_files_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--lang", "ru,en", "--format", "md,html",
                 "--ui-lang", "en"]) == 0
    stdout = capsys.readouterr().out
    assert f"wrote {out / 'ru' / 'policy.md'}" in stdout
    assert stdout.strip().splitlines()[-1].startswith("built ")
    assert not (out / "kk").exists() and not (out / "ru" / "policy.pdf").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "o"), "--format", "odt"]) == 2
    assert main(["frobnicate"]) == 2


def test_output_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["build", str(EXAMPLE), "-o", str(target), "--format", "md"]) == 4


def test_schema_is_committed_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    committed = (ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8")
    assert capsys.readouterr().out == committed, "run: kzpolicy-gen schema > schema/profile.schema.json"


def test_module_entry_point_as_subprocess(tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "validate", str(EXAMPLE), "--ui-lang", "en"],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "valid" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "validate", str(bad)], capture_output=True,
                            text=True, check=False)
    assert failed.returncode == 1
    assert f"{bad}:1:4: error[yaml-alias]" in failed.stderr and "Traceback" not in failed.stderr


def test_help_validate_check_do_not_import_weasyprint_or_python_docx() -> None:
    code = ("import sys; from kzpolicy_gen.cli import main; main(['--help']); "
            f"main(['validate', {str(EXAMPLE)!r}]); main(['check', {str(EXAMPLE)!r}]); "
            "print(sorted(m for m in ('weasyprint', 'pymorphy3', 'pytrovich', 'docx', 'lxml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_markdown_build_does_not_import_python_docx(tmp_path: Path) -> None:
    code = ("import sys; from kzpolicy_gen.cli import main; "
            f"main(['build', {str(EXAMPLE)!r}, '-o', {str(tmp_path / 'o')!r}, '--format', 'md,html', '-q']); "
            "print(sorted(m for m in ('weasyprint', 'docx', 'lxml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_check_does_not_import_the_build_or_the_renderers() -> None:
    code = ("import sys; from kzpolicy_gen.cli import main; "
            f"main(['check', {str(EXAMPLE)!r}, '--ui-lang', 'en']); "
            "print(sorted(m for m in ('kzpolicy_gen.build', 'markdown', 'nh3', 'jinja2', "
            "'kzpolicy_gen.render.context') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_does_not_import_pydantic_or_the_models() -> None:
    """Nor the libraries of single commands (questionnaire, file watcher, PDF engine)."""
    code = ("import sys; from kzpolicy_gen.cli import main; main(['--help']); "
            "print(sorted(m for m in ('pydantic', 'jinja2', 'markdown', 'babel', 'kzpolicy_gen.models', 'pymorphy3', "
            "'pytrovich', 'questionary', 'prompt_toolkit', 'watchfiles', 'weasyprint', 'jsonschema') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_typer_runner_drives_the_app(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kzpolicy_gen.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(EXAMPLE), "--ui-lang", "en"])
    assert result.exit_code == 0 and "valid" in result.output
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path / "o"), "--format", "md", "-q",
                                 "--ui-lang", "en"])
    assert result.exit_code == 0 and result.output.startswith("built 27 files")
    assert (tmp_path / "o" / "kk" / "consent.md").is_file()


def test_explain_prints_clause_article_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "o"), "--format", "md", "-q", "--explain"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "cross_border.transfer" in x)
    assert "94-V:16.1" in line and "data go abroad" in line and "third_parties[].country" in line
    assert "  1.1    general.purpose" in out


def test_validate_and_check_take_several_files_and_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "good.yaml").write_text(profile_text(), encoding="utf-8")
    (folder / "_base.yaml").write_text("not: a client", encoding="utf-8")  # skipped, as a portfolio build skips it
    bad = tmp_path / "bad.yaml"
    bad.write_text(profile_text(**{'bin: "210540012341"': 'bin: "210540012342"'}), encoding="utf-8")
    assert main(["validate", str(folder), str(bad), "--ui-lang", "en"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'good.yaml'}: valid" in captured.out
    assert "error[bin-checksum]" in captured.err and f"{bad}: 1 problem found" in captured.err
    assert captured.out.strip().splitlines()[-1] == "2 profiles: 1 valid, 1 with problems"
    assert main(["validate", str(folder), "--ui-lang", "ru"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "профилей: 1; без ошибок: 1; с ошибками: 0"
    assert main(["check", str(folder), str(ROOT / "profiles" / "clinic.yaml"), "--ui-lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("== ") == 2 and out.strip().splitlines()[-1].startswith("2 profiles checked: 0 errors, ")
    assert main(["check", str(folder), str(bad), "--format", "json", "--ui-lang", "kk"]) == 1
    captured = capsys.readouterr()
    assert [p["profile"] for p in json.loads(captured.out)["profiles"]] == [str(folder / "good.yaml"), str(bad)]
    assert "тексерілген профильдер: 2" in captured.err


def test_messages_follow_the_interface_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(profile_text(**{'bin: "210540012341"': 'bin: "210540012342"'}), encoding="utf-8")
    expected = {"ru": "найдена 1 проблема", "kk": "1 мәселе табылды", "en": "1 problem found"}
    for lang, line in expected.items():
        assert main(["validate", str(bad), "--ui-lang", lang]) == 1
        assert capsys.readouterr().err.strip().splitlines()[-1] == line
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--format", "md", "--lang", "en", "-q", "--ui-lang", "kk"]) == 0
    assert "файл" in capsys.readouterr().out
    assert main(["build", str(EXAMPLE), "-o", str(out), "--format", "md", "--lang", "en", "--ui-lang", "ru"]) == 0
    assert "ничего не изменилось" in capsys.readouterr().out


def test_help_shows_debug_and_completion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--debug" in out and "--install-completion" in out and "--show-completion" in out
    for command in ("detect", "init", "preview"):
        assert command in out


def test_build_only_the_documents_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--lang", "en", "--format", "md",
                 "--documents", "cookie-notice,consent"]) == 0
    assert sorted(p.name for p in (out / "en").iterdir()) == ["consent.md", "cookie-notice.md"]
    capsys.readouterr()
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "bad"), "--documents", "cookie", "--ui-lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "unknown document: cookie" in err and "cookie-notice" in err and "Traceback" not in err
