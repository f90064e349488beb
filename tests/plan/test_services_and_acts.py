"""Services beyond the website, governing acts, the prevailing language, subjects' duties, recipients without a
stated country and the catalogue additions (issue 15, part A).

Why one fixture (tests/fixtures/operators/online_school.yaml): each field must switch on its own sentence in
ru/kk/en and a profile without it must not get the sentence; the example profile is the "without" case.
"""

from __future__ import annotations

from functools import cache

import pytest

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.build import render_texts
from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.plan.explain import explain
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.rules import check
from kzpolicy_gen.validate import load_profile, validate_text
from tests.conftest import ROOT, profile_text

FIXTURE = ROOT / "tests" / "fixtures" / "operators" / "online_school.yaml"


@cache
def texts() -> dict[tuple[str, str], str]:
    profile = load_profile(FIXTURE)
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(profile, ["ru", "kk", "en"])}


@cache
def example() -> dict[tuple[str, str], str]:
    return {(t.lang, t.doc_id): t.markdown for t in render_texts(validate_text(profile_text()), ["ru", "kk", "en"])}


def policy(lang: str) -> str:
    return texts()[(lang, "policy")]


def error_codes(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ProfileError) as caught:
        validate_text(text)
    return [(i.code, i.path) for i in caught.value.issues]


# --- apps[]: the scope clause and the cookie notice ----------------------------------------------------------

def test_the_scope_names_each_app_with_its_platforms_store_ids_and_sdks() -> None:
    assert ("- мобильное приложение «Bilim» (iOS и Android); App Store: id1234567890, Google Play: kz.bilim.app; "
            "встроенные компоненты сторонних сервисов (SDK): Firebase (Google LLC)\n") in policy("ru")
    assert "- личный кабинет «Bilim Cabinet»: https://my.bilim-cabinet.kz\n" in policy("ru")
    assert "- «Bilim» – мобильді қосымша (iOS және Android); App Store: id1234567890" in policy("kk")
    assert ("- the mobile app “Bilim” (iOS and Android); App Store: id1234567890, Google Play: kz.bilim.app; "
            "built-in components of third-party services (SDKs): Firebase (Google LLC)\n") in policy("en")
    assert "The data the built-in components receive, their recipients and the countries" in policy("en")


def test_the_cookie_notice_covers_the_website_only_and_names_the_apps_without_claiming_cookies() -> None:
    ru = texts()[("ru", "cookie-notice")]
    assert ("Это уведомление касается только файлов cookie сайта. О данных, которые получают сервисы Оператора "
            "«Bilim» и «Bilim Cabinet», в том числе через встроенные компоненты Firebase (Google LLC), сказано в "
            "Политике.") in ru
    en = texts()[("en", "cookie-notice")]
    assert "This notice covers only the website's cookies." in en
    for lang in ("ru", "kk", "en"):
        notice = texts()[(lang, "cookie-notice")]
        line = next(line for line in notice.splitlines() if "Bilim" in line)
        assert "cookie" not in line.split("Bilim", 1)[1].lower()  # nothing after the apps' names says cookies


def test_no_apps_no_sentence() -> None:
    assert "SDK" not in example()[("ru", "policy")]
    assert "касается только файлов cookie сайта" not in example()[("ru", "cookie-notice")]


def test_an_sdk_must_be_a_declared_recipient() -> None:
    text = profile_text(**{"scale:\n": "apps:\n  - {kind: mobile_app, name: Alma, sdks: [firebase]}\nscale:\n"})
    assert error_codes(text) == [("undeclared", "")]


# --- governing acts and 94-V articles ---------------------------------------------------------------------

