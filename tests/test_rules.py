"""Each rule: one profile that trips it and the example, which does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from kzpolicy_gen.rules import RULES, check, operator_category
from kzpolicy_gen.validate import validate_text
from tests.conftest import EXAMPLE, profile_text

WITHDRAW_LINE = "    withdraw: {ru: Отзыв согласия, kk: Келісімді кері қайтарып алу, en: Consent withdrawal}"

TRIPS = [
    ("KZ-LOCALISATION", "error", {"  primary_country: KZ": "  primary_country: DE"}),
    ("KZ-RESPONSIBLE-PERSON", "error", {"responsible_person:\n  name:": "x_responsible_person:\n  name:"}),
    ("KZ-CROSS-BORDER-CONSENT", "error", {"  channels: [web_form_checkbox]": "  channels: [web_form_checkbox]\n"
                                          "  cross_border_separate: false"}),
    ("KZ-DATA-WITHOUT-PURPOSE", "warning", {"  - account_data\n": "  - account_data\n  - birth_date\n"}),
    ("KZ-CONSENT-TERM", "warning", {"  term: {years: 3}": "  term: {years: 9}",
                                    "    retention: {until_purpose_achieved: true}\n  - purpose: accounting":
                                    "    retention: {years: 2}\n  - purpose: accounting",
                                    "    optional: true\n    retention: {until_purpose_achieved: true}":
                                    "    optional: true\n    retention: {years: 1}"}),
    ("KZ-MARKETING-CONSENT", "error", {"  channels: [email, sms]": "  channels: [email, sms]\n"
                                       "  separate_consent: false"}),
    ("KZ-PUBLIC-CONSENT", "error", {"scale:\n": "public_distribution:\n"
                                               "  what: {ru: отзывы, kk: пікірлер, en: reviews}\n"
                                               "  data: [identity]\n  purposes: [account]\n"
                                               "  consent: false\nscale:\n"}),
    ("KZ-MINORS", "error", {"minors:\n  served: false  # an explicit answer (required since law pack 2026.12)\n":
                            "minors:\n  served: true\n  representative_consent: false\n"}),
    ("KZ-ID-PAPER-COPIES", "error", {"scale:\n": "id_documents:\n  collects: paper\nscale:\n"}),
    ("KZ-BIOMETRICS", "error", {"scale:\n": "biometrics:\n  used: true\n  specific_consent: false\nscale:\n"}),
    ("KZ-AUTOMATED", "error", {"scale:\n": "automated_decisions:\n  used: true\n  objection_procedure: false\n"
                                           "scale:\n"}),
    ("KZ-ANALYTICS-ABROAD", "warning", {"cookies:\n  categories: [necessary, analytics]\n"
                           "  functions: [session, sign_in, cart, security, cookie_choice]\n"
                           "  banner: true\n": ""}),
    ("KZ-RECIPIENT-AGREEMENT", "warning", {"  - service: sendpulse\n    purposes: [marketing]\n    agreement: true\n":
                                           "  - service: sendpulse\n    purposes: [marketing]\n"}),
    ("KZ-PLATFORM-ABROAD", "warning", {"  - service: sendpulse\n": "  - service: aws\n    agreement: true\n"
                                                                   "  - service: sendpulse\n"}),
    ("KZ-REPEALED-ACT", "warning", {"      ru: Налоговый кодекс Республики Казахстан":
                                    "      ru: Кодекс Республики Казахстан «О налогах и других обязательных платежах в "
                                    "бюджет»"}),
    ("KZ-CATEGORY", "warning", {"  unique_subjects: 25000": "  unique_subjects: 600000"}),
    ("KZ-DEADLINES", "error", {WITHDRAW_LINE:
                               WITHDRAW_LINE + "\n"
                               "  stated_deadlines: {withdrawal: 30}"}),
    ("KZ-LAW-PACK", "warning", {"  public_url: https://alma-market.kz/privacy":
                                "  public_url: https://alma-market.kz/privacy\n  law_pack: \"2026.1.0\""}),
    ("KZ-REQUESTS-CHANNEL", "warning", {"  channels: [email, post, personal_account]":
                                        "  channels: [email, post, web_form]"}),
    ("KZ-OPERATOR-LEGAL-ENTITY", "warning", {"    ru: ТОО «Алма Маркет»\n": "    ru: «Алма Маркет»\n"}),
    ("KZ-NOTIFICATION-DATE", "warning", {"  unique_subjects: 25000": "  unique_subjects: 600000"}),
    ("KZ-PACK-APPROVAL", "warning", {"  public_url: https://alma-market.kz/privacy":
                                     "  public_url: https://alma-market.kz/privacy\n  pack: true",
                                     "approval:\n  by:": "x_approval:\n  by:"}),
    ("KZ-RECIPIENT-COUNTRY", "warning", {"  - service: sendpulse\n": "  - role: courier\n    purposes: [marketing]\n"
                                                                   "    agreement: true\n  - service: sendpulse\n"}),
]


def rules_found(text: str) -> dict[str, str]:
    return {f.rule: f.severity for f in check(validate_text(_drop_renamed_block(text)))}


def _drop_renamed_block(text: str) -> str:
    """A block renamed to x_<name> in a case stands for the block removed."""
    return re.sub(r"^x_[a-z_]+:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)


def test_example_has_no_errors_or_warnings() -> None:
    assert rules_found(profile_text()) == {"KZ-CATEGORY": "info"}


@pytest.mark.parametrize(("rule_id", "severity", "changes"), TRIPS, ids=[t[0] for t in TRIPS])
def test_rule_trips(rule_id: str, severity: str, changes: dict[str, str]) -> None:
    assert rules_found(profile_text(**changes)).get(rule_id) == severity


def test_every_rule_has_a_tripping_case() -> None:
    tripped = {rule_id for rule_id, _, _ in TRIPS}
    produced = {f.rule for _, _, c in TRIPS for f in check(validate_text(_drop_renamed_block(profile_text(**c))))}
    assert len(RULES) == len(tripped) and tripped <= produced


def test_category_counts_restricted_data() -> None:
    profile = validate_text(profile_text(**{"scale:\n": "restricted_access_data: true\nscale:\n"}))
    assert operator_category(profile) == "large"


def test_check_command_text_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--ui-lang", "en"]) == 0
    assert "operator category: medium" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(profile_text(**{"  primary_country: KZ": "  primary_country: DE"}), encoding="utf-8")
    assert main(["check", str(bad), "--format", "json", "--ui-lang", "ru"]) == 1
    data = json.loads(capsys.readouterr().out)
    first = data["findings"][0]
    assert first["rule"] == "KZ-LOCALISATION" and first["articles"] == ["94-V:12.2"]
    lines = bad.read_text(encoding="utf-8").splitlines()
    assert first["line"] == next(n for n, line in enumerate(lines, 1) if "primary_country" in line)
    assert "Казахстан" in first["message"]


def test_rules_doc_is_current() -> None:
    from kzpolicy_gen.rules import RULES, rules_markdown
    from tests.conftest import ROOT

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "run: python -m kzpolicy_gen.rules > docs/rules.md"
    assert {item.id for item in RULES} == {rule_id for rule_id, _, _ in TRIPS}


def test_statutory_deadlines_and_current_law_pack_pass() -> None:
    text = profile_text(**{
        WITHDRAW_LINE:
        WITHDRAW_LINE + "\n  stated_deadlines: {withdrawal: 15, rectify: 1}",
        "  public_url: https://alma-market.kz/privacy": "  public_url: https://alma-market.kz/privacy\n"
                                                       "  law_pack: \"2026.11.1\""})
    assert rules_found(text) == {"KZ-CATEGORY": "info"}
