"""The clause → article map of a build, for a lawyer: why each clause is there and what it serves."""

from __future__ import annotations

from kzpolicy_gen.plan.planner import DocumentPlan
from kzpolicy_gen.plan.sources import states


def explain(plans: list[DocumentPlan]) -> str:
    """Per clause: document, number, id, articles and the condition that switched it on, then on the next line
    what its sentences state and where each fact comes from (profile fields, law-pack entries, derived facts)."""
    lines: list[str] = []
    for plan in plans:
        why = "; ".join(f"{r.condition} ({', '.join(r.fields)})" for r in plan.reasons)
        lines.append(f"{plan.id}:" + (f"  [{'pack; ' if plan.pack else ''}{why}]" if why else
                                      "  [pack]" if plan.pack else ""))
        for clause in plan.head:
            why = "; ".join(f"{r.condition} ({', '.join(r.fields)})" for r in clause.reasons) or "always"
            lines.append(f"  {'—':<6} {clause.id:<32} {', '.join(clause.articles):<40} {why}")
            lines.append(f"         states: {'; '.join(states(plan.template, clause.id))}")
        for section in plan.sections:
            for clause in section.clauses:
                why = "; ".join(f"{r.condition} ({', '.join(r.fields)})" for r in clause.reasons) or "always"
                lines.append(f"  {clause.number:<6} {clause.id:<32} {', '.join(clause.articles):<40} {why}")
                lines.append(f"         states: {'; '.join(states(plan.template, clause.id))}")
    return "\n".join(lines) + "\n"
