"""What an output depends on, as content hashes: the basis of incremental builds.

Why content hashes and not timestamps: agencies rebuild from fresh clones and CI checkouts where
every file is "new"; a hash of the profile chain, the package itself (templates, law pack, styles,
code), the rendering libraries and the options says exactly whether a rebuild could change a byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from kzpolicy_gen import __version__
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.loader import LoadedYaml, read_profile_text

_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "fonttools", "markdown", "nh3", "jinja2", "babel", "pydantic",
              "pyyaml", "python-docx", "lxml")


@cache
def toolchain_key() -> str:
    """Hash of every file of the installed package plus the versions of the libraries that shape output."""
    digest = hashlib.sha256(f"kzpolicy-gen {__version__}\n".encode())
    _hash_tree(digest, Path(str(resources.files("kzpolicy_gen"))))
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    return digest.hexdigest()


def folder_key(folder: Path | None) -> str | None:
    """Hash of a template-override folder's regular files (names and bytes)."""
    if folder is None:
        return None
    digest = hashlib.sha256()
    _hash_tree(digest, folder)
    return digest.hexdigest()


def _hash_tree(digest: Any, root: Path) -> None:
    """Feed every regular file under `root` (its relative name and bytes, in name order) into `digest`;
    symbolic links and byte-code caches are not content."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()
                       and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def build_inputs(loaded: LoadedYaml, options: dict[str, Any], templates: Path | None) -> dict[str, Any]:
    """The inputs record written into manifest.json; `key` changes when anything in it does."""
    record: dict[str, Any] = {
        "profiles": [{"extends": reached_by, "sha256": sha} for reached_by, sha in loaded.sources],
        "toolchain": toolchain_key(),
        "templates": folder_key(templates),
        "options": options,
    }
    record["key"] = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return record


def source_key(page: str, epoch: str) -> str:
    """Input hash of one PDF: the page it is printed from, the time stamped into it, the toolchain."""
    return hashlib.sha256(f"{toolchain_key()}\0{epoch}\0".encode() + page.encode("utf-8")).hexdigest()


def build_options(languages: list[str], formats: list[str], allow_errors: bool) -> dict[str, Any]:
    """The options an output depends on, as recorded in the manifest (SOURCE_DATE_EPOCH included: it
    changes the bytes of every PDF)."""
    return {"languages": languages, "formats": formats, "allow_errors": allow_errors,
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}


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


def up_to_date(profile: Path, out: Path, options: dict[str, Any], templates: Path | None) -> dict[str, Any] | None:
    """The previous manifest if nothing `out` was built from has changed and its files are intact, else None.

    Cheap by design (no YAML parsing, no validation): it re-hashes the recorded profile chain and
    the output files, so a no-change rebuild of a portfolio costs a few milliseconds per client.
    """
    manifest = read_manifest(out)
    if manifest is None:
        return None
    inputs = manifest.get("inputs")
    if not isinstance(inputs, dict) or inputs.get("options") != options:
        return None
    if inputs.get("toolchain") != toolchain_key() or inputs.get("templates") != folder_key(templates):
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


def previous_pdfs(out: Path, manifest: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    """PDF path → (recorded source key, recorded sha256) from the previous build's manifest."""
    if manifest is None:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for entry in manifest.get("files", []):
        if isinstance(entry, dict) and entry.get("format") == "pdf" and isinstance(entry.get("source"), str):
            found[str(entry["path"])] = (entry["source"], str(entry.get("sha256")))
    return found


def reuse_pdf(out: Path, previous: dict[str, tuple[str, str]], name: str, key: str) -> bytes | None:
    """The previous PDF's bytes if it was printed from the same page by the same toolchain and is intact."""
    recorded = previous.get(name)
    if recorded is None or recorded[0] != key:
        return None
    path = out / name
    try:
        data = path.read_bytes() if not path.is_symlink() else b""
    except OSError:
        return None
    return data if data and hashlib.sha256(data).hexdigest() == recorded[1] else None
