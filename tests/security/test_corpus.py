"""The bad-input corpus: every case file in tests/security/corpus/ with its expected outcome.

Each case is base.yaml with a few lines changed; the offending line ends with `# E` (the test finds
it), other lines are given as numbers. Expectations live here, in Python, not in YAML, so the test
data never pass through the code under test. Every rejected case must: exit with the stated code;
print first a `file:line:col: error[code]: field.path: message` line at the stated place; show no
traceback; echo no control, bidi or zero-width character; stay short; leave the output folder exactly
as it was; and finish quickly. Accepted cases must build and show the value as written.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from kzpolicy_gen.errors import KzPolicyError
from tests.conftest import ROOT, snapshot

CORPUS = Path(__file__).parent / "corpus"
MARK = "E"


@dataclass(frozen=True)
class Case:
    exit: int
    code: str | None = None  # code of the first error line; None for accepted cases
    line: int | str = MARK  # the line marked `# E`, or a line number
    column: int | None = None
    path: str | None = None  # field path on the first line ("" = none)
    also: tuple[str, ...] = ()  # further codes that must be reported in the same run
    shows: tuple[str, ...] = ()  # accepted: texts the Markdown must contain
    warns: str | None = None  # accepted: a warning code on stderr
    hint: str | None = None  # rejected: text the first problem's hint must contain
    not_hint: str | None = None  # rejected: text no hint may contain (a promise the field cannot keep)
    count: int | None = None  # rejected: the number of problems the last line counts


CASES: dict[str, Case] = {
    # F: file and encoding
    "F01-empty.yaml": Case(1, "file-empty", 1, 1, ""),
    "F02-comments-only.yaml": Case(1, "file-empty", 1, 1, ""),
    "F03-whitespace-only.yaml": Case(1, "yaml-syntax", 3, 1, ""),
    "F04-top-level-scalar.yaml": Case(1, "top-level-type", 1, 1, ""),
    "F04b-top-level-list.yaml": Case(1, "top-level-type", 1, 1, ""),
    "F05-two-documents.yaml": Case(1, "yaml-multidoc", MARK, 1, ""),
    "F07-utf16-bom.yaml": Case(1, "encoding", 1, 1, ""),
    "F07b-utf8-bom-accepted.yaml": Case(0, shows=("ТОО «Ромашка»",)),
    "F08-nul-byte.yaml": Case(1, "bad-char", 7, 1, ""),
    "F09-latin1.yaml": Case(1, "encoding", 9, 1, ""),
    "F10-tab-indentation.yaml": Case(1, "yaml-syntax", 7, 1, ""),
    "F12-control-char-raw.yaml": Case(1, "bad-char", 9, 1, ""),
    # Y: YAML features
    "Y01-billion-laughs.yaml": Case(1, "yaml-alias", MARK, 5, ""),
    "Y02-bomb-under-field.yaml": Case(1, "yaml-alias", MARK, 12, ""),
    "Y04-recursive-alias.yaml": Case(1, "yaml-alias", MARK, 11, ""),
    "Y05-merge-key.yaml": Case(1, "yaml-merge", MARK, 3, ""),
    "Y07a-tag-int.yaml": Case(1, "yaml-tag", MARK, 8, ""),
    "Y07b-tag-binary.yaml": Case(1, "yaml-tag", MARK, 7, ""),
    "Y07c-tag-set.yaml": Case(1, "yaml-tag", MARK, 11, ""),
    "Y07d-tag-include.yaml": Case(1, "yaml-tag", MARK, 8, ""),
    "Y07e-tag-env.yaml": Case(1, "yaml-tag", MARK, 10, ""),
    "Y07f-tag-python.yaml": Case(1, "yaml-tag", MARK, 4, ""),
    "Y08-duplicate-key.yaml": Case(1, "duplicate-key", MARK, 1, "subjects"),
    "Y09-duplicate-nested-key.yaml": Case(1, "duplicate-key", MARK, 3, "operator.email"),
    "Y10-homoglyph-key.yaml": Case(1, "unknown-field", MARK, 3, "operator.b\u0456n"),  # hint names U+0456
    "Y11-deep-nesting.yaml": Case(1, "nesting-too-deep", MARK, None, ""),
    "Y13a-key-list.yaml": Case(1, "key-type", MARK, 3, ""),
    "Y13b-key-mapping.yaml": Case(1, "key-type", MARK, 3, ""),
    "Y14-unclosed-quote.yaml": Case(1, "yaml-syntax", MARK, 9, ""),
    "Y15-directive.yaml": Case(0, shows=("Romashka LLP",)),
    # T: implicit typing
    "T01-norway-accepted.yaml": Case(0, shows=("Норвегия", "Norway")),
    "T02a-bool-no.yaml": Case(1, "bool-literal", MARK, 11, "minors.served"),
    "T02b-bool-on.yaml": Case(1, "bool-literal", MARK, 11, "minors.served"),
    "T02c-bool-quoted.yaml": Case(1, "bool-literal", MARK, 11, "minors.served"),
    "T02d-bool-one.yaml": Case(1, "bool-literal", MARK, 11, "minors.served"),
    "T05-bin-octal-damage.yaml": Case(1, "bin-length", MARK, 8, "operator.bin"),
    "T06-bin-unquoted-kept.yaml": Case(0, shows=("180940012348",)),
    "T07-phone-unquoted.yaml": Case(0, shows=("+77011234567",)),  # as written: text, not the number
    "T08-schema-version-float.yaml": Case(1, "schema-version", MARK, 17, "schema_version"),
    "T09-date-wrong-format.yaml": Case(1, "date-format", MARK, 19, "document.effective_date"),
    "T10-retention-exponent.yaml": Case(1, "int-format", MARK, 24, "purposes[0].retention.years"),
    # V: schema and validation
    "V01-unknown-field-typo.yaml": Case(1, "missing-field", 1, 1, "operator", also=("unknown-field",)),
    "V02a-list-expected.yaml": Case(1, "type", MARK, 11, "subjects"),
    "V02b-mapping-expected.yaml": Case(1, "type", MARK, 10, "consent"),
    "V04a-bin-short.yaml": Case(1, "bin-length", MARK, 8, "operator.bin"),
    "V04b-bin-checksum.yaml": Case(1, "bin-checksum", MARK, 8, "operator.bin"),
    "V04c-bin-fullwidth.yaml": Case(1, "bin-digits", MARK, 8, "operator.bin"),
    "V05a-email-header.yaml": Case(1, "email", MARK, 10, "operator.email"),
    "V05b-email-markup.yaml": Case(1, "email", MARK, 10, "operator.email"),
    "V05c-email-display-name.yaml": Case(1, "email", MARK, 10, "operator.email"),
    "V07-url-credentials.yaml": Case(1, "url-credentials", MARK, 14, "operator.websites[0]"),
    "V08a-url-attribute-breakout.yaml": Case(1, "url-syntax", MARK, 14, "operator.websites[0]"),
    "V08b-url-space.yaml": Case(1, "url-syntax", MARK, 14, "operator.websites[0]"),
    "V08c-url-javascript.yaml": Case(1, "url-syntax", MARK, 14, "operator.websites[0]"),
    "V10-too-many-items.yaml": Case(1, "too-many", 28, 3, "data_categories"),
    "V11-text-too-long.yaml": Case(1, "too-long", MARK, 9, "operator.name.ru"),
    "V12-basis-contract.yaml": Case(1, "basis-not-in-kz-law", MARK, 12, "purposes[0].basis"),
    "V13-missing-required.yaml": Case(1, "missing-bin", 6, 3, "operator"),
    "V14-country-unknown.yaml": Case(1, "country", MARK, 20, "storage.primary_country"),
    "V15-storage-abroad.yaml": Case(1, "KZ-LOCALISATION", 35, 3, "storage.primary_country"),
    "V16a-languages-null.yaml": Case(1, "missing-language", MARK, 5, "operator.name.ru", also=("missing-language",)),
    "V16b-languages-absent.yaml": Case(1, "missing-language", MARK, 3, "operator.name"),
    "V16c-language-null-nested.yaml": Case(1, "missing-language", MARK, 28, "responsible_person.position.kk"),
    # M: multi-line values whose lines look like Markdown structure
    "M01a-signature-separator.yaml": Case(0, shows=("садовых товаров.\n\\--\nКоманда Ромашки",)),
    "M01b-dashes-trailing-space.yaml": Case(0, shows=("интернет-дүкені.\n\\--\nРомашка",)),
    "M01c-equals-underline.yaml": Case(0, shows=("garden goods.\n&#61;==\nRomashka",)),
    "V16-flow-comma-unquoted.yaml": Case(1, "unquoted-comma", MARK, 28, "responsible_person.position",
                                         hint="quote the text", not_hint="U+04"),
    "V17-language-kz.yaml": Case(1, "invalid-choice", MARK, 19, "document.languages[1]", hint="did you mean 'kk'?"),
    "V18-legal-form-ip.yaml": Case(1, "invalid-choice", MARK, 15, "operator.legal_form",
                                   hint="did you mean 'individual_entrepreneur'?"),
    "V19-missing-mapping-shape.yaml": Case(1, "missing-field", 5, 1, "operator.registered_address",
                                           hint="registered_address: {ru: ..., kk: ..., en: ...}",
                                           not_hint="profiles/example.yaml"),
    "V20-channel-no-custom-promise.yaml": Case(1, "unknown-key", MARK, 21, "requests.channels[1]",
                                               hint="known keys: email", not_hint="custom entry"),
    # every bad key at once: the schema's error and both undeclared data keys of the purpose, in one run
    "V21-every-bad-key.yaml": Case(1, "unknown-key", MARK, 23, "subjects[1]", also=("undeclared-data",), count=3),
    "V22a-email-idn-accepted.yaml": Case(0, shows=("hello@кофе.қаз",)),
    "V22b-email-nonsense.yaml": Case(1, "email", MARK, 10, "operator.email"),
    "V23-trade-name-only.yaml": Case(1, "KZ-OPERATOR-LEGAL-ENTITY", 6, 3, "operator.name",
                                     hint="legal form"),
    # U: Unicode
    "U01a-bidi-override.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U01b-bidi-override-raw.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U01c-bidi-isolate.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U02a-zero-width-space.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U02b-word-joiner.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U02c-inner-bom.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U02d-soft-hyphen.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U02e-zero-width-raw.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U04-lone-surrogate.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U05-terminal-escapes.yaml": Case(1, "bad-char", MARK, 9, "operator.name.en"),
    "U07-tab-in-value.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U08-mixed-script-warning.yaml": Case(0, shows=("R\u043emashka LLP",), warns="mixed-script"),
    "U09-private-use.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U10-line-separator.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U11-newline-in-line-field.yaml": Case(1, "bad-char", MARK, 9, "operator.name.ru"),
    "U12-combining-run.yaml": Case(1, "combining-run", MARK, 9, "operator.name.ru"),
    # E: error-path hygiene
    "E02-five-problems.yaml": Case(1, "date-format", "E4", 19, "document.effective_date",
                                   also=("unknown-field", "bin-checksum", "url-credentials", "country")),
    "E03-ansi-in-key.yaml": Case(1, "unknown-field", MARK, 3, "operator.\\x1b[31mred"),
}

_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[^\]]+)\]: (?P<rest>.*)$")
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def marked_line(path: Path, marker: str) -> int:
    """1-based number of the line that ends with `# <marker>`."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(rf"#\s*{re.escape(marker)}\s*$", line):
            return number
    raise AssertionError(f"{path.name} has no '# {marker}' line")



