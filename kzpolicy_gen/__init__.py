"""kzpolicy-gen: personal-data policies and consents for Kazakhstan (Law No. 94-V) in ru/kk/en.

The public API is what this module exports; the CLI is a thin layer over it. Names are loaded on
first use (PEP 562) so that `kzpolicy-gen --help` does not pay for pydantic and the models.
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import TYPE_CHECKING, Any

try:
    __version__ = metadata.version("kzpolicy-gen")  # one place: pyproject.toml
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

from kzpolicy_gen.errors import ExitCode, Issue, KzPolicyError, ProfileError

if TYPE_CHECKING:
    from kzpolicy_gen.build import build_profile
    from kzpolicy_gen.portfolio import build_portfolio
    from kzpolicy_gen.validate import load_profile, validate_text

_LAZY = {
    "build_portfolio": "kzpolicy_gen.portfolio",
    "build_profile": "kzpolicy_gen.build",
    "load_profile": "kzpolicy_gen.validate",
    "validate_text": "kzpolicy_gen.validate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kzpolicy_gen' has no attribute {name!r}")


__all__ = [
    "ExitCode",
    "Issue",
    "KzPolicyError",
    "ProfileError",
    "__version__",
    "build_portfolio",
    "build_profile",
    "load_profile",
    "validate_text",
]
