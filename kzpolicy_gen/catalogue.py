"""The built-in catalogue and law pack: data shipped with the package, read once.

Why data files instead of code: lawyers and translators review wording and legal facts in one
place, and a change to the law pack is a dated data change, not a template edit.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

import yaml

from kzpolicy_gen.errors import Issue, TemplateError
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.packaged import data_text

SECTIONS = (
    "subjects", "data_categories", "purposes", "bases", "third_party_roles", "services",
    "security_measures", "cookie_categories", "marketing_channels", "request_channels",
    "consent_channels", "legal_forms", "processing_actions", "roles", "identifiers", "countries",
)


def _read(name: str) -> Any:
    """A data file, checked: every text given in one document language is given in all of them."""
    text = data_text(name)
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # our own data: trusted
    issues = missing_translations(root, f"kzpolicy_gen/data/{name}")
    if issues:
        raise TemplateError(issues)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def missing_translations(node: yaml.Node | None, file: str, path: str = "") -> list[Issue]:
    """Every mapping with a language key (`{ru: …, kk: …}`) that lacks a language or leaves one empty."""
    if isinstance(node, yaml.SequenceNode):
        return [issue for index, item in enumerate(node.value)
                for issue in missing_translations(item, file, f"{path}[{index}]")]
    if not isinstance(node, yaml.MappingNode):
        return []
    values = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    issues = []
    if any(lang in values for lang in LANGUAGES):
        for lang in LANGUAGES:
            value = values.get(lang)
            if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
                issues.append(Issue("data-translation", f"no {lang} text", file, node.start_mark.line + 1,
                                    node.start_mark.column + 1, path,
                                    f"add {lang}: … (every text is given in {', '.join(LANGUAGES)})"))
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in LANGUAGES:
            issues += missing_translations(value, file, f"{path}.{key.value}" if path else str(key.value))
    return issues


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """The whole catalogue, section → key → entry."""
    data: dict[str, dict[str, Any]] = _read("catalogue.yaml")
    return data


@cache
def lawpack() -> dict[str, Any]:
    """Dated legal facts (law title, authorised body, statutory deadlines)."""
    data: dict[str, Any] = _read("lawpack.yaml")
    return data


@cache
def lawpack_changelog() -> list[dict[str, Any]]:
    """What each law-pack version changed, newest first (version, date, changes, clauses, rules)."""
    data: list[dict[str, Any]] = _read("lawpack-changelog.yaml")
    return data


@cache
def ui() -> dict[str, dict[str, str]]:
    """Interface strings of generated documents (headings, PDF footer), per language."""
    data: dict[str, dict[str, str]] = _read("ui.yaml")
    return data


def keys(section: str) -> tuple[str, ...]:
    return tuple(catalogue()[section])


def entry(section: str, key: str) -> dict[str, Any]:
    value: dict[str, Any] = catalogue()[section][key]
    return value


def service_text(key: str, field: str, lang: str) -> str:
    """A service's `name` or `provider` as written in one language (`names`/`providers`), else the brand."""
    service = entry("services", key)
    local = service.get(field + "s", {})
    return str(local.get(lang, service[field]))


def service_label(key: str, lang: str) -> str:
    """How a service is named in a list: "Kaspi Pay (АО «Kaspi Bank»)"; a provider that contains the
    service's name stands alone ("АО «Казпочта»"), a service named after its provider is named once."""
    name, provider = service_text(key, "name", lang), service_text(key, "provider", lang)
    if provider == name or provider in name:
        return name
    if name.lower() in provider.lower():
        return provider
    return f"{name} ({provider})"


def suggest(section: str, key: str) -> str:
    """A 'did you mean' hint for an unknown catalogue key."""
    close = difflib.get_close_matches(key, keys(section), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "known keys: " + ", ".join(keys(section)[:30])