def test_the_basis_clause_lists_the_acts_by_their_official_titles_and_the_articles() -> None:
    law_ru = next(line for line in policy("ru").splitlines() if line.startswith("**1.2.**"))
    assert ("Цифровой кодекс Республики Казахстан; Закон Республики Казахстан от 6 июля 2004 года № 573-II «О "
            "кредитных бюро и формировании кредитных историй в Республике Казахстан»; Закон Республики Казахстан "
            "от 19 декабря 2003 года № 508-II «О рекламе»; Правила оказания образовательных услуг ТОО «Білім "
            "Онлайн»; принятые в их исполнение подзаконные акты. Оператор, в частности, руководствуется статьями 7 "
            "и 8 Закона.") in law_ru
    assert "Оператор, атап айтқанда, Заңның 7 және 8-баптарын басшылыққа алады." in policy("kk")
    assert "«Жарнама туралы» Қазақстан Республикасының 2003 жылғы 19 желтоқсандағы № 508-II Заңы;" in policy("kk")
    assert "In particular, the Operator relies on Articles 7 and 8 of the Law." in policy("en")
    assert "руководствуется" not in example()[("ru", "policy")]


def test_a_purpose_row_cites_its_act_even_on_consent() -> None:
    row = next(line for line in policy("ru").splitlines() if line.startswith("| направление рекламных"))
    assert "согласие субъекта или его законного представителя; Закон Республики Казахстан от 19 декабря 2003 " \
           "года № 508-II «О рекламе» |" in row


def test_a_purpose_may_cite_only_a_declared_act() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("    acts: [advertising]\n", "    acts: [labour_code]\n")
    assert error_codes(text) == [("undeclared", "")]


def test_every_catalogue_act_has_a_dated_numbered_title_in_every_language() -> None:
    for key, entry in cat.catalogue()["governing_acts"].items():
        if key == "charter":
            continue
        for lang in ("ru", "kk", "en"):
            title = entry["title"][lang]
            assert "№" in title or "No." in title, (key, lang)
            assert any(year in title for year in ("2003", "2004", "2015", "2020")), (key, lang)


# --- prevailing language and subjects' duty -------------------------------------------------------------------

def test_the_prevailing_language_replaces_the_equal_force_sentence() -> None:
    assert ("При расхождении между текстами преимущество имеет текст на русском языке.") in policy("ru")
    assert "Мәтіндер арасында алшақтық болған жағдайда орыс тіліндегі мәтіннің басымдығы бар." in policy("kk")
    assert "Where the texts differ, the Russian text prevails." in policy("en")
    assert "одинаковую силу" not in policy("ru")
    assert "одинаковую силу" in example()[("ru", "policy")]


def test_the_prevailing_language_must_be_built() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("  languages: [ru, kk, en]\n", "  languages: [kk, en]\n")
    assert error_codes(text) == [("prevailing-language", "")]


def test_the_duty_to_report_changes_is_printed_only_when_given() -> None:
    assert ("Субъект обязан сообщать Оператору об изменении своих персональных данных, указанных в разделе 4, в "
            "течение 10 (десяти)\u00a0рабочих дней со дня изменения.") in policy("ru")
    assert "өзгерген күннен бастап 10 (он)\u00a0жұмыс күні ішінде хабарлауға міндетті" in policy("kk")
    assert "within 10 (ten)\u00a0working days of the change" in policy("en")
    assert "об изменении своих персональных данных" not in example()[("ru", "policy")]


# --- sources and recipients --------------------------------------------------------------------------------

def test_a_credit_bureau_and_a_state_database_are_sources() -> None:
    assert "- кредитные бюро\n" in policy("ru")
    assert "- государственные информационные системы и базы данных (государственная база данных «Физические " \
           "лица»)\n" in policy("ru")


def test_a_recipient_without_a_country_is_said_to_have_none_and_warned() -> None:
    assert "- курьерские службы, страна обработки не указана; цель:" in policy("ru")
    assert "- courier services, country of processing not stated; purpose:" in policy("en")
    findings = check(load_profile(FIXTURE))
    assert [(f.rule, f.severity, f.path) for f in findings if f.rule == "KZ-RECIPIENT-COUNTRY"] == [
        ("KZ-RECIPIENT-COUNTRY", "warning", "third_parties[1].country")]


