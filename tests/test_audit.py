"""`audit` on short defective policies written for these tests, and on our own output (which must be clean)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzpolicy_gen.audit import audit_file
from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from tests.conftest import PROFILES

RU_TXT = """Политика компании «Пример».
Сроки хранения данных устанавливаются федеральным законом.
Оформляя заказ на сайте, покупатель даёт согласие на обработку данных.
Техническая информация и cookie не являются персональными данными.
"""
KK_MD = """# Құпиялылық саясаты

Біз сіздің жеке деректеріңізді қорғаймыз. Серверлер Қазақстаннан тыс жерде болуы мүмкін: servers may be
located outside Kazakhstan.
"""
EN_HTML = """<html><body><h1>Privacy</h1><p>Our most important goal is to respect the rights and freedoms of
a person.</p><p>We process data on the basis of our legitimate interests.</p>
<p>Cross-border transfer is the transfer to an authority of a foreign state, a foreign individual or firm.</p>
<p>Before starting a cross-border transfer, the operator shall notify the authority.</p>
<p>Our processors include a hosting company. Contact [company name].</p><script>var x = "federal law";</script>
</body></html>"""


def rules(path: Path) -> set[str]:
    return {f.rule for f in audit_file(path)}


def test_russian_text_defects(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(RU_TXT, encoding="utf-8")
    found = audit_file(path)
    assert {"AUDIT-FEDERAL-LAW", "AUDIT-IMPLIED-CONSENT", "AUDIT-NOT-PERSONAL-DATA"} <= {f.rule for f in found}
    federal = next(f for f in found if f.rule == "AUDIT-FEDERAL-LAW")
    assert federal.location == "line 2" and "федеральным законом" in federal.quote
    assert {"MISSING-BIN", "MISSING-WITHDRAWAL-15-DAYS", "MISSING-LOCALISATION"} <= {f.rule for f in found}


def test_the_152_fz_transfer_definition_is_found_and_the_article_16_wording_is_not(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("Трансграничная передача — передача органу власти иностранного государства, иностранному "
                    "физическому лицу или иностранному юридическому лицу.\n", encoding="utf-8")
    assert "AUDIT-RU-DEFINITIONS" in rules(path)
    path.write_text("Данные передаются на территорию следующего иностранного государства: Германия.\n",
                    encoding="utf-8")
    assert "AUDIT-RU-DEFINITIONS" not in rules(path)


def test_kazakh_markdown_defects(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(KK_MD, encoding="utf-8")
    assert {"AUDIT-KK-TERM", "AUDIT-STORAGE-ABROAD"} <= rules(path)


def test_english_html_defects_ignore_scripts(tmp_path: Path) -> None:
    path = tmp_path / "policy.html"
    path.write_text(EN_HTML, encoding="utf-8")
    found = rules(path)
    assert {"AUDIT-GDPR-BASIS", "AUDIT-CROSS-BORDER-NOTICE", "AUDIT-PROCESSOR", "AUDIT-PLACEHOLDER",
            "AUDIT-RU-BOILERPLATE", "AUDIT-RU-DEFINITIONS"} <= found
    assert "AUDIT-FEDERAL-LAW" not in found


def test_pdf_is_read_with_a_text_extractor(tmp_path: Path) -> None:
    from weasyprint import HTML

    path = tmp_path / "policy.pdf"
    HTML(string="<p>Retention periods are set by federal law.</p><p>Roskomnadzor supervises us.</p>").write_pdf(path)
    found = audit_file(path)
    assert {"AUDIT-FEDERAL-LAW", "AUDIT-ROSKOMNADZOR"} <= {f.rule for f in found}
    assert next(f for f in found if f.rule == "AUDIT-ROSKOMNADZOR").location == "line 2"


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_generated_policies_audit_clean(profile: Path, tmp_path: Path) -> None:
    build_profile(profile, tmp_path / "out", formats="md,html")
    for lang in ("ru", "kk", "en"):
        for ext in ("md", "html"):
            findings = audit_file(tmp_path / "out" / lang / f"policy.{ext}")
            assert findings == [], (lang, ext, findings[:2])


def test_generated_pdf_audits_clean(example_build: Path) -> None:
    for lang in ("ru", "kk", "en"):
        assert audit_file(example_build / lang / "policy.pdf") == []


def test_audit_command_json_and_exit_codes(tmp_path: Path, example_build: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(RU_TXT, encoding="utf-8")
    assert main(["audit", str(bad), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(f["rule"] == "AUDIT-FEDERAL-LAW" and f["quote"] for f in data["findings"])
    assert main(["audit", str(example_build / "en" / "policy.md"), "--ui-lang", "en"]) == 0
    assert "no findings" in capsys.readouterr().out


def test_foreign_state_in_a_kazakh_sentence_is_not_the_russian_definition(tmp_path: Path) -> None:
    """152-FZ's definition names "органу власти иностранного государства, иностранному физическому лицу";
    a Law 94-V policy naming the one foreign state data go to is not that definition."""
    kz, ru = tmp_path / "kz.txt", tmp_path / "ru.txt"
    kz.write_text("Персональные данные передаются на территорию следующего иностранного государства: Ирландия.",
                  encoding="utf-8")
    ru.write_text("трансграничная передача — передача на территорию иностранного государства органу власти "
                  "иностранного государства, иностранному физическому лицу", encoding="utf-8")
    assert "AUDIT-RU-DEFINITIONS" not in [f.rule for f in audit_file(kz)]
    assert "AUDIT-RU-DEFINITIONS" in [f.rule for f in audit_file(ru)]
