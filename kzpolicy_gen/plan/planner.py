"""Profile → document plans: conditions resolved, numbers and cross-references computed.

Why numbers are computed here and not in wording: every language must show the same numbering,
and a clause switched off must not leave a gap or a dangling "see section 12".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan.conditions import Condition
from kzpolicy_gen.plan.structure import DOCUMENTS, DocumentSpec


@dataclass(frozen=True)
class Reason:
    """Why a node is present: the condition and the profile fields it read."""

    condition: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PlannedClause:
    id: str
    number: str
    articles: tuple[str, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class PlannedSection:
    id: str
    number: str
    clauses: tuple[PlannedClause, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class DocumentPlan:
    """A planned document; `head` holds the unnumbered blocks above the title (number "")."""

    id: str
    sections: tuple[PlannedSection, ...]
    reasons: tuple[Reason, ...]
    head: tuple[PlannedClause, ...] = ()
    pack: bool = False
    """An internal act of the compliance pack (written under `DIR/pack/<lang>/`)."""
    spec_id: str = ""
    """The DocumentSpec (and wording file) a per-item plan was made from; "" when it is `id`."""
    item: int | None = None
    """Index of the item in the spec's `each.view_key` list (per-item pack documents)."""

    @property
    def template(self) -> str:
        """The wording file's name without language and suffix: `templates/<lang>/<template>.md.j2`."""
        return self.spec_id or self.id

    def node_ids(self) -> list[str]:
        """Ordered ids of every included section and clause."""
        out: list[str] = [cl.id for cl in self.head]
        for sec in self.sections:
            out.append(sec.id)
            out.extend(cl.id for cl in sec.clauses)
        return out

    def numbers(self) -> dict[str, str]:
        """Node id → its number without the trailing dot ("9", "9.2")."""
        table: dict[str, str] = {}
        for sec in self.sections:
            table[sec.id] = sec.number
            for cl in sec.clauses:
                table[cl.id] = cl.number
        return table


def _reasons(*conditions: Condition) -> tuple[Reason, ...]:
    return tuple(Reason(cond.name, cond.fields) for cond in conditions if cond.name != "always")


def plan_document(spec: DocumentSpec, profile: Profile) -> DocumentPlan | None:
    """The numbered plan of one document, or None when the document does not apply (a per-item spec: the
    plan of its first item; `plan_spec` gives them all)."""
    plans = plan_spec(spec, profile)
    return plans[0] if plans else None


def plan_spec(spec: DocumentSpec, profile: Profile) -> list[DocumentPlan]:
    """The plans one spec makes: none when it does not apply, one, or one per item (`spec.each`)."""
    base = _plan(spec, profile)
    if base is None or spec.each is None:
        return [] if base is None else [base]
    each = spec.each
    why = (*base.reasons, Reason(f"one document per item of {each.name}", each.fields))
    return [replace(base, id=f"{spec.id}-{key}", spec_id=spec.id, item=index, reasons=why)
            for key, index in each.items(profile)]


def _plan(spec: DocumentSpec, profile: Profile) -> DocumentPlan | None:
    if not spec.when(profile):
        return None
    sections: list[PlannedSection] = []
    for sec in spec.sections:
        if not sec.when(profile):
            continue
        included = [cl for cl in sec.clauses if cl.when(profile)]
        if not included:
            continue
        number = str(len(sections) + 1)
        clauses = tuple(
            PlannedClause(cl.id, f"{number}.{index}", cl.articles, _reasons(sec.when, cl.when))
            for index, cl in enumerate(included, start=1)
        )
        sections.append(PlannedSection(sec.id, number, clauses, _reasons(sec.when)))
    head = tuple(PlannedClause(cl.id, "", cl.articles, _reasons(cl.when)) for cl in spec.head if cl.when(profile))
    return DocumentPlan(spec.id, tuple(sections), _reasons(spec.when), head, pack=spec.pack)


def plan_documents(profile: Profile, only: tuple[str, ...] | list[str] | None = None, *,
                   pack: bool = False) -> list[DocumentPlan]:
    """Plans of the documents that apply to the profile, in the canonical order.

    Pack documents (internal acts) are planned only with `pack` (`build --pack`, `document.pack`) or when
    selected by name. `only` (the `--documents` option), else the profile's `document.build`, narrows them
    (with `pack`, the applicable pack documents are added to the selection); a selected document that does
    not apply is a usage error (a cookie notice without cookies would be false). A per-item pack document is
    selected by its spec id (`recipient-undertaking` selects one per recipient).
    """
    every = [p for spec in DOCUMENTS for p in plan_spec(spec, profile)]
    pack = pack or profile.document.pack
    selected = list(only) if only is not None else list(profile.document.build)
    if not selected:
        return [p for p in every if pack or not p.pack]
    applicable = {p.template for p in every}
    missing = [doc for doc in selected if doc not in applicable]
    if missing:
        from kzpolicy_gen.errors import Issue, UsageError

        published = [p.template for p in every if not p.pack]
        internal = [p.template for p in every if p.pack]
        raise UsageError([Issue("usage", f"the profile does not get the document {', '.join(missing)}",
                                path="" if only is not None else "document.build",
                                hint=f"it gets: {', '.join(dict.fromkeys(published))}"
                                     + (f"; pack: {', '.join(dict.fromkeys(internal))}" if internal else "")
                                     + " (a document applies only when the profile states what it is about, "
                                       "e.g. cookies for cookie-notice)")])
    return [p for p in every if p.template in selected or (pack and p.pack)]


def with_pack(profile: Profile) -> Profile:
    """The profile as `--pack` sees it (`document.pack` true), so rules about the pack (KZ-PACK-APPROVAL) apply."""
    if profile.document.pack:
        return profile
    return profile.model_copy(update={"document": profile.document.model_copy(update={"pack": True})})
