"""`init` through a real pseudo-terminal: a scripted person answers the questionnaire (questionary on
prompt_toolkit, exactly as at a keyboard); the profile it writes validates against the model and the
JSON Schema and builds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.validate import load_profile
from tests.conftest import ROOT
from tests.test_schema import editor_data, validator

ENTER, DOWN, BACKSPACE = "\r", "\x1b[B", "\x7f"


def _spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "kzpolicy_gen", "init", *args], cwd=str(tmp_path), env=env,
                         encoding="utf-8", dimensions=(60, 200), timeout=20)


class Session:
    """Answer prompts in order: wait for the question's words, then type."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child

    def answer(self, question: str, *keys: str) -> None:
        self.child.expect_exact(question)
        for key in keys:
            self.child.send(key)

    def text(self, question: str, value: str) -> None:
        self.answer(question, value, ENTER)

    def pick(self, question: str, *searches: str) -> None:
        """In a searchable checkbox: type each search (no spaces: space ticks), tick the first match, clear the
        search; then Enter."""
        self.child.expect_exact(question)
        for word in searches:
            self.child.send(word)
            self.child.expect_exact(word)
            self.child.send(" ")
            self.child.send(BACKSPACE * len(word))
        self.child.send(ENTER)


def test_a_scripted_session_writes_a_profile_that_validates_and_builds(tmp_path: Path) -> None:
    s = Session(_spawn(tmp_path, "-o", "cafe.yaml", "--ui-lang", "en"))
    s.answer("Which languages", ENTER)  # all three are ticked
    s.answer("Legal form", ENTER)  # the first: limited liability partnership
    for code, name in (("ru", "ТОО «Кофе Бар»"), ("kk", "«Кофе Бар» ЖШС"), ("en", "Coffee Bar LLP")):
        s.text(f"Full name with the legal form (e.g. Coffee Bar LLP) [{code}]", name)
    s.text("Is there a brand", "Coffee Bar")
    s.answer("BIN (12 digits)", "210540012342")
    s.child.expect_exact("the BIN check digit does not match")  # checked as typed, before Enter
    s.child.send(BACKSPACE + "1")
    s.child.send(ENTER)
    for code, text in (("ru", "г. Алматы, ул. Абая, 10"), ("kk", "Алматы қ., Абай к-сі, 10"),
                       ("en", "10 Abay St, Almaty")):
        s.text(f"Registered address [{code}]", text)
    s.text("E-mail for personal-data matters", "hello@coffee-bar.kz")
    s.text("Phone", "+7 727 355 10 20")
    s.text("Website address", "https://coffee-bar.kz")
    for code, text in (("ru", "директор"), ("kk", "директор"), ("en", "director")):
        s.text(f"Job title of the person responsible for organising processing [{code}]", text)
    s.text("E-mail of the responsible person", "dpo@coffee-bar.kz")
    s.pick("Whose data are processed?", "visitors")
    s.pick("Which data are collected?", "surname", "[phone]")
    s.pick("Where do the data come from?", "[subject]", "[device]")
    s.pick("For which purposes?", "feedback")
    s.answer("Which data does", ENTER)  # both declared categories are ticked
    s.answer("Legal basis of", ENTER)  # consent
    s.text("Retention for", BACKSPACE * 2 + "1y")
    s.answer("Do third-party services", "y")
    s.pick("Which services receive the data?", "Tilda")
    s.answer("State where the database is", ENTER)  # no
    s.answer("Term of the consent, in years", ENTER)  # 1, the longest retention
    s.answer("How is consent obtained?", ENTER)
    s.answer("Which cookies does the website set?", ENTER)
    s.pick("What do the strictly necessary cookies do?", "[session]")
    s.answer("Do you serve minors?", ENTER)  # no
    s.pick("Which protection measures are in place?", "[access_control]", "[backups]")
    s.answer("How are data subjects' requests received?", ENTER)
    s.text("Effective date (YYYY-MM-DD)", BACKSPACE * 10 + "2026-12-01")
    s.child.expect_exact("wrote cafe.yaml")
    s.child.expect(pexpect.EOF)
    s.child.close()
    assert s.child.exitstatus == 0, s.child.before

    written = tmp_path / "cafe.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    profile = load_profile(written)
    assert profile.operator.bin == "210540012341" and profile.subjects == ["website_visitors"]
    assert profile.data_ids == ["identity", "phone"]
    assert [tp.service for tp in profile.third_parties] == ["tilda"]
    assert profile.purposes[0].retention.years == 1 and profile.consent.term.years == 1
    assert list(validator().iter_errors(editor_data(text))) == []
    result = build_profile(written, tmp_path / "out", formats="md,html")
    assert "Tilda" in (tmp_path / "out" / "en" / "policy.md").read_text(encoding="utf-8") and result.files


def test_ctrl_c_interrupts_without_writing(tmp_path: Path) -> None:
    child = _spawn(tmp_path, "-o", "x.yaml", "--ui-lang", "ru")
    child.expect_exact("На каких языках")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize("lang,words", [("kk", "Құжаттарды қай тілдерде"), ("ru", "На каких языках")])
def test_questions_follow_the_interface_language(tmp_path: Path, lang: str, words: str) -> None:
    child = _spawn(tmp_path, "--ui-lang", lang)
    child.expect_exact(words)
    child.sendintr()
    child.expect(pexpect.EOF)