def test_no_transfer_abroad_is_not_claimed_while_a_country_is_unknown() -> None:
    golden = (ROOT / "tests" / "seeds" / "golden" / "caviar" / "ru" / "policy.md").read_text(encoding="utf-8")
    assert "Трансграничная передача персональных данных не осуществляется." not in golden
    assert "Страна обработки не указана для следующих получателей: курьерские службы; банки и платёжные сервисы." \
        in golden


def test_state_bodies_are_in_kazakhstan_by_their_role() -> None:
    ru = example()[("ru", "policy")]
    assert "страна обработки не указана" not in ru


# --- catalogue additions --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "country"), [("meta", "US"), ("kaspi_qr", "KZ"), ("firebase", "US"),
                                              ("yandex_eats", "KZ"), ("wolt", "FI"), ("glovo", "ES"),
                                              ("poster", "US"), ("r_keeper", "RU"), ("uds", "AE"), ("twogis", "RU")])
def test_catalogue_services_have_a_provider_and_country(key: str, country: str) -> None:
    entry = cat.entry("services", key)
    assert entry["country"] == country and entry["provider"] and entry["provider"] != entry["name"]


def test_telecom_subscribers_are_not_newsletter_subscribers() -> None:
    assert cat.entry("subjects", "telecom_subscribers")["ru"] == "абоненты услуг связи"
    telecom = load_profile(ROOT / "tests" / "fixtures" / "truth" / "telecom.yaml")
    en = next(t.markdown for t in render_texts(telecom, ["en"]) if t.doc_id == "policy")
    assert "subscribers of communication services" in en and "newsletter subscribers" not in en


def test_a_service_moved_to_another_country_loses_its_catalogue_provider() -> None:
    line = next(line for line in policy("ru").splitlines() if line.startswith("- Wolt"))
    assert line.startswith("- Wolt — сервисы доставки и агрегаторы заказов, Республика Казахстан;")
    assert "Wolt Enterprises Oy" not in policy("ru") and "Finland" not in policy("en")


def test_the_new_clauses_are_explained() -> None:
    text = explain(plan_documents(load_profile(FIXTURE)))
    for clause in ("general.apps", "general.prevailing", "rights.report_changes", "banner.apps"):
        assert clause in text
    assert "governing_acts" in text and "subject_duties.report_changes_days" in text


def test_the_register_records_apps_acts_and_an_unstated_country() -> None:
    import json

    from kzpolicy_gen.register import register_json

    data = json.loads(register_json(load_profile(FIXTURE), ["ru"]))
    assert data["apps"][0] == {"kind": "mobile_app", "name": "Bilim", "url": None, "sdks": ["firebase"]}
    assert data["governing_acts"] == ["credit_bureaux", "advertising", "school_rules"]
    assert data["law_articles"] == ["7", "8"]
    assert next(p for p in data["purposes"] if p["id"] == "marketing")["acts"] == ["advertising"]
    assert [tp["country"] for tp in data["third_parties"]] == ["US", None, "KZ"]


def test_html_presentation_accepts_an_operator_without_phone() -> None:
    from kzpolicy_gen.render.html import Presentation

    look = Presentation.of(load_profile(FIXTURE))  # operator.phone is not given: no crash, the e-mail still links
    assert "privacy@bilim.kz" in look.contacts


def test_an_unstated_country_is_named_in_the_cross_border_section_even_when_data_go_abroad() -> None:
    ru = policy("ru")
    assert ("Страна обработки не указана для следующего получателя: курьерские службы. Без согласия субъекта на "
            "трансграничную передачу Оператор не передаёт персональные данные за пределы Республики Казахстан.") in ru
    assert "получателям, страна которых указана" not in ru  # data go abroad (Firebase): no "no transfer" claim
