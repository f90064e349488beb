"""Two versions of a business's documents compared: clause by clause and fact by fact, with the
decision whether existing subjects must give new consent (Law 94-V) or publication is enough.

A version is a profile file, a profile at a git revision (`profile.yaml@v1`, read with `git show`), or a
built output folder (its manifest.json and Markdown). Clauses are matched by their stable ids from the
clause tree, so a renumbered clause is the same clause; facts come from the models (facts.py), never
from text, so a rewording is never mistaken for a new purpose and a new purpose is never missed.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, UsageError
from kzpolicy_gen.facts import longer, profile_facts
from kzpolicy_gen.manifest import read_manifest
from kzpolicy_gen.models.profile import Profile

PUBLISH = ("94-V:25.2.1-1",)
"""The operator's duty to approve and publish its policy: the article of every publication-only change."""

#: Change kind → (requires new consent, articles). A kind whose consent depends on the basis of the purposes it
#: serves has a publication-only twin ending in `_statutory` (Art. 9: no consent is needed for that processing).
RULES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "purpose_added": (True, ("94-V:7.1", "94-V:7.8")),
    "purpose_added_statutory": (False, ("94-V:9", *PUBLISH)),
    "purpose_removed": (False, PUBLISH),
    "purpose_data_added": (True, ("94-V:7.8", "94-V:8.4.7")),
    "purpose_data_added_statutory": (False, ("94-V:9", *PUBLISH)),
    "purpose_data_removed": (False, PUBLISH),
    "retention_changed": (False, ("94-V:24.1.1", *PUBLISH)),
    "data_added": (True, ("94-V:8.4.7", "94-V:7.8")),
    "data_added_statutory": (False, ("94-V:9", *PUBLISH)),
    "data_removed": (False, PUBLISH),
    "recipient_added": (True, ("94-V:7.6", "94-V:8.4.4")),
    "recipient_added_statutory": (False, ("94-V:9", *PUBLISH)),
    "recipient_removed": (False, PUBLISH),
    "recipient_country_changed": (False, ("94-V:8.4.5", *PUBLISH)),
    "country_added": (True, ("94-V:16.3", "94-V:8.4.5")),
    "country_removed": (False, PUBLISH),
    "cross_border_introduced": (True, ("94-V:7.6", "94-V:16.3", "94-V:8.4.5")),
    "cross_border_ended": (False, ("94-V:8.4.5", *PUBLISH)),
    "public_introduced": (True, ("94-V:7.3", "94-V:8.4.6", "94-V:15.2")),
    "public_ended": (False, ("94-V:8.4.6", *PUBLISH)),
    "public_data_added": (True, ("94-V:15.2", "94-V:8.4.6")),
    "consent_term_longer": (True, ("94-V:8.4.3", "94-V:8.5")),
    "consent_term_shorter": (False, ("94-V:8.4.3", *PUBLISH)),
    "consent_channel_added": (False, ("94-V:8.1", *PUBLISH)),
    "consent_channel_removed": (False, ("94-V:8.1", *PUBLISH)),
    "marketing_channel_added": (True, ("94-V:7.1", "94-V:7.8")),
    "marketing_channel_removed": (False, PUBLISH),
    "text_changed": (False, PUBLISH),
}


@dataclass(frozen=True)
class Node:
    """One node of a rendered document: the title block, a section heading or a clause."""

    id: str
    number: str
    text: str


@dataclass(frozen=True)
class DocText:
    """One document in one language, split into its nodes in reading order."""

    doc_id: str
    lang: str
    title: str
    nodes: tuple[Node, ...]


@dataclass
class Version:
    """One side of a comparison."""

    label: str
    version: str
    effective_date: str
    texts: dict[tuple[str, str], DocText]
    facts: dict[str, Any] | None
    profile: Profile | None = None


@dataclass(frozen=True)
class ClauseChange:
    """A node added, removed or changed in one document and language (`number` is the new one if any)."""

    doc_id: str
    lang: str
    node_id: str
    status: str  # added | removed | changed
    old_number: str
    new_number: str
    old_text: str
    new_text: str


@dataclass(frozen=True)
class Change:
    """A change of fact, with its consequence under the law."""

    kind: str
    subject: str
    names: dict[str, str]
    old: Any = None
    new: Any = None

    @property
    def consent(self) -> bool:
        return RULES[self.kind][0]

    @property
    def articles(self) -> tuple[str, ...]:
        return RULES[self.kind][1]


