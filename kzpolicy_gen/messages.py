"""Console messages in ru, kk and en: one catalogue (data/messages.yaml), one lookup.

Why data and not f-strings in the commands: a translator reviews the three languages side by side,
and a test checks that every message exists in every language with the same placeholders.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from kzpolicy_gen.languages import FALLBACK, LANGUAGES

__all__ = ["LANGUAGES", "catalogue", "t"]


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Message key → language → text with `{placeholders}`."""
    text = resources.files("kzpolicy_gen").joinpath("data").joinpath("messages.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang` (the fallback language when it is unknown), with its values filled in."""
    entry = catalogue()[key]
    return entry.get(lang, entry[FALLBACK]).format(**values)
