"""The package's own files (wording, data, page assets), found in one place, and the toolchain's hash.

Why one module: the incremental build must hash exactly the files the build loads. In a wheel the
wording sits inside the package (`kzpolicy_gen/templates`); in the editable install of a source
checkout it is the top-level `templates/`, outside the package. Kept light (standard library only)
so that deciding a build is up to date does not import the renderers.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from kzpolicy_gen import __version__
from kzpolicy_gen.overrides import MAX_TEMPLATE_BYTES, check_override_folder


def package_root() -> Path:
    """The installed `kzpolicy_gen` folder."""
    return Path(str(resources.files("kzpolicy_gen")))


def builtin_templates() -> Path:
    """The packaged wording (`kzpolicy_gen/templates`), or the source tree's `templates/`."""
    packaged = package_root() / "templates"
    if packaged.is_dir():
        return packaged
    return package_root().resolve().parent / "templates"


def toolchain_roots() -> list[Path]:
    """Every folder whose files a build reads: the package, and the wording when it lives outside it."""
    package, wording = package_root().resolve(), builtin_templates().resolve()
    return [package] if wording.is_relative_to(package) else [package, wording]


@cache
def asset_text(name: str) -> str:
    """A page asset (stylesheet, page shell) from `kzpolicy_gen/assets`."""
    return (package_root() / "assets" / name).read_text(encoding="utf-8")


def data_text(name: str) -> str:
    """A data file (catalogue, law pack, interface strings) from `kzpolicy_gen/data`."""
    return (package_root() / "data" / name).read_text(encoding="utf-8")


_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "fonttools", "markdown", "nh3", "jinja2", "babel", "pydantic",
              "pyyaml", "python-docx", "lxml")


@cache
def toolchain_key() -> str:
    """Hash of every file a build loads (the package, and the built-in wording wherever it is installed)
    plus the versions of the libraries that shape output."""
    digest = hashlib.sha256(f"kzpolicy-gen {__version__}\n".encode())
    for root in toolchain_roots():
        digest.update(f"root {root.name}\n".encode())
        _hash_tree(digest, root)
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    return digest.hexdigest()


@cache
def wording_key() -> str:
    """Hash of the built-in wording alone (the templates): `outdated` tells a new wording from other changes."""
    digest = hashlib.sha256()
    _hash_tree(digest, builtin_templates())
    return digest.hexdigest()


def folder_key(folder: Path | None) -> str | None:
    """Hash of a template-override folder: the name and bytes of every file the template loader could load,
    and only the name and size of files too large to load (their bytes cannot reach an output, and reading
    an unrelated 1 GiB file would cost its size in memory and seconds). Refuses a folder that does not exist."""
    if folder is None:
        return None
    check_override_folder(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        name = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            digest.update(name + f"\0too large: {size}\0".encode())
        else:
            digest.update(name + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _hash_tree(digest: Any, root: Path) -> None:
    """Feed every regular file under `root` (its relative name and bytes, in name order) into `digest`;
    symbolic links and byte-code caches are not content."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()
                       and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def source_key(page: str, epoch: str) -> str:
    """Input hash of one PDF: the page it is printed from, the time stamped into it, the toolchain."""
    return hashlib.sha256(f"{toolchain_key()}\0{epoch}\0".encode() + page.encode("utf-8")).hexdigest()