def test_every_case_file_has_an_expectation_and_back() -> None:
    files = {p.name for p in CORPUS.glob("*.yaml")} - {"base.yaml"}
    assert files == set(CASES)
    assert len(CASES) >= 70


def test_base_profile_is_valid(tmp_path: Path) -> None:
    assert main(["build", str(CORPUS / "base.yaml"), "-o", str(tmp_path / "out"), "--format", "md", "-q"]) == 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, source = CASES[name], CORPUS / name
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("from an earlier build", encoding="utf-8")
    before = snapshot(out)
    started = time.perf_counter()
    code = main(["build", str(source), "-o", str(out), "--format", "md", "--ui-lang", "en"])
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == case.exit, text[-1500:]
    assert seconds < 5, f"{name} took {seconds:.1f} s"
    assert "Traceback" not in text and 'File "' not in text
    assert not _FORBIDDEN.search(text), repr(_FORBIDDEN.search(text))
    if case.exit == 0:
        markdown = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md")))
        for shown in case.shows:
            assert shown in markdown, shown
        if case.warns:
            warned = [line for line in captured.err.splitlines() if f"warning[{case.warns}]" in line]
            assert warned and f":{marked_line(source, MARK)}:" in warned[0]
        return
    assert snapshot(out) == before  # a rejected build leaves the folder exactly as it was
    assert not list(tmp_path.glob(".out.kzpolicy-stage-*"))
    assert len(captured.err) < 3000 and all(len(line) < 700 for line in captured.err.splitlines())
    first = _LINE.match(captured.err.splitlines()[0])
    assert first is not None, captured.err[:500]
    assert first["file"] == str(source)
    assert first["code"] == case.code
    expected_line = case.line if isinstance(case.line, int) else marked_line(source, case.line)
    assert int(first["line"]) == expected_line
    if case.column is not None:
        assert int(first["col"]) == case.column
    if case.path:
        assert first["rest"].startswith(f"{case.path}: "), first["rest"]
    elif case.path == "":
        assert not re.match(r"^[\w.\[\]]+: ", first["rest"]) or first["code"] in ("bad-char",)
    for also in case.also:
        assert f"error[{also}]" in captured.err, also
    hints = [line for line in captured.err.splitlines() if line.strip().startswith("hint:")]
    if case.hint:
        assert hints and case.hint in hints[0], hints
    if case.not_hint:
        assert not any(case.not_hint in line for line in hints), hints
    assert re.search(r"^\d+ problems? found$", captured.err.splitlines()[-1])
    if case.count is not None:
        assert captured.err.splitlines()[-1].startswith(f"{case.count} problem"), captured.err.splitlines()[-1]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.exit))
