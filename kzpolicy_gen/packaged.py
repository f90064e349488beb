"""The package's own files (wording, data, page assets), found in one place.

Why one module: the incremental build must hash exactly the files the build loads. In a wheel the
wording sits inside the package (`kzpolicy_gen/templates`); in the editable install of a source
checkout it is the top-level `templates/`, outside the package. Kept light (standard library only)
so that deciding a build is up to date does not import the renderers.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


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
