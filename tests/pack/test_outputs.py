"""The pack through the command line, a portfolio, every format (one PDF and one DOCX check for the pack as a
class), `--explain`, determinism, per-item documents, and the truth of what each act states."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from kzpolicy_gen.build import render_files, render_texts
from kzpolicy_gen.cli import main
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.plan import structure
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.facts import operator_category
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.plan.structure import Each, section
from kzpolicy_gen.portfolio import build_portfolio
from kzpolicy_gen.validate import load_profile
from tests.conftest import EXAMPLE, ROOT
from tests.pack.conftest import pack_texts, profile


def test_build_pack_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--format", "md", "--lang", "ru,kk", "--pack", "-q",
                 "--ui-lang", "en"]) == 0
    written = sorted(p.name for p in (out / "pack" / "kk").iterdir())
    assert written == sorted(f"{p.id}.md" for p in plan_documents(profile("example"), pack=True) if p.pack)
    assert {"approval-order.md", "data-list.md", "responsible-order.md"} <= set(written)
    assert (out / "ru" / "policy.md").is_file() and not (out / "ru" / "data-list.md").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["options"]["pack"] is True
    capsys.readouterr()
    alone = tmp_path / "alone"
    assert main(["build", str(EXAMPLE), "-o", str(alone), "--format", "md", "--lang", "ru", "--documents",
                 "data-list", "-q", "--ui-lang", "en"]) == 0
    assert sorted(p.relative_to(alone).as_posix() for p in alone.rglob("*.md")) == ["pack/ru/data-list.md"]
    capsys.readouterr()
    # --pack with one selected document: the policy is rendered for its hash, the pack's acts after it (the
    # approval order failed with "'pack' is undefined" when it was rendered together with that policy).
    picked = tmp_path / "picked"
    assert main(["build", str(EXAMPLE), "-o", str(picked), "--format", "md", "--lang", "ru", "--pack",
                 "--documents", "journals", "-q", "--ui-lang", "en"]) == 0, capsys.readouterr().err
    assert {"journals.md", "approval-order.md"} <= {p.name for p in (picked / "pack" / "ru").iterdir()}


def test_building_the_pack_without_an_approval_is_warned(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("approval:\n")
    bare = tmp_path / "bare.yaml"
    bare.write_text(text[:start] + text[text.index("responsible_person:"):], encoding="utf-8")
    assert main(["check", str(bare), "--ui-lang", "en"]) == 0
    assert "KZ-PACK-APPROVAL" not in capsys.readouterr().out  # no pack asked for: no warning
    assert main(["check", str(bare), "--pack", "--ui-lang", "en"]) == 0
    assert "KZ-PACK-APPROVAL" in capsys.readouterr().out
    bare.write_text(bare.read_text(encoding="utf-8").replace("  version: \"1.0\"\n",
                                                             "  version: \"1.0\"\n  pack: true\n"), encoding="utf-8")
    assert main(["check", str(bare), "--ui-lang", "en"]) == 0
    assert "KZ-PACK-APPROVAL" in capsys.readouterr().out
    out = tmp_path / "o"
    assert main(["build", str(bare), "-o", str(out), "--format", "md", "--lang", "ru", "-q", "--ui-lang", "en"]) == 0
    assert not (out / "pack" / "ru" / "approval-order.md").exists() and (out / "pack" / "ru" / "data-list.md").exists()


def test_the_portfolio_builds_the_pack_per_client(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    shutil.copy(EXAMPLE, clients / "example.yaml")
    shutil.copy(ROOT / "profiles" / "clinic.yaml", clients / "clinic.yaml")
    out = tmp_path / "site"
    result = build_portfolio([clients], out, jobs=1, options=BuildOptions.parse("ru", "md", pack=True))
    assert sorted(o.status for o in result.outcomes) == ["built", "built"]
    assert (out / "alma-market" / "pack" / "ru" / "approval-order.md").is_file()
    assert (out / "densaulyq-clinic" / "pack" / "ru" / "authority-notification.md").is_file()
    assert not (out / "alma-market" / "pack" / "ru" / "authority-notification.md").exists()  # medium operator


def test_one_docx_of_the_pack_has_its_items(tmp_path: Path) -> None:
    example = profile("example")
    files = render_files(example, BuildOptions.parse("kk", "docx"), plans=plan_documents(example, ("approval-order",)))
    path = tmp_path / "order.docx"
    path.write_bytes(files["pack/kk/approval-order.docx"])
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert example.approval is not None and example.approval.order_no in text and "БҰЙРЫҚ" in text
    digest = render_files(example, BuildOptions.parse("kk", "md"), plans=plan_documents(example))
    recorded = json.loads(digest["manifest.json"])["text_sha256"]["policy"]["kk"]
    assert recorded in text
    assert [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"] == [
        "Дербес деректерді жинау, өңдеу және қорғау саясатын айқындайтын құжатты бекіту туралы"]


def test_one_pdf_of_the_pack_keeps_the_head_lines_and_items() -> None:
    import pypdfium2 as pdfium

    clinic = profile("clinic")
    files = render_files(clinic, BuildOptions.parse("ru", "pdf"), plans=plan_documents(clinic,
                                                                                        ("authority-notification",)))
    pdf = pdfium.PdfDocument(files["pack/ru/authority-notification.pdf"])
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Уведомление о начале обработки персональных данных" in text
    assert clinic.operator.identifier in text and "Дата начала обработки" in text
    assert "Внутренний документ, не для публикации" in text and "Редакция 2.1" not in text  # the footer
    approval_pdf = pdfium.PdfDocument(render_files(clinic, BuildOptions.parse("ru", "pdf"), plans=plan_documents(
        clinic, ("approval-order",)))["pack/ru/approval-order.pdf"])
    first = approval_pdf[0].get_textpage().get_text_range().replace("\r", "")
    # the head's line breaks survive in the PDF
    assert "ПРИКАЗ\nот 20\xa0ноября\xa02026" in first and "БИН 050340005674\nПРИКАЗ" in first


def test_the_pack_is_deterministic() -> None:
    clinic = profile("clinic")
    plans = plan_documents(clinic, pack=True)
    once = render_files(clinic, BuildOptions.parse("ru,kk", "md,html,docx"), plans=plans)
    again = render_files(clinic, BuildOptions.parse("ru,kk", "md,html,docx"), plans=plans)
    assert {k: v for k, v in once.items() if k.startswith("pack/")} == {k: v for k, v in again.items()
                                                                       if k.startswith("pack/")}
    acts = len([p for p in plans if p.pack])
    assert acts >= 4 and sum(k.startswith("pack/") for k in once) == 2 * acts * 6  # 2 languages, md + 4 html + docx


def test_explain_lists_every_pack_clause_with_its_sources() -> None:
    plans = [p for p in plan_documents(profile("clinic"), pack=True) if p.pack]
    text = explain(plans)
    for plan in plans:
        assert f"{plan.id}:" in text
    assert text.count("states: ") == sum(len(s.clauses) for p in plans for s in p.sections) + sum(len(p.head)
                                                                                               for p in plans)
    assert "authority_notification.processing_start" in text and "pack:category" in text


def test_a_per_item_document_makes_one_file_per_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `each` seam part B builds on: one document per third party, its wording reading `item`."""
    spec = structure.DocumentSpec("item-test", (section("body", ("who", ("94-V:10.1",))),), pack=True,
                                  each=Each("third parties", ("third_parties",),
                                            lambda p: [(f"r{i + 1}", i) for i in range(len(p.third_parties))],
                                            "third_parties"))
    documents = (*structure.DOCUMENTS, spec)
    monkeypatch.setattr(structure, "DOCUMENTS", documents)
    for lang in ("ru",):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "item-test.md.j2").write_text(
            "{% macro title() %}Тест{% endmacro %}{% macro section__body() %}Тело{% endmacro %}"
            "{% macro body__who() %}{{ item.name }} ({{ item.country }}){% endmacro %}", encoding="utf-8")
    example = profile("example")
    plans = plan_documents(example, ("item-test",))
    assert [p.id for p in plans] == [f"item-test-r{i + 1}" for i in range(len(example.third_parties))]
    assert {p.template for p in plans} == {"item-test"} and plans[0].reasons[-1].fields == ("third_parties",)
    texts = render_texts(example, ["ru"], tmp_path, plans)
    assert "SendPulse (Соединённые Штаты Америки)" in "\n".join(t.markdown for t in texts)
    files = render_files(example, dataclasses.replace(BuildOptions.parse("ru", "md"), templates=tmp_path),
                         plans=plans)
    assert f"pack/ru/item-test-r{len(plans)}.md" in files


