"""Command options shared by single and portfolio builds; kept light (no models, no renderers) so
that deciding a portfolio is up to date does not pay for importing them."""

from __future__ import annotations

from kzpolicy_gen.errors import Issue, UsageError

FORMATS = ("md", "html", "pdf", "docx")
LANGUAGES = ("ru", "kk", "en")


def parse_list(value: str | list[str] | tuple[str, ...] | None, allowed: tuple[str, ...], what: str) -> list[str]:
    """'ru,kk' → ['ru', 'kk'], checked against the allowed values, in the allowed order."""
    if value is None:
        return list(allowed)
    items = value.split(",") if isinstance(value, str) else list(value)
    items = [item.strip() for item in items if item.strip()]
    bad = [item for item in items if item not in allowed]
    if bad or not items:
        raise UsageError([Issue("usage", f"unknown {what}: {', '.join(bad) or '(none)'}",
                                hint=f"choose from {', '.join(allowed)}")])
    return [item for item in allowed if item in items]


def ui_language(value: str | None = None) -> str:
    """The console language: an explicit choice, else the locale's language, else Russian."""
    import os

    if value in ("ru", "kk", "en"):
        return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in ("ru", "kk", "en"):
            return code
    return "ru"
