"""manifest.json, written and read in one place: what a build produced (each file's language, document,
format, size and hash), what it came from (`inputs`, see inputs.py) and why each clause is there.

The reader trusts nothing: a missing, unreadable or hand-edited manifest means "no previous build".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzpolicy_gen.models.profile import Profile
    from kzpolicy_gen.plan.planner import DocumentPlan
    from kzpolicy_gen.rules import Finding


@dataclass(frozen=True)
class BuildRecord:
    """What the manifest records besides the files: findings, inputs, each produced file's source key."""

    overridden: list[Finding]
    findings: list[Finding]
    inputs: dict[str, Any] | None
    sources: dict[str, str]
    text_hashes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Document → language → sha256 of its published text (the Markdown), for the version guard."""
    version_override: bool = False
    """The text changed under the same version and effective date, and the user said so (--same-version)."""
    versions: list[dict[str, str]] = field(default_factory=list)
    """The archived versions (archive.py), oldest first: `{version, effective_date, folder}`."""


def manifest_json(profile: Profile, plans: list[DocumentPlan], files: dict[str, bytes], languages: list[str],
                  formats: list[str], record: BuildRecord) -> str:
    """The manifest of a build whose files (all but the manifest) are `files`."""
    from kzpolicy_gen import __version__, catalogue
    from kzpolicy_gen.facts import profile_facts
    from kzpolicy_gen.packaged import wording_key

    entries: list[dict[str, Any]] = []
    from kzpolicy_gen.layout import split

    for name in sorted(files):
        if name.startswith("versions/"):  # the archive (archive.py): a superseded set's file, not a document
            entries.append({"path": name, "version": name.split("/")[1], "language": None, "document": None,
                            "format": name.rsplit(".", 1)[-1], "size": len(files[name]),
                            "sha256": hashlib.sha256(files[name]).hexdigest()})
            continue
        lang, doc, suffix, pack = split(name)
        entries.append({"path": name, "language": lang, "document": doc, "format": suffix,
                        "size": len(files[name]), "sha256": hashlib.sha256(files[name]).hexdigest()})
        if pack:
            entries[-1]["pack"] = True
        if name in record.sources:
            entries[-1]["source"] = record.sources[name]
    documents = {
        plan.id: {
            "languages": [lang for lang in profile.document.languages_for(plan.id) if lang in languages],
            "sections": [
                {"id": sec.id, "number": sec.number,
                 "clauses": [{"id": cl.id, "number": cl.number, "articles": list(cl.articles),
                              "because": [{"condition": r.condition, "fields": list(r.fields)} for r in cl.reasons]}
                             for cl in sec.clauses]}
                for sec in plan.sections
            ],
            **({"pack": True} if plan.pack else {}),
        }
        for plan in plans
    }
    manifest = {
        "generator": f"kzpolicy-gen {__version__}",
        "law_pack": catalogue.lawpack()["version"],
        "law_pack_pinned": profile.document.law_pack,  # the pack the profile was reviewed against (or null)
        "wording": wording_key(),  # the built-in wording's hash: `outdated` reads these three from the head
        "operator": profile.operator.name.get(languages[0]),
        "document_version": profile.document.version,
        "effective_date": profile.document.effective_date.isoformat(),
        "languages": languages,
        "formats": formats,
        "files": entries,
        "documents": documents,
        "findings": [{"rule": f.rule, "severity": f.severity, "path": f.path} for f in record.findings],
        "overridden_findings": [
            {"rule": f.rule, "severity": f.severity, "path": f.path, "articles": list(f.articles),
             "message": f.text("en")} for f in record.overridden
        ],
    }
    manifest["text_sha256"] = record.text_hashes
    manifest["facts"] = profile_facts(profile)
    if record.versions:
        manifest["versions"] = record.versions
    if record.version_override:
        manifest["version_override"] = True
    if record.inputs is not None:
        manifest["inputs"] = record.inputs
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The previous build's manifest in `out`, or None if there is none we can trust."""
    path = out / "manifest.json"
    try:
        if path.is_symlink() or not path.is_file():
            return None
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def previous_outputs(manifest: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    """Path → (recorded source key, recorded sha256) of every produced file (PDF) of the previous build."""
    if manifest is None:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for entry in manifest.get("files", []):
        if isinstance(entry, dict) and isinstance(entry.get("source"), str):
            found[str(entry["path"])] = (entry["source"], str(entry.get("sha256")))
    return found


def reuse_output(out: Path, previous: dict[str, tuple[str, str]], name: str, key: str) -> bytes | None:
    """The previous file's bytes if it was made from the same source by the same toolchain and is intact."""
    recorded = previous.get(name)
    if recorded is None or recorded[0] != key:
        return None
    path = out / name
    try:
        data = path.read_bytes() if not path.is_symlink() else b""
    except OSError:
        return None
    return data if data and hashlib.sha256(data).hexdigest() == recorded[1] else None