@pytest.mark.parametrize("name", ["bank", "clinic_no_email", "foundation", "hotel", "restaurant", "telecom"])
def test_each_business_gets_only_the_acts_its_profile_supports(name: str) -> None:
    found = load_profile(ROOT / "tests" / "fixtures" / "truth" / f"{name}.yaml")
    got = {p.id for p in plan_documents(found, pack=True) if p.pack}
    assert ("approval-order" in got) is (found.approval is not None)
    assert ("responsible-order" in got) is (found.operator.is_legal_entity and found.responsible_person is not None)
    assert ("authority-notification" in got) is (operator_category(found) == "large")
    assert "data-list" in got
    texts = {(t.lang, t.doc_id): t.markdown for t in render_texts(found, list(found.document.languages), None,
                                                                    [p for p in plan_documents(found, pack=True)
                                                                     if p.pack or p.id == "policy"])}
    lang = found.document.languages[0]
    data_list = texts[(lang, "data-list")]
    none = {"ru": "не передаёт персональные данные третьим лицам", "kk": "үшінші тұлғаларға бермейді",
            "en": "does not transfer personal data to third parties"}[lang]
    assert (none in data_list) is (not found.third_parties)
    if "authority-notification" in got:
        notice = texts[(lang, "authority-notification")]
        assert found.operator.identifier in notice and found.operator.name.get(lang) in notice


