"""The versions archive: `OUT/versions/<version>/…` keeps every set a build superseded.

Why inside the output folder and owned by its manifest: an operator must be able to show what it published
and when (the policy's own history, the previous version a page links to), and the archive must travel with
the folder an agency uploads. The archived files are part of the new build's file set, so they are written
in the same atomic swap as the new documents and listed in the new manifest (the tool owns exactly them:
an archive folder the user made by hand is never replaced, see output.py). Nothing here reads the clock:
the same folder and profile always give the same archive.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = "versions"
"""The archive's folder under OUT."""


@dataclass
class Archive:
    """What the new build carries into `versions/`: the files (path → bytes) and one record per version,
    oldest first (`{"version", "effective_date", "folder"}`)."""

    files: dict[str, bytes] = field(default_factory=dict)
    versions: list[dict[str, str]] = field(default_factory=list)

    @property
    def previous(self) -> dict[str, str] | None:
        """The version the current one replaced (the last archived), or None."""
        return self.versions[-1] if self.versions else None

    def link(self, path: str) -> str | None:
        """`path` (e.g. `ru/policy.html`) in the previous version, relative to OUT, if that version has it."""
        previous = self.previous
        if previous is None:
            return None
        archived = f"{ROOT}/{previous['folder']}/{path}"
        return archived if archived in self.files else None


def folder_name(version: str) -> str:
    """A version as a folder name: letters, digits, `.`, `_` and `-` kept, anything else (a slash, a space)
    a hyphen; never empty, never `.` or `..`."""
    name = re.sub(r"[^0-9A-Za-z._-]+", "-", version).strip(".-")[:64]
    return name or "version"


def _read(out: Path, name: str) -> bytes | None:
    path = out / name
    try:
        return None if path.is_symlink() or not path.is_file() else path.read_bytes()
    except OSError:
        return None


def _relocate(name: str, data: bytes) -> bytes:
    """Links of an archived page to the archive still resolve once the page sits two folders deeper:
    `../versions/0.9/…` from `<lang>/x.html` becomes `../../0.9/…`, `versions/0.9/…` from `index.html`
    becomes `../0.9/…`."""
    if not name.endswith(".html"):
        return data
    prefix = b'href="../' if "/" in name else b'href="'
    return data.replace(prefix + ROOT.encode() + b"/", (b'href="../../' if "/" in name else b'href="../'))


def carry(out: Path, last: dict[str, Any] | None, version: str) -> Archive:
    """The archive of the build that publishes `version` into `out`, whose last manifest is `last`.

    Everything the last build carried in `versions/` is carried again; when `version` differs from the
    last build's, the last build's own set (its manifest included) is added as `versions/<its version>/`.
    Files that are missing now are left out; files are taken as they are on disk (each archived set's own
    manifest.json keeps the sha256 of its files as published, so an edit is visible)."""
    archive = Archive()
    if not isinstance(last, dict):
        return archive
    entries = [e for e in last.get("files", []) if isinstance(e, dict) and isinstance(e.get("path"), str)]
    for entry in entries:
        if entry["path"].startswith(f"{ROOT}/"):
            data = _read(out, entry["path"])
            if data is not None:
                archive.files[entry["path"]] = data
    recorded = [v for v in last.get("versions", []) if isinstance(v, dict) and isinstance(v.get("folder"), str)]
    archive.versions = [v for v in recorded if f"{ROOT}/{v['folder']}/manifest.json" in archive.files]
    old = str(last.get("document_version", ""))
    if not old or old == version:
        return archive
    folder = folder_name(old)
    prefix = f"{ROOT}/{folder}/"
    for name in [n for n in archive.files if n.startswith(prefix)]:  # the same version archived again: the newer set
        del archive.files[name]
    archive.versions = [v for v in archive.versions if v["folder"] != folder]
    kept: list[dict[str, Any]] = []
    for entry in entries:
        name = entry["path"]
        if name.startswith(f"{ROOT}/"):
            continue
        data = _read(out, name)
        if data is None:
            continue
        data = _relocate(name, data)
        archive.files[prefix + name] = data
        kept.append({**entry, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    own = {key: value for key, value in last.items() if key not in ("files", "versions")}
    own["files"] = kept
    archive.files[prefix + "manifest.json"] = (json.dumps(own, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    archive.versions.append({"version": old, "effective_date": str(last.get("effective_date", "")),
                             "folder": folder})
    return archive


def recorded(last: dict[str, Any] | None, version: str) -> Archive:
    """The versions (no files) a build of `version` over the build `last` would archive: what `with_history`
    needs to render that build's text without reading the folder (for `diff OUT profile.yaml`, `outdated`)."""
    archive = Archive()
    if not isinstance(last, dict):
        return archive
    archive.versions = [v for v in last.get("versions", []) if isinstance(v, dict) and isinstance(v.get("folder"), str)]
    old = str(last.get("document_version", ""))
    if old and old != version:
        archive.versions = [v for v in archive.versions if v["folder"] != folder_name(old)]
        archive.versions.append({"version": old, "effective_date": str(last.get("effective_date", "")),
                                 "folder": folder_name(old)})
    return archive


def with_history(profile: Any, archive: Archive) -> Any:
    """The profile with `document.history` completed from the archive: every archived version the profile's
    own history does not list is added (its version and effective date; what changed is the profile's to say),
    newest first after the profile's entries. The profile's entries win."""
    from datetime import date

    from kzpolicy_gen.models.profile import HistoryEntry

    listed = {entry.version for entry in profile.document.history} | {profile.document.version}  # not itself
    added = []
    for record in reversed(archive.versions):
        if record["version"] in listed:
            continue
        try:
            when = date.fromisoformat(record["effective_date"])
        except ValueError:
            continue
        added.append(HistoryEntry(version=record["version"], date=when))
        listed.add(record["version"])
    if not added:
        return profile
    document = profile.document.model_copy(update={"history": [*profile.document.history, *added]})
    return profile.model_copy(update={"document": document})
