"""Findings of `check` as text grouped by severity, or as JSON."""

from __future__ import annotations

import json

from kzpolicy_gen import catalogue
from kzpolicy_gen.loader import LoadedYaml
from kzpolicy_gen.rules import Finding, finding_issue


def findings_text(findings: list[Finding], loaded: LoadedYaml, lang: str) -> str:
    ui = catalogue.ui()
    lines: list[str] = []
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if group:
            lines.append(f"{ui[f'check_{severity}'][lang]} ({len(group)}):")
            lines.extend("  " + finding_issue(f, loaded, lang).format().replace("\n", "\n  ") for f in group)
    if not findings:
        lines.append(ui["check_none"][lang])
    return "\n".join(lines) + "\n"


def findings_json(findings: list[Finding], loaded: LoadedYaml, lang: str) -> str:
    out = []
    for finding in findings:
        issue = finding_issue(finding, loaded, lang)
        out.append({"rule": finding.rule, "severity": finding.severity, "message": finding.text(lang),
                    "hint": finding.hint_text(lang), "path": finding.path, "file": issue.file, "line": issue.line,
                    "column": issue.column, "articles": list(finding.articles)})
    return json.dumps({"findings": out}, ensure_ascii=False, indent=2) + "\n"
