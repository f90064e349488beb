"""Lint for the wording: a value in a case-governed slot must come through a grammar helper.

Why a lint: the helpers only help where they are used. A raw `{{ value }}` right after a preposition or a
case-governing word ("в {{ countries }}", "даётся {{ operator.name }}", "по каналам {{ channels }}") pastes the
dictionary form; the lint finds every such slot in the shipped templates (Russian words are judged with the
same morphology dictionary the helpers use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Helpers that put a value in the form its slot needs.
CASED = re.compile(r"^(inflect|gen|dat|acc|ins|loc|abl|phrase|the)\(|^join\(.*\bcase\s*=")
#: Helpers whose output is not a noun in a case slot (numbers, links, blanks, quoted titles, choices).
EXEMPT_CALLS = re.compile(r"^(ref|days|blank|link|doc_link|bullets|paragraphs|choose|by_gender|has|q)\(")
#: Values that are not nouns: identifiers, contacts, addresses, dates, numbers, URLs, periods.
EXEMPT_VALUES = re.compile(r"(\.|^)(email|phone|id|id_label|url|public_url|web_form_url|version|date|effective_date|"
                           r"own_consent_age|websites|address|actual_address|term|retention)\)?$")
#: Catalogue wording written for its one slot (roles are worded in the instrumental, after "является").
PRE_CASED = {"operator.role",
             # catalogue:document_languages gives each language in the form of the prevailing-language slot
             "prevailing.language", "prevailing.languages"}
RAW = re.compile(r"^(join\()?[A-Za-z_][\w.]*(\[[^\]]*\])?\)?$")
OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")
DOC_LINK = re.compile(r"\{\{\s*doc_link\([^,]*,\s*[\"']([^\"']*)[\"']\)\s*\}\}")
OPEN_SLOT = re.compile(r"[:(—–,;«|]\s*$|^\s*-\s*$|^\s*$")

#: Russian words that govern a non-nominative value right after them (verbs the dictionary cannot judge).
RU_GOVERNING = {"даётся", "дается", "даются", "является", "являются", "принадлежит", "поручает", "поручается"}
#: Kazakh postpositions that need a dative or ablative before them.
KK_GOVERNING = {"сәйкес", "дейін", "қарай", "кейін", "бастап", "гөрі", "байланысты", "қатысты", "қарамастан"}
EN_PREPOSITIONS = {"to", "in", "from", "into", "within", "outside", "of"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    expression: str
    word: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: raw value {{{{ {self.expression} }}}} after '{self.word}'"


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _ru_governs(word: str) -> bool:
    lowered = word.lower()
    if lowered in RU_GOVERNING:
        return True
    if not re.fullmatch(r"[а-яё-]+", lowered):
        return False
    parses = _morph().parse(lowered)
    if any(p.tag.POS == "PREP" for p in parses if p.score > 0.1):
        return True
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    return bool(nouns) and all(p.tag.case != "nomn" for p in nouns) and parses[0].tag.POS == "NOUN"


def _is_raw(expression: str) -> bool:
    if CASED.search(expression) or EXEMPT_CALLS.search(expression):
        return False
    inner = expression[5:-1] if expression.startswith("join(") else expression
    if EXEMPT_VALUES.search(inner) or inner in PRE_CASED:
        return False
    return bool(RAW.match(expression))


def lint_source(lang: str, source: str, path: str = "<template>") -> list[Finding]:
    """Every raw value the language's grammar would need in another form."""
    findings = []
    for number, raw_line in enumerate(source.splitlines(), start=1):
        line = TAG.sub(" ", raw_line)
        for match in OUTPUT.finditer(line):
            expression = match.group(1).strip()
            if not _is_raw(expression):
                continue
            before = DOC_LINK.sub(r"\1", line[:match.start()])  # a link's text is a word of the sentence
            before = OUTPUT.sub("X", before)
            after = line[match.end():]
            if lang == "kk":
                following = after.split()[0].strip(".,;:)") if after.split() else ""
                if re.match(r"^-?[а-яәғқңөұүһі]", after) or following in KK_GOVERNING:
                    findings.append(Finding(path, number, expression, after[:12].strip()))
                continue
            if OPEN_SLOT.search(before):
                continue
            word = before.split()[-1] if before.split() else ""
            if lang == "ru" and _ru_governs(word):
                findings.append(Finding(path, number, expression, word))
            if lang == "en" and word.lower() in EN_PREPOSITIONS and "countr" in expression:
                findings.append(Finding(path, number, expression, word))
    return findings


def lint_templates(root: Path) -> list[Finding]:
    """The lint over every shipped template of every language."""
    findings = []
    for lang in ("ru", "kk", "en"):
        for path in sorted((root / lang).glob("*.md.j2")):
            findings += lint_source(lang, path.read_text(encoding="utf-8"), f"{lang}/{path.name}")
    return findings
