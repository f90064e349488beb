"""kzpolicy-gen: personal-data policies and consents for Kazakhstan (Law No. 94-V) in ru/kk/en.

The public API is what this module exports; the CLI is a thin layer over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kzpolicy_gen.errors import ExitCode, Issue, KzPolicyError, ProfileError
from kzpolicy_gen.validate import load_profile, validate_text

__all__ = [
    "ExitCode",
    "Issue",
    "KzPolicyError",
    "ProfileError",
    "__version__",
    "load_profile",
    "validate_text",
]
