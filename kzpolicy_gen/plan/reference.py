"""docs/clauses.md, generated from the clause tree so the published map cannot drift from the code."""

from __future__ import annotations

from kzpolicy_gen.plan.structure import TEMPLATES


def clauses_markdown() -> str:
    lines = [
        "# Documents, clauses and the articles they serve",
        "",
        "Generated from `kzpolicy_gen/plan/structure.py` by `python -m kzpolicy_gen.plan.reference > docs/clauses.md`;"
        " a test fails when this file is stale. Article codes: `94-V:8.4.1` = Law No. 94-V, Art. 8 p.4 sub.1;"
        " `R395`, `R179`, `R481` = the Rules approved by those orders; `DC:41` = Digital Code, Art. 41.",
        "",
    ]
    for spec in TEMPLATES:
        name = "`consent-<id>` (one for each of `custom_consents[]`)" if spec.template else f"`{spec.id}`"
        lines += [f"## {name}", "", f"Built when: {spec.when.name}.", "",
                  "| clause | articles | included when |", "|---|---|---|"]
        for section in spec.sections:
            for clause in section.clauses:
                conditions = [c.name for c in (section.when, clause.when) if c.name != "always"]
                lines.append(f"| `{clause.id}` | {', '.join(clause.articles)} | {'; '.join(conditions) or 'always'} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(clauses_markdown(), end="")
