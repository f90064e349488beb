"""diff: each re-consent rule with a pair of profiles, clause matching, the three kinds of version, exit codes."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.cli import main
from kzpolicy_gen.diff import RULES, Comparison, compare, compare_facts, diff, split_nodes, version_of_profile
from kzpolicy_gen.facts import profile_facts
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.validate import validate_text
from tests.conftest import EXAMPLE

Edit = Callable[[dict[str, Any]], None]


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def profile_of(data: dict[str, Any]) -> Profile:
    return validate_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def edited(*edits: Edit, base: dict[str, Any] | None = None) -> dict[str, Any]:
    data = example_data() if base is None else json.loads(json.dumps(base, default=str))
    for edit in edits:
        edit(data)
    return data


def kinds(old: dict[str, Any], new: dict[str, Any]) -> dict[str, bool]:
    """Change kind → whether it requires consent, from the facts of two profiles."""
    changes = compare_facts(profile_facts(profile_of(old)), profile_facts(profile_of(new)))
    return {change.kind: change.consent for change in changes}


def add_purpose(basis: str = "consent") -> Edit:
    def edit(data: dict[str, Any]) -> None:
        purpose: dict[str, Any] = {"purpose": "customer_support", "data": ["identity", "contacts"], "basis": basis,
                                   "retention": {"years": 1}}
        if basis != "consent":
            purpose["law"] = {"ru": "Закон «Об обращениях»", "kk": "«Өтініштер туралы» Заң", "en": "the Law on Appeals"}
        data["purposes"].append(purpose)
    return edit


def add_recipient(service: str, purpose: str = "order_fulfilment") -> Edit:
    return lambda data: data["third_parties"].append({"service": service, "purposes": [purpose]})


def domestic_only(data: dict[str, Any]) -> None:
    """The example without any recipient or copy abroad."""
    domestic = ("kaspi_pay", "halyk_epay", "ps_cloud")
    data["third_parties"] = [tp for tp in data["third_parties"]
                             if tp.get("country") == "KZ" or tp.get("service") in domestic]
    for purpose in data["purposes"]:
        purpose["actions"] = [a for a in purpose.get("actions", []) if a != "cross_border_transfer"] or None
        if purpose["actions"] is None:
            del purpose["actions"]


def test_new_purpose_needs_consent() -> None:
    found = kinds(example_data(), edited(add_purpose()))
    assert found == {"purpose_added": True}
    assert "94-V:7.8" in RULES["purpose_added"][1]


def test_new_purpose_required_by_law_needs_only_publication() -> None:
    assert kinds(example_data(), edited(add_purpose("law"))) == {"purpose_added_statutory": False}


def test_new_data_category_needs_consent() -> None:
    def add_data(data: dict[str, Any]) -> None:
        data["data_categories"].append("birth_date")
        data["purposes"][1]["data"].append("birth_date")

    found = kinds(example_data(), edited(add_data))
    assert found == {"data_added": True, "purpose_data_added": True}


def test_existing_data_for_another_consent_purpose_needs_consent() -> None:
    def widen(data: dict[str, Any]) -> None:
        data["purposes"][3]["data"].append("order_data")  # marketing now also uses the orders

    assert kinds(example_data(), edited(widen)) == {"purpose_data_added": True}


def test_new_domestic_third_party_needs_consent() -> None:
    found = kinds(example_data(), edited(add_recipient("kazpost")))
    assert found == {"recipient_added": True}


def test_new_country_needs_consent() -> None:
    found = kinds(example_data(), edited(add_recipient("bitrix24")))
    assert found == {"recipient_added": True, "country_added": True}
    assert "94-V:16.3" in RULES["country_added"][1]


def test_cross_border_newly_introduced_needs_consent() -> None:
    base = edited(domestic_only)
    assert not profile_of(base).cross_border
    found = kinds(base, edited(add_recipient("bitrix24"), base=base))
    assert found == {"recipient_added": True, "cross_border_introduced": True, "country_added": True}


def test_copy_abroad_alone_introduces_cross_border() -> None:
    base = edited(domestic_only)

    def copy(data: dict[str, Any]) -> None:
        data["storage"]["copies_abroad"] = [{"country": "DE"}]

    found = kinds(base, edited(copy, base=base))
    assert found == {"cross_border_introduced": True, "country_added": True}


def test_public_distribution_newly_introduced_needs_consent() -> None:
    def public(data: dict[str, Any]) -> None:
        data["public_distribution"] = {"what": {"ru": "отзывы с именем", "kk": "аты көрсетілген пікірлер",
                                                "en": "reviews with the name"},
                                       "data": ["identity"], "purposes": ["account"]}

    assert kinds(example_data(), edited(public)) == {"public_introduced": True}
    assert kinds(edited(public), example_data()) == {"public_ended": False}

    def more(data: dict[str, Any]) -> None:
        data["public_distribution"]["data"].append("contacts")

    assert kinds(edited(public), edited(public, more)) == {"public_data_added": True}


def test_longer_consent_term_needs_consent_a_shorter_one_does_not() -> None:
    def term(value: dict[str, Any]) -> Edit:
        return lambda data: data["consent"].__setitem__("term", value)

    assert kinds(example_data(), edited(term({"years": 5}))) == {"consent_term_longer": True}
    assert kinds(example_data(), edited(term({"months": 12}))) == {"consent_term_shorter": False}
    assert kinds(example_data(), edited(term({"until_purpose_achieved": True}))) == {"consent_term_longer": True}


def test_removals_and_channels_need_only_publication() -> None:
    def drop(data: dict[str, Any]) -> None:
        data["purposes"] = [p for p in data["purposes"] if p["purpose"] != "analytics"]
        analytics = ("google_analytics", "yandex_metrica")
        data["third_parties"] = [tp for tp in data["third_parties"] if tp.get("service") not in analytics]
        data["consent"]["channels"] = ["web_form_checkbox", "otp_sms"]

    found = kinds(example_data(), edited(drop))
    assert found == {"purpose_removed": False, "recipient_removed": False, "country_removed": False,
                     "consent_channel_added": False}


def test_recipient_added_only_for_a_statutory_purpose_needs_only_publication() -> None:
    assert kinds(example_data(), edited(add_recipient("kazpost", "accounting"))) == {
        "recipient_added_statutory": False}


def test_clauses_are_matched_by_stable_id_and_renumbering_is_not_a_change() -> None:
    structure_old = [("general", "1", [("general.purpose", "1.1")]), ("b", "2", [("b.x", "2.1"), ("b.y", "2.2")])]
    structure_new = [("general", "1", [("general.purpose", "1.1")]), ("b", "2", [("b.y", "2.1")])]
    old = split_nodes("policy", "ru", "# T\n\nmeta\n\n## 1. A\n\n**1.1.** one\n\n## 2. B\n\n**2.1.** x\n\n"
                      "**2.2.** y\n", structure_old)
    new = split_nodes("policy", "ru", "# T\n\nmeta\n\n## 1. A\n\n**1.1.** one\n\n## 2. B\n\n**2.1.** y\n",
                      structure_new)
    from kzpolicy_gen.diff import compare_texts

    changes, _, _ = compare_texts({("policy", "ru"): old}, {("policy", "ru"): new})
    assert [(c.node_id, c.status) for c in changes] == [("b.x", "removed")]


def comparison(old: dict[str, Any], new: dict[str, Any], languages: list[str] | None = None) -> Comparison:
    return compare(version_of_profile(profile_of(old), "old", languages),
                   version_of_profile(profile_of(new), "new", languages))


def test_wording_only_change_is_publication_with_the_changed_clause() -> None:
    def phone(data: dict[str, Any]) -> None:
        data["operator"]["phone"] = "+7 727 355 10 99"

    result = comparison(example_data(), edited(phone), ["ru"])
    assert [c.kind for c in result.changes] == ["text_changed"]
    assert not result.requires_consent and result.requires_publication
    changed = {(c.doc_id, c.node_id) for c in result.clauses}
    assert ("policy", "operator.contacts") in changed
    assert all(c.lang == "ru" for c in result.clauses)


def test_identical_versions_have_no_changes() -> None:
    result = comparison(example_data(), example_data(), ["en"])
    assert not result.requires_publication and not result.clauses and not result.changes


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_cli_exit_code_json_and_redline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", example_data())
    hostile = edited(add_recipient("bitrix24"), add_purpose())
    hostile["operator"]["brand"] = "<script>alert(1)</script>"
    new = write(tmp_path / "new.yaml", hostile)
    code, out = run(["diff", str(old), str(new), "--format", "json", "--lang", "ru", "--html", str(tmp_path / "red")],
                    capsys)
    assert code == 1
    data = json.loads(out)
    assert data["requires_consent"] is True and data["version_bumped"] is False
    assert {c["kind"] for c in data["changes"]} == {"purpose_added", "recipient_added", "country_added"}
    page = (tmp_path / "red" / "ru" / "policy.redline.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "<ins>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not (tmp_path / "red" / "en").exists()
    code, out = run(["diff", str(old), str(old), "--ui-lang", "en"], capsys)
    assert code == 0 and "No changes" in out


def test_built_folders_compare_like_their_profiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", example_data())
    new = write(tmp_path / "new.yaml", edited(add_recipient("bitrix24"), add_purpose()))
    build_profile(old, tmp_path / "a", formats="md", languages="ru")
    build_profile(new, tmp_path / "b", formats="md", languages="ru")
    from_folders = diff(str(tmp_path / "a"), str(tmp_path / "b"))
    from_profiles = diff(str(old), str(new), ["ru"])
    assert [c.kind for c in from_folders.changes] == [c.kind for c in from_profiles.changes]
    assert {(c.doc_id, c.node_id, c.status) for c in from_folders.clauses} == {
        (c.doc_id, c.node_id, c.status) for c in from_profiles.clauses}
    code, _ = run(["diff", str(tmp_path / "a"), str(tmp_path / "missing")], capsys)
    assert code == 2  # a usage error, never the "new consent" exit code


def test_profile_at_git_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=tmp_path,
                       check=True, capture_output=True)

    git("init", "-q")
    profile = write(tmp_path / "p.yaml", example_data())
    git("add", "p.yaml")
    git("commit", "-qm", "v1")
    write(profile, edited(add_purpose()))
    code, out = run(["diff", f"{profile}@HEAD", str(profile), "--format", "json", "--lang", "en"], capsys)
    assert code == 1 and [c["kind"] for c in json.loads(out)["changes"]] == ["purpose_added"]
    code = main(["diff", f"{profile}@no-such-rev", str(profile)])
    err = capsys.readouterr().err
    assert code == 2 and "error[diff-revision]" in err



def test_an_invalid_profile_exits_2_not_the_new_consent_code(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", example_data())
    broken = example_data()
    broken["document"]["effective_date"] = "someday"
    bad = write(tmp_path / "bad.yaml", broken)
    code = main(["diff", str(old), str(bad), "--ui-lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "bad.yaml:" in err and "effective_date" in err
    code = main(["diff", str(bad), str(old), "--ui-lang", "en"])
    assert code == 2