def test_library_raises_the_same_located_issue(name: str, tmp_path: Path) -> None:
    case, source = CASES[name], CORPUS / name
    with pytest.raises(KzPolicyError) as caught:
        build_profile(source, tmp_path / "out", formats="md")
    issue = caught.value.issues[0]
    assert issue.code == case.code and issue.file == str(source)
    assert int(caught.value.exit_code) == case.exit
    assert not (tmp_path / "out").exists()


SUBPROCESS_SAMPLE = ["F01-empty.yaml", "F07-utf16-bom.yaml", "Y01-billion-laughs.yaml", "Y07f-tag-python.yaml",
                     "T02a-bool-no.yaml", "V10-too-many-items.yaml", "V11-text-too-long.yaml",
                     "U05-terminal-escapes.yaml", "E03-ansi-in-key.yaml", "T01-norway-accepted.yaml"]


@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_real_process_exit_code_and_bytes(name: str, tmp_path: Path) -> None:
    """As a user runs it: a real process, raw bytes on stderr, stdin closed, colour off."""
    case = CASES[name]
    result = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "build", str(CORPUS / name), "-o",
                             str(tmp_path / "out"), "--format", "md"], capture_output=True, stdin=subprocess.DEVNULL,
                            env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8"}, cwd=ROOT,
                            timeout=60, check=False)
    assert result.returncode == case.exit, result.stderr[-800:]
    raw = result.stdout + result.stderr
    assert b"Traceback" not in raw and b"\x1b" not in raw and b"\xe2\x80\xae" not in raw
    if case.exit:
        assert result.stderr.decode("utf-8").startswith(f"{CORPUS / name}:")
        assert not (tmp_path / "out").exists()


def test_docs_table_lists_every_case() -> None:
    doc = (ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+\.yaml)` \|", doc, flags=re.MULTILINE))
    assert listed == set(CASES)
    for name, case in CASES.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{name}` |"))
        assert (f"`{case.code}`" in row) if case.code else ("built" in row)


GENERATED = {
    # F-11: base plus 1.5 MiB of comment lines: refused from its size before parsing
    "F11-too-large.yaml": (lambda base: base + "# padding\n" * 160_000, "file-too-large", 1),
    # Y-11 at scale: 30,000 nested brackets (the small version is a corpus file)
    "Y12-very-deep-nesting.yaml": (lambda base: base + "x: " + "[" * 30_000 + "]" * 30_000 + "\n",
                                   "nesting-too-deep", 41),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_oversized_cases(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cases too big to commit are written at test time; same guarantees as the corpus files."""
    make, code, line = GENERATED[name]
    source = tmp_path / name
    source.write_text(make((CORPUS / "base.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    started = time.perf_counter()
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--format", "md"]) == 1
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    first = _LINE.match(err.splitlines()[0])
    assert first is not None and first["code"] == code and int(first["line"]) == line, err[:300]
    assert len(err) < 1000 and "Traceback" not in err
    assert not (tmp_path / "out").exists()
