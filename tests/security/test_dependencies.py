"""Threat T16: the libraries installed are at least the versions with the known security fixes."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

from tests.conftest import ROOT

#: Floors from the advisories in docs/security.md (WeasyPrint fetcher bypasses, Jinja sandbox escapes,
#: Python-Markdown parser hangs, nh3 allow-list callables, pydantic hidden inputs, PyYAML).
FLOORS = {"weasyprint": (70, 0), "jinja2": (3, 1, 6), "markdown": (3, 10, 2), "nh3": (0, 3, 0), "pydantic": (2, 7),
          "pyyaml": (6, 0, 2)}


def numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"[0-9]+", text)[:3])


def test_pyproject_requires_the_fixed_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {}
    for requirement in project["dependencies"]:
        name, _, floor = requirement.partition(">=")
        declared[name.strip().lower()] = numbers(floor)
    for name, floor in FLOORS.items():
        assert declared.get(name, ()) >= floor, f"{name} must be required at >= {'.'.join(map(str, floor))}"


def test_installed_versions_are_not_older() -> None:
    for name, floor in FLOORS.items():
        assert numbers(version(name)) >= floor, (name, version(name))
