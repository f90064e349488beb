"""The version guard: no changed text is published under the version and date of the previous build.

Why compare the published text (each document's Markdown, by hash) and not the profile: a comment or a
whitespace edit changes the file but not what readers see, and needs no new version; a new wording or
law pack changes what they see with the profile untouched, and does.
"""

from __future__ import annotations

import hashlib
from typing import Any

from kzpolicy_gen.errors import Issue, ProfileError
from kzpolicy_gen.loader import LoadedYaml
from kzpolicy_gen.models.profile import Profile


def text_hashes(texts: list[Any]) -> dict[str, dict[str, str]]:
    """Document → language → sha256 of its Markdown (`texts` are `RenderedText`s)."""
    out: dict[str, dict[str, str]] = {}
    for text in texts:
        out.setdefault(text.doc_id, {})[text.lang] = hashlib.sha256(text.markdown.encode("utf-8")).hexdigest()
    return out


def changed_documents(previous: dict[str, Any] | None, hashes: dict[str, dict[str, str]]) -> list[str]:
    """`<lang>/<document>` of every text that differs from the previous build's (in the languages both built);
    empty when there is no previous manifest with text hashes."""
    if not isinstance(previous, dict) or not isinstance(previous.get("text_sha256"), dict):
        return []  # no previous build, or one made before text hashes were recorded: nothing to compare with
    old = previous["text_sha256"]
    built = {lang for langs in hashes.values() for lang in langs}
    languages = [lang for lang in previous.get("languages", []) if lang in built]
    documents = previous.get("documents")
    if not isinstance(documents, dict):
        documents = {}
    internal = {d for d, v in documents.items() if isinstance(v, dict) and v.get("pack")}  # the pack: not published
    changed = []
    for doc in [*hashes, *(d for d in old if d not in hashes and d not in internal)]:
        before = old.get(doc) if isinstance(old.get(doc), dict) else {}
        after = hashes.get(doc, {})
        changed += [f"{lang}/{doc}" for lang in languages if (before or {}).get(lang) != after.get(lang)]
    return changed


def guard(previous: dict[str, Any] | None, profile: Profile, loaded: LoadedYaml, hashes: dict[str, dict[str, str]],
          same_version: bool) -> bool:
    """Refuse (a located error on `document.version`) when text changed under the previous version and date.

    Returns True when the text changed and `same_version` let it through (the manifest records that)."""
    if not isinstance(previous, dict):
        return False
    document = profile.document
    if (previous.get("document_version"), previous.get("effective_date")) != (
            document.version, document.effective_date.isoformat()):
        return False
    changed = changed_documents(previous, hashes)
    if not changed:
        return False
    if same_version:
        return True
    path = ("document", "version")
    line, column = loaded.locate(path)
    shown = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
    raise ProfileError([Issue(
        "version-unchanged", f"the published text changed ({shown}) but document.version ({document.version}) and "
        f"document.effective_date ({document.effective_date.isoformat()}) are those of the previous build",
        loaded.file_at(path), line, column, "document.version",
        "raise document.version and set the new effective_date (see `kzpolicy-gen diff` for what changed), or "
        "pass --same-version to publish under the same version (recorded in manifest.json)")])