@dataclass
class Comparison:
    """What changed from `old` to `new` and what the operator must do about it."""

    old: Version
    new: Version
    clauses: list[ClauseChange] = field(default_factory=list)
    documents_added: list[tuple[str, str]] = field(default_factory=list)
    documents_removed: list[tuple[str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    facts_compared: bool = True

    @property
    def requires_consent(self) -> bool:
        """New consent from existing subjects is needed before the new version applies to them."""
        return any(change.consent for change in self.changes)

    @property
    def requires_publication(self) -> bool:
        return bool(self.changes or self.clauses or self.documents_added or self.documents_removed)

    @property
    def version_bumped(self) -> bool:
        return (self.old.version, self.old.effective_date) != (self.new.version, self.new.effective_date)


# --- reading a version ---------------------------------------------------------------------------------------

_SECTION = re.compile(r"^## ([0-9]+)\. ", re.MULTILINE)
_CLAUSE = re.compile(r"^\*\*([0-9]+\.[0-9]+)\.\*\* ", re.MULTILINE)


def split_nodes(doc_id: str, lang: str, markdown: str, structure: list[tuple[str, str, list[tuple[str, str]]]]
                ) -> DocText:
    """Markdown of a built document → its nodes, ids taken from the plan `structure`
    ([(section id, number, [(clause id, number)])]). Text the plan does not know is kept under its number."""
    ids = {number: node_id for sid, snum, clauses in structure for number, node_id in
           [(snum, sid), *((cnum, cid) for cid, cnum in clauses)]}
    starts = sorted([(m.start(), m.group(1)) for m in _SECTION.finditer(markdown)]
                    + [(m.start(), m.group(1)) for m in _CLAUSE.finditer(markdown)])
    first = starts[0][0] if starts else len(markdown)
    head = markdown[:first].strip()
    title = head.splitlines()[0].lstrip("# ").strip() if head else ""
    nodes = [Node("title", "", head)]
    for index, (start, number) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(markdown)
        nodes.append(Node(ids.get(number, f"#{number}"), number, markdown[start:end].strip()))
    return DocText(doc_id, lang, title, tuple(nodes))


def _plan_structure(plan: Any) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(sec.id, sec.number, [(cl.id, cl.number) for cl in sec.clauses]) for sec in plan.sections]


def version_of_profile(profile: Profile, label: str, languages: list[str] | None = None,
                       templates: Path | None = None, built: dict[str, Any] | None = None) -> Version:
    """A version rendered from a profile (Markdown in memory, nothing written); `built` is the manifest of the
    folder it would be built into (its archived versions enter the version history, as a build would add them)."""
    from kzpolicy_gen.archive import recorded, with_history
    from kzpolicy_gen.build import render_texts
    from kzpolicy_gen.plan.planner import plan_documents

    if built is not None:
        profile = with_history(profile, recorded(built, profile.document.version))
    plans = [plan for plan in plan_documents(profile) if not plan.pack]  # the pack is not published text
    langs: list[str] = [lang for lang in profile.document.languages if languages is None or lang in languages]
    structure = {plan.id: _plan_structure(plan) for plan in plans}
    texts = {(text.doc_id, text.lang): split_nodes(text.doc_id, text.lang, text.markdown, structure[text.doc_id])
             for text in render_texts(profile, langs, templates, plans)}
    return Version(label, profile.document.version, profile.document.effective_date.isoformat(), texts,
                   profile_facts(profile), profile)


def version_of_folder(folder: Path, languages: list[str] | None = None) -> Version:
    """A version read from a built output folder: manifest.json and each document's Markdown."""
    manifest = read_manifest(folder)
    if manifest is None or not isinstance(manifest.get("documents"), dict):
        raise UsageError([Issue("diff-no-manifest", f"{folder} has no readable manifest.json", str(folder),
                                hint="give a folder written by `kzpolicy-gen build`, a profile, or profile.yaml@REV")])
    texts: dict[tuple[str, str], DocText] = {}
    for doc_id, doc in manifest["documents"].items():
        if doc.get("pack"):  # internal acts of the compliance pack: not published text, not compared
            continue
        structure = [(str(s["id"]), str(s["number"]), [(str(c["id"]), str(c["number"])) for c in s["clauses"]])
                     for s in doc.get("sections", [])]
        for lang in manifest.get("languages", []):
            if languages is not None and lang not in languages:
                continue
            path = folder / str(lang) / f"{doc_id}.md"
            if path.is_symlink() or not path.is_file():
                raise UsageError([Issue("diff-no-markdown", f"{path} is missing", str(path),
                                        hint="build the folder with the md format (--format md,...)")])
            texts[(doc_id, str(lang))] = split_nodes(doc_id, str(lang), path.read_text(encoding="utf-8"), structure)
    facts = manifest.get("facts") if isinstance(manifest.get("facts"), dict) else None
    return Version(str(folder), str(manifest.get("document_version", "")), str(manifest.get("effective_date", "")),
                   texts, facts)


def profile_at_revision(path: Path, revision: str) -> Profile:
    """`git show REV:./file` run in the file's folder (no shell), validated like a profile file."""
    from kzpolicy_gen.loader import decode_profile_bytes
    from kzpolicy_gen.validate import validate_text

    name = f"{path}@{revision}"
    if not revision or revision.startswith("-") or any(ch in revision for ch in "\0\n"):
        raise UsageError([Issue("diff-revision", f"'{revision}' is not a git revision", name)])
    folder = path.parent
    try:
        shown = subprocess.run(["git", "show", f"{revision}:./{path.name}"], cwd=folder, capture_output=True,
                               timeout=60, check=False)
    except FileNotFoundError:
        raise UsageError([Issue("diff-git", "git is not installed", name)]) from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError([Issue("diff-git", f"git show failed: {exc}", name)]) from None
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError([Issue("diff-revision", f"git cannot show {path.name} at {revision}: "
                                f"{message[-1] if message else 'unknown error'}", name,
                                hint="use a commit, tag or branch where the file exists, e.g. profile.yaml@HEAD~1")])
    return validate_text(decode_profile_bytes(shown.stdout, name), name)


def load_version(spec: str, languages: list[str] | None = None, templates: Path | None = None,
                 built: dict[str, Any] | None = None) -> Version:
    """OLD or NEW of `diff`: a folder, a profile file, or `profile.yaml@REV` (`built`: see version_of_profile)."""
    from kzpolicy_gen.validate import load_profile

    path = Path(spec)
    if path.is_dir():
        return version_of_folder(path, languages)
    if not path.exists() and "@" in spec:
        file, _, revision = spec.rpartition("@")
        return version_of_profile(profile_at_revision(Path(file), revision), spec, languages, templates, built)
    if not path.exists() and not path.is_symlink():  # exit 2, never mistaken for "new consent needed" (1)
        raise UsageError([Issue("diff-missing", f"{spec} does not exist", spec,
                                hint="give a profile, profile.yaml@REV or a folder written by build")])
    return version_of_profile(load_profile(path), spec, languages, templates, built)


# --- comparing -------------------------------------------------------------------------------------------------

def compare_texts(old: dict[tuple[str, str], DocText], new: dict[tuple[str, str], DocText]
                  ) -> tuple[list[ClauseChange], list[tuple[str, str]], list[tuple[str, str]]]:
    """Clause changes in every document and language both versions have; documents added and removed."""
    changes: list[ClauseChange] = []
    for key in [k for k in new if k in old]:
        before = {node.id: node for node in old[key].nodes}
        after = {node.id: node for node in new[key].nodes}
        for node in new[key].nodes:
            was = before.get(node.id)
            if was is None:
                changes.append(ClauseChange(*key, node.id, "added", "", node.number, "", node.text))
            elif _body(was) != _body(node):
                changes.append(ClauseChange(*key, node.id, "changed", was.number, node.number, was.text, node.text))
        for node in old[key].nodes:
            if node.id not in after:
                changes.append(ClauseChange(*key, node.id, "removed", node.number, "", node.text, ""))
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    return changes, added, removed


def _body(node: Node) -> str:
    """A node's text without its own number: renumbering alone is not a change of the clause."""
    return node.text.removeprefix(f"**{node.number}.** ").removeprefix(f"## {node.number}. ")


def _names(item: dict[str, Any]) -> dict[str, str]:
    names = item.get("name")
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}


