"""Paper forms: tick boxes, printed-name, representative and minor lines, the operator's receipt mark."""

from __future__ import annotations

from pathlib import Path

from kzpolicy_gen.render.forms import BOX, signature_block, tick_boxes


def test_options_after_the_tick_phrase_get_one_box_each() -> None:
    body = "<p><strong>3.1.</strong> Прошу (отметьте нужное): сообщить; изменить; удалить. Иное: ____.</p><p>x</p>"
    html = tick_boxes(body, "ru")
    assert html.count(BOX) == 4 and "<p><strong>3.1.</strong> Прошу (отметьте нужное):</p>" in html
    assert f"<li>{BOX} удалить</li><li>{BOX} Иное: ____.</li></ul><p>x</p>" in html
    assert tick_boxes("<p>Прошу: a; b.</p>", "ru") == "<p>Прошу: a; b.</p>"



def test_one_option_a_line_becomes_one_list_without_an_empty_one() -> None:
    """The withdrawal and request wording give one □ paragraph per option: they become the items of one list
    after the lead (an empty list before them, as the first wave printed, is announced by screen readers)."""
    body = (f"<p><strong>3.1.</strong> Отзываю согласие (отметьте нужное):</p>\n<p>{BOX} полностью;</p>\n"
            f"<p>{BOX} Иное: ___.</p>\n<p><strong>3.2.</strong> Прошу</p>")
    html = tick_boxes(body, "ru")
    assert f'<ul class="kzp-ticks"><li>{BOX} полностью;</li><li>{BOX} Иное: ___.</li></ul>' in html
    assert html.count(BOX) == 2 and "<p><strong>3.2.</strong> Прошу</p>" in html
    assert tick_boxes("<p>Прошу (отметьте нужное):</p><p>x</p>", "ru") == "<p>Прошу (отметьте нужное):</p><p>x</p>"


def test_built_forms_have_no_empty_tick_list(tmp_path: Path) -> None:
    from kzpolicy_gen.build import build_profile
    from tests.conftest import EXAMPLE

    build_profile(EXAMPLE, tmp_path, formats="html")
    for lang in ("ru", "kk", "en"):
        for doc in ("withdrawal-form", "request-form"):
            html = (tmp_path / lang / f"{doc}.html").read_text(encoding="utf-8")
            assert '<ul class="kzp-ticks"></ul>' not in html and '<ul class="kzp-ticks"><li>' in html, (lang, doc)
            assert f"<p>{BOX}" not in html, (lang, doc)

def test_signature_lines_follow_the_profile_and_the_form() -> None:
    sent = signature_block("withdrawal-form", "kk", minors=True)
    assert "баспа әріптермен" in sent and "Өкілдің өкілеттігін" in sent and "14 жасқа толған" in sent
    assert "Оператордың алғаны туралы белгісі" in sent
    consent = signature_block("consent", "en", minors=False)
    assert "block letters" in consent and "Minor" not in consent and "Received by the operator" not in consent
    assert signature_block("policy", "ru", minors=True) == ""
    # A form whose wording already asks for the representative does not get the lines twice.
    asked = signature_block("consent", "ru", minors=False, body="<p>Представитель: ______, документ ______</p>")
    assert "полномочия представителя" not in asked and "печатными буквами" in asked


def test_a_representative_signs_in_one_block_without_a_second_date_line() -> None:
    """The form's own "Date / Signature" clause serves every signer: the representative's block holds the
    name, the authority document and the signature, once; a minor's block likewise."""
    import re

    for lang, date in (("ru", "Дата"), ("kk", "Күні"), ("en", "Date")):
        block = signature_block("withdrawal-form", lang, minors=True)
        reps = re.findall(r'<div class="kzp-rep">(.*?)</div>', block)
        assert len(reps) == 2, lang  # the representative, the minor
        assert all(rep.count("kzp-fill-title") == 1 and rep.count("_" * 30) >= 2 for rep in reps)
        before_receipt = block.split('<div class="kzp-received">')[0]
        assert date not in before_receipt, lang
    ru = signature_block("consent", "ru", minors=False)
    assert ru.count("Подпись представителя") == 1 and "Документ, подтверждающий полномочия" in ru


def test_presentation_knows_every_document() -> None:
    """`presentation.document_urls` keys are the documents of plan/structure.py (the model cannot import it)."""
    from typing import get_args

    from kzpolicy_gen.models.profile import DocumentId
    from kzpolicy_gen.plan.structure import DOCUMENTS

    assert sorted(get_args(DocumentId)) == sorted(spec.id for spec in DOCUMENTS)
