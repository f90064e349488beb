"""The `--templates` folder as an input: checked before anything reads it, with the size cap of its files.

A leaf module (it imports only the errors), so the options, the loader of templates and the input hashes
can all use it without importing one another.
"""

from __future__ import annotations

from pathlib import Path

from kzpolicy_gen.errors import Issue, UsageError

MAX_TEMPLATE_BYTES = 256 * 1024
"""Largest override template file the loader reads."""


def check_override_folder(folder: Path) -> None:
    """`--templates` must name an existing folder: a typo must not silently give the built-in wording."""
    if not folder.is_dir():
        message = ("--templates names something that does not exist" if not folder.exists()
                   else "--templates names a file, not a folder")
        raise UsageError([Issue("usage", message, str(folder),
                                hint="name the folder that holds <lang>/<document>.md.j2 overrides")])