def compare_facts(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Fact changes with their legal kind, in a fixed order (purposes, data, recipients, countries, terms)."""
    out: list[Change] = []
    o_purposes, n_purposes = old.get("purposes", {}), new.get("purposes", {})
    for pid, item in n_purposes.items():
        statutory = "" if item.get("basis") == "consent" else "_statutory"
        if pid not in o_purposes:
            out.append(Change("purpose_added" + statutory, pid, _names(item), new=item.get("data")))
            continue
        was = o_purposes[pid]
        for data_id in item.get("data", []):
            if data_id not in was.get("data", []):
                data_name = _names(new.get("data_categories", {}).get(data_id, {}))
                out.append(Change("purpose_data_added" + statutory, f"{pid}/{data_id}", _names(item), new=data_name))
        for data_id in was.get("data", []):
            if data_id not in item.get("data", []):
                data_name = _names(old.get("data_categories", {}).get(data_id, {}))
                out.append(Change("purpose_data_removed", f"{pid}/{data_id}", _names(item), old=data_name))
        if was.get("retention", {}).get("text") != item.get("retention", {}).get("text"):
            out.append(Change("retention_changed", pid, _names(item), old=was["retention"].get("text"),
                              new=item["retention"].get("text")))
    out += [Change("purpose_removed", pid, _names(item)) for pid, item in o_purposes.items() if pid not in n_purposes]
    out += _keyed(old, new, "data_categories", "data_added", "data_removed")
    out += _keyed(old, new, "recipients", "recipient_added", "recipient_removed")
    o_rec, n_rec = old.get("recipients", {}), new.get("recipients", {})
    for key, item in n_rec.items():
        if key in o_rec and o_rec[key].get("country") != item.get("country"):
            out.append(Change("recipient_country_changed", key, _names(item), old=o_rec[key].get("country"),
                              new=item.get("country")))
    if new.get("cross_border") and not old.get("cross_border"):
        out.append(Change("cross_border_introduced", "cross_border", {}))
    if old.get("cross_border") and not new.get("cross_border"):
        out.append(Change("cross_border_ended", "cross_border", {}))
    out += _keyed(old, new, "countries", "country_added", "country_removed")
    if new.get("public_distribution") and not old.get("public_distribution"):
        out.append(Change("public_introduced", "public_distribution", dict(new["public_distribution"]["what"])))
    if old.get("public_distribution") and new.get("public_distribution"):
        for data_id in new["public_distribution"].get("data", []):
            if data_id not in old["public_distribution"].get("data", []):
                out.append(Change("public_data_added", f"public_distribution/{data_id}",
                                  _names(new.get("data_categories", {}).get(data_id, {}))))
    if old.get("public_distribution") and not new.get("public_distribution"):
        out.append(Change("public_ended", "public_distribution", dict(old["public_distribution"]["what"])))
    o_term, n_term = old.get("consent_term", {}), new.get("consent_term", {})
    if o_term.get("text") != n_term.get("text"):
        kind = "consent_term_longer" if longer(o_term, n_term) else "consent_term_shorter"
        out.append(Change(kind, "consent.term", {}, old=o_term.get("text"), new=n_term.get("text")))
    out += _keyed(old, new, "consent_channels", "consent_channel_added", "consent_channel_removed")
    out += _keyed(old, new, "marketing_channels", "marketing_channel_added", "marketing_channel_removed")
    return out


def _keyed(old: dict[str, Any], new: dict[str, Any], key: str, added: str, removed: str) -> list[Change]:
    """Items added to and removed from one keyed fact; an added item that serves no consent purpose is statutory."""
    before, after = old.get(key) or {}, new.get(key) or {}
    out = []
    for item_id, item in after.items():
        if item_id not in before:
            statutory = "_statutory" if item.get("consent") is False and f"{added}_statutory" in RULES else ""
            out.append(Change(added + statutory, item_id, _names(item), new=item.get("country")))
    out += [Change(removed, item_id, _names(item)) for item_id, item in before.items() if item_id not in after]
    return out


def compare(old: Version, new: Version) -> Comparison:
    """The whole comparison of two versions."""
    clauses, added, removed = compare_texts(old.texts, new.texts)
    result = Comparison(old, new, clauses, added, removed)
    if old.facts is None or new.facts is None:
        result.facts_compared = False
    else:
        result.changes = compare_facts(old.facts, new.facts)
    if not result.changes and (clauses or added or removed):
        result.changes.append(Change("text_changed", "text", {}))
    return result


def diff(old: str, new: str, languages: list[str] | None = None, templates: Path | None = None) -> Comparison:
    """Compare two versions given as the command line gives them (folder, profile or profile.yaml@REV)."""
    before = load_version(old, languages, templates)
    # a profile compared with a built folder: rendered as building it into that folder would render it
    built = read_manifest(Path(old)) if Path(old).is_dir() and not Path(new).is_dir() else None
    return compare(before, load_version(new, languages, templates, built))


# --- output ------------------------------------------------------------------------------------------------------

def comparison_json(result: Comparison) -> str:
    """The comparison as JSON: versions, decision, fact changes with articles, clause changes per language."""
    data = {
        "old": {"source": result.old.label, "version": result.old.version, "effective_date": result.old.effective_date},
        "new": {"source": result.new.label, "version": result.new.version, "effective_date": result.new.effective_date},
        "requires_consent": result.requires_consent,
        "requires_publication": result.requires_publication,
        "version_bumped": result.version_bumped,
        "facts_compared": result.facts_compared,
        "changes": [{"kind": c.kind, "subject": c.subject, "names": c.names, "old": c.old, "new": c.new,
                     "requires_consent": c.consent, "articles": list(c.articles)} for c in result.changes],
        "documents_added": [{"document": d, "language": lang} for d, lang in result.documents_added],
        "documents_removed": [{"document": d, "language": lang} for d, lang in result.documents_removed],
        "clauses": [{"document": c.doc_id, "language": c.lang, "id": c.node_id, "status": c.status,
                     "old_number": c.old_number, "new_number": c.new_number} for c in result.clauses],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _value(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def change_line(change: Change, lang: str) -> str:
    """One fact change in words of the console language, e.g. "new purpose: analytics"."""
    from kzpolicy_gen import catalogue
    from kzpolicy_gen.render.text import country_name

    ui = catalogue.ui()
    name = change.names.get(lang) or next(iter(change.names.values()), change.subject)
    old, new = _value(change.old, lang), _value(change.new, lang)
    if change.kind.startswith("recipient_"):  # the values are country codes
        old, new = (country_name(lang, code) if code else str(ui["country_not_stated"][lang]) for code in (old, new))
    return str(ui[f"diff_{change.kind}"][lang]).format(name=name, old=old, new=new)


def comparison_text(result: Comparison, lang: str, clause_languages: list[str] | None = None) -> str:
    """The terminal summary: versions, fact changes with their decision and articles, clause changes."""
    from kzpolicy_gen import catalogue
    from kzpolicy_gen.errors import safe_text

    ui = catalogue.ui()
    old, new = result.old, result.new
    lines = [f"{ui['diff_old'][lang]}: {safe_text(old.label, 200)} ({ui['version'][lang]} {old.version}, "
             f"{old.effective_date})",
             f"{ui['diff_new'][lang]}: {safe_text(new.label, 200)} ({ui['version'][lang]} {new.version}, "
             f"{new.effective_date})", ""]
    if not result.requires_publication:
        return "\n".join([*lines, ui["diff_none"][lang]]) + "\n"
    if not result.facts_compared:
        lines += [ui["diff_no_facts"][lang], ""]
    lines.append(f"{ui['diff_facts'][lang]}:")
    for change in result.changes:
        mark = ui["diff_consent_mark" if change.consent else "diff_publish_mark"][lang]
        lines.append(f"  {mark} {safe_text(change_line(change, lang), 300)} [{', '.join(change.articles)}]")
    shown = [c for c in result.clauses if clause_languages is None or c.lang in clause_languages]
    documents = [(d, lg) for d, lg in result.documents_added if clause_languages is None or lg in clause_languages]
    gone = [(d, lg) for d, lg in result.documents_removed if clause_languages is None or lg in clause_languages]
    if shown or documents or gone:
        lines += ["", f"{ui['diff_clauses'][lang]}:"]
    lines += [f"  + {lg}/{d}: {ui['diff_document_added'][lang]}" for d, lg in documents]
    lines += [f"  - {lg}/{d}: {ui['diff_document_removed'][lang]}" for d, lg in gone]
    symbols = {"added": "+", "removed": "-", "changed": "~"}
    for clause in shown:
        number = clause.new_number or clause.old_number
        renumbered = (f" ({clause.old_number} → {clause.new_number})"
                      if clause.status == "changed" and clause.old_number != clause.new_number else "")
        lines.append(f"  {symbols[clause.status]} {clause.lang}/{clause.doc_id} {number or '—'} {clause.node_id}"
                     f"{renumbered}")
    lines.append("")
    if result.requires_consent:
        lines.append(ui["diff_verdict_consent"][lang])
    else:
        lines.append(ui["diff_verdict_publish"][lang])
    if not result.version_bumped:
        lines.append(ui["diff_same_version"][lang])
    return "\n".join(lines) + "\n"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs of a word-level comparison: op is "=", "-" (deleted) or "+" (inserted)."""
    a, b = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", "".join(b[j1:j2])))
    return runs
