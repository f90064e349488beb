"""Safe names: the one pattern of an output folder name (`output_name:`), shared by the profile model
and the portfolio's quick scan, which must agree on it. Standard library only (the scan stays light)."""

from __future__ import annotations

import re

SLUG_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
"""A folder name: lowercase letters, digits and hyphens, at most 63 characters, not starting with a hyphen."""

RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                            *(f"lpt{i}" for i in range(10))})
"""Names Windows refuses as folder names."""

_SLUG = re.compile(SLUG_PATTERN)


def is_safe_name(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None and value not in RESERVED_NAMES
