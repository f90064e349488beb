"""Where each document's files go under the output folder (file names are public interface).

Published documents: `DIR/<lang>/<document>.<ext>` (the folder a site uploads). The compliance pack's
internal acts: `DIR/pack/<lang>/<document>.<ext>`, a folder of its own so that uploading `DIR/<lang>/`
never publishes an internal order; inside it the language folders sit side by side as in `DIR/`, so the
relative links between languages (`../kk/<document>.html`) work the same.
"""

from __future__ import annotations

PACK_FOLDER = "pack"


def stem(doc_id: str, lang: str, pack: bool = False) -> str:
    """`<lang>/<document>` or `pack/<lang>/<document>`: every file of a document is its stem plus a suffix."""
    return f"{PACK_FOLDER}/{lang}/{doc_id}" if pack else f"{lang}/{doc_id}"


def split(path: str) -> tuple[str | None, str | None, str, bool]:
    """(language, document, format suffix, pack) of a file path under the output folder; a build-wide file
    (`index.html`, `kzpolicy.css`) has no language or document."""
    parts = path.split("/")
    pack = len(parts) == 3 and parts[0] == PACK_FOLDER
    if pack:
        parts = parts[1:]
    if len(parts) != 2:
        return None, None, path.rsplit(".", 1)[-1], False
    doc, _, suffix = parts[1].partition(".")
    return parts[0], doc, suffix or parts[1].rsplit(".", 1)[-1], pack