def test_the_example_pack_is_what_the_profile_states() -> None:
    ids = sorted({doc for _, doc in pack_texts("example")})
    assert ids == sorted(p.id for p in plan_documents(profile("example"), pack=True) if p.pack)
    assert {"approval-order", "data-list", "responsible-order"} <= set(ids) and "authority-notification" not in ids


@pytest.mark.parametrize("name", ["example", "clinic"])
def test_every_pack_document_as_html_in_kazakh_and_russian(name: str) -> None:
    found = profile(name)
    files = render_files(found, BuildOptions.parse("ru,kk", "md,html"), plans=plan_documents(found, pack=True))
    docs = sorted({doc for _, doc in pack_texts(name)})
    for lang in ("ru", "kk"):
        for doc in docs:
            page = files[f"pack/{lang}/{doc}.html"].decode()
            markdown = files[f"pack/{lang}/{doc}.md"].decode()
            title = re.findall(r"^# (.+)$", markdown, flags=re.MULTILINE)[0]
            assert f'<html lang="{lang}"' in page and title in page
            assert page.count('<h2 class="kzp-h2"') == markdown.count("\n## ")
            numbers = re.findall(r"^\*\*([0-9]+\.[0-9]+)\.\*\* ", markdown, flags=re.MULTILINE)
            assert numbers and re.findall(r"<strong>([0-9]+\.[0-9]+)\.</strong>", page) == numbers


def test_explain_says_why_a_pack_document_is_made() -> None:
    text = explain(plan_documents(profile("clinic"), pack=True))
    header = next(line for line in text.splitlines() if line.startswith("authority-notification:"))
    assert "pack;" in header and "scale.unique_subjects, restricted_access_data" in header
    assert next(line for line in text.splitlines() if line.startswith("data-list:")) == "data-list:  [pack]"
    assert "policy:\n" in text  # a published document made always: no bracket
