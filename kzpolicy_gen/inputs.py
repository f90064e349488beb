"""What an output depends on, as content hashes: the basis of incremental builds.

Why content hashes and not timestamps: agencies rebuild from fresh clones and CI checkouts where
every file is "new"; a hash of the profile chain, the package itself (templates, law pack, styles,
code), the rendering libraries and the options says exactly whether a rebuild could change a byte.
"""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.loader import LoadedYaml, read_profile_text
from kzpolicy_gen.manifest import read_manifest
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.packaged import folder_key, toolchain_key


def build_inputs(loaded: LoadedYaml, options: BuildOptions) -> dict[str, Any]:
    """The inputs record written into manifest.json; `key` changes when anything in it does."""
    record: dict[str, Any] = {
        "profiles": [{"extends": reached_by, "sha256": sha} for reached_by, sha in loaded.sources],
        "toolchain": toolchain_key(),
        "templates": folder_key(options.templates),
        "options": options.record(),
    }
    record["key"] = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return record


def up_to_date(profile: Path, out: Path, options: BuildOptions) -> dict[str, Any] | None:
    """The previous manifest if nothing `out` was built from has changed and its files are intact, else None.

    Cheap by design (no YAML parsing, no validation): it re-hashes the recorded profile chain and
    the output files, so a no-change rebuild of a portfolio costs a few milliseconds per client.
    """
    manifest = read_manifest(out)
    if manifest is None:
        return None
    inputs = manifest.get("inputs")
    if not isinstance(inputs, dict) or inputs.get("options") != options.record():
        return None
    if inputs.get("toolchain") != toolchain_key() or inputs.get("templates") != folder_key(options.templates):
        return None
    if not _chain_unchanged(profile, inputs.get("profiles")) or not _files_intact(out, manifest.get("files")):
        return None
    return manifest


def _chain_unchanged(profile: Path, chain: Any) -> bool:
    if not isinstance(chain, list) or not chain:
        return False
    current = profile
    for position, entry in enumerate(chain):
        if not isinstance(entry, dict):
            return False
        if position:
            reference = entry.get("extends")
            if not isinstance(reference, str):
                return False
            current = current.parent / reference
        try:
            text = read_profile_text(current)
        except KzPolicyError:
            return False
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry.get("sha256"):
            return False
    return True


def _files_intact(out: Path, files: Any) -> bool:
    """Every recorded file is still a regular file of its recorded size, not modified after the manifest.

    A quick check in the manner of make and rsync (size and modification time), not a re-hash: the
    manifest is written last, so a file edited by hand afterwards is newer than it. Hashing every output
    would make a no-change rebuild of a portfolio cost as much as reading all of it.
    """
    if not isinstance(files, list) or not files:
        return False
    try:
        written = (out / "manifest.json").stat().st_mtime_ns
        for entry in files:
            path = out / str(entry.get("path"))
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_size != entry.get("size") or info.st_mtime_ns > written:
                return False
    except (OSError, AttributeError):
        return False
    return True
