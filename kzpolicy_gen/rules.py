"""Compliance rules: small functions over a valid profile that yield findings citing the law.

Why apart from validation: a profile can be well-formed yet unlawful (primary database abroad,
no responsible person). `build` refuses to write documents while a rule reports an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kzpolicy_gen.models.profile import Profile


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning" | "info"
    message: str
    path: str
    articles: tuple[str, ...]
    hint: str = ""


Rule = Callable[[Profile], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


@rule
def localisation(profile: Profile) -> Iterator[Finding]:
    if profile.storage.primary_country != "KZ":
        yield Finding("KZ-LOCALISATION", "error", "the primary database must be in Kazakhstan",
                      "storage.primary_country", ("94-V:12.2",),
                      "keep the primary database in Kazakhstan; copies abroad go under storage.copies_abroad")


@rule
def responsible_person(profile: Profile) -> Iterator[Finding]:
    if profile.operator.is_legal_entity and profile.responsible_person is None:
        yield Finding("KZ-RESPONSIBLE-PERSON", "error",
                      "a legal entity must appoint a person responsible for organising processing",
                      "responsible_person", ("94-V:25.2.10",), "add responsible_person with a name or position")


def check(profile: Profile) -> list[Finding]:
    """All findings, errors first."""
    order = {"error": 0, "warning": 1, "info": 2}
    findings = [finding for func in RULES for finding in func(profile)]
    return sorted(findings, key=lambda f: (order[f.severity], f.rule))
