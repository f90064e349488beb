"""English articles for names in running text: "to the United States of America", "in Germany".

Why a rule plus a table: the catalogue marks the countries that take "the"; free names follow the
usual rule (plural names and names built on a common noun — Republic, Kingdom, Federation — take it).
"""

from __future__ import annotations

import re

_THE = re.compile(r"^(United |Republic |Russian Federation|Czech Republic|Kingdom |State of |Sultanate |"
                  r"Principality |Grand Duchy |Commonwealth |People's Republic |Islamic Republic )|"
                  r"(Netherlands|Philippines|Bahamas|Maldives|Emirates|Islands|Republic|Kingdom|Federation)$")


def needs_the(name: str) -> bool:
    """Whether a place name takes the definite article in running text."""
    return bool(_THE.search(name.strip()))


def with_article(name: str, article: str | None = None) -> str:
    """"United States" → "the United States"; a catalogue `article` ("the" or "") overrides the rule."""
    if name.lower().startswith("the "):
        return name
    use = needs_the(name) if article is None else article == "the"
    return f"the {name}" if use else name
