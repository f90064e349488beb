"""The change notice to data subjects: its clause tree, and the conditions over a comparison that switch
clauses on (the documents of a build are switched by the profile; the notice, by what changed).

Wording lives in `templates/<lang>/change-notice.md.j2`, one macro per node, as for every document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kzpolicy_gen.plan.planner import DocumentPlan, PlannedClause, PlannedSection, Reason
from kzpolicy_gen.plan.structure import DocumentSpec, section

if TYPE_CHECKING:
    from kzpolicy_gen.diff import Comparison

NOTICE_ID = "change-notice"

CHANGE_NOTICE = DocumentSpec(NOTICE_ID, (
    section("notice",
            ("what", ("94-V:25.2.1-1",)),
            ("effective", ("94-V:25.2.1-1",))),
    section("changes",
            ("consent", ("94-V:7.1", "94-V:7.8", "94-V:8.4")),
            ("other", ("94-V:25.2.1-1",)),
            ("wording", ("94-V:25.2.1-1",))),
    section("consent",
            ("request", ("94-V:7.1", "94-V:8.1", "94-V:7.6", "94-V:16.3")),
            ("until", ("94-V:7.8", "94-V:8.4"))),
    section("rights",
            ("object", ("94-V:24.1", "94-V:10.2")),
            ("withdraw", ("94-V:8.7", "94-V:24.1.5", "94-V:8.2"))),
    section("contacts",
            ("operator", ("94-V:25.2.6",))),
))

Test = Callable[["Comparison"], bool]
CONDITIONS: dict[str, tuple[str, Test]] = {
    "changes.consent": ("a change needs new consent", lambda c: c.requires_consent),
    "changes.other": ("a change of fact needs publication only",
                      lambda c: any(not x.consent and x.kind != "text_changed" for x in c.changes)),
    "changes.wording": ("only the wording changed", lambda c: [x.kind for x in c.changes] == ["text_changed"]),
    "consent": ("a change needs new consent", lambda c: c.requires_consent),
}
"""Node id → (condition name, test): nodes without an entry are always in the notice."""


def plan_notice(comparison: Comparison) -> DocumentPlan:
    """The numbered plan of the notice for this comparison."""
    sections: list[PlannedSection] = []
    for spec in CHANGE_NOTICE.sections:
        why = CONDITIONS.get(spec.id)
        if why is not None and not why[1](comparison):
            continue
        included = [(cl, CONDITIONS.get(cl.id)) for cl in spec.clauses]
        included = [(cl, cond) for cl, cond in included if cond is None or cond[1](comparison)]
        if not included:
            continue
        number = str(len(sections) + 1)
        section_reasons = (Reason(why[0], ("diff",)),) if why else ()
        clauses = tuple(PlannedClause(cl.id, f"{number}.{index}", cl.articles,
                                      section_reasons + ((Reason(cond[0], ("diff",)),) if cond else ()))
                        for index, (cl, cond) in enumerate(included, start=1))
        sections.append(PlannedSection(spec.id, number, clauses, section_reasons))
    return DocumentPlan(NOTICE_ID, tuple(sections), ())
