"""`extends:` — a client profile inherits an agency base profile, key by key.

Why merge YAML data rather than models: a base may be incomplete on its own (it holds what every
client shares); only the merged result has to be a valid profile. Mappings merge recursively, the
client's value wins, and lists are replaced whole (a list half from each file would be unreadable).
Every merged value keeps the file and line it came from, so errors point at the right file.

Where a base may come from: the folder of the profile being built (and its subfolders), or a base folder
the agency names (`--bases DIR`). Never above them: one client's profile must not inherit another
client's operator data, nor read an unrelated YAML file on the machine and echo its keys in errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, ProfileError, safe_text
from kzpolicy_gen.loader import LoadedYaml, PathKey, load_yaml, read_profile_text

MAX_CHAIN = 8
SUFFIXES = (".yaml", ".yml")


def base_roots(profile: Path, bases: Sequence[Path] = ()) -> list[Path]:
    """The folders a profile's bases may come from: its own folder, then the named base folders."""
    return [profile.parent.resolve(), *(Path(folder).resolve() for folder in bases)]


def inside_roots(path: Path, roots: Sequence[Path]) -> bool:
    """True when `path` (symbolic links resolved) lies in one of `roots` or below it."""
    real = path.resolve()
    return any(real.is_relative_to(root) for root in roots)


def load_with_bases(path: Path, bases: Sequence[Path] = ()) -> LoadedYaml:
    """Load a profile and, if it says `extends: base.yaml`, its bases; returns the merged data.
    `bases` are the agency's base folders (`--bases`), allowed besides the profile's own folder."""
    return _load_chain(path, None, [], base_roots(path, bases))


def _load_chain(path: Path, reached_by: str | None, seen: list[Path], roots: list[Path]) -> LoadedYaml:
    text = read_profile_text(path)
    loaded = load_yaml(text, str(path))
    loaded.sources = [(reached_by, hashlib.sha256(text.encode("utf-8")).hexdigest())]
    if "extends" not in loaded.data:
        return loaded
    reference = loaded.data.pop("extends")
    base_path = resolve_base(path, reference, loaded, [*seen, path], roots)
    base = _load_chain(base_path, str(reference), [*seen, path.resolve()], roots)
    merged = merge(base, loaded)
    merged.sources = loaded.sources + base.sources
    return merged


def resolve_base(child: Path, reference: Any, loaded: LoadedYaml, chain: list[Path],
                 roots: Sequence[Path] | None = None) -> Path:
    """The base file named by `extends:`, relative to the child's folder; refuses what is not a plain relative path
    and what lies outside `roots` (checked before the file is opened, so nothing of it reaches a message)."""
    line, col = loaded.locate(("extends",), value=True)

    def fail(code: str, message: str, hint: str) -> ProfileError:
        return ProfileError([Issue(code, message, loaded.file, line, col, "extends", hint)])

    if not isinstance(reference, str) or not reference.strip():
        raise fail("extends-type", "extends must be the relative path of a base profile", "e.g. extends: ../base.yaml")
    if "://" in reference or reference.startswith(("/", "~", "\\")) or "\\" in reference or ":" in reference:
        raise fail("extends-path", f"'{safe_text(reference, 120)}' is not a relative path",
                   "write a path relative to this file with forward slashes, e.g. ../agency/base.yaml")
    if not reference.endswith(SUFFIXES):
        raise fail("extends-path", f"'{safe_text(reference, 120)}' is not a .yaml file", "name a .yaml profile")
    target = child.parent / reference
    if len(chain) >= MAX_CHAIN:
        raise fail("extends-depth", f"more than {MAX_CHAIN} profiles extend one another", "flatten the chain")
    if roots is not None and not inside_roots(target, roots):
        raise fail("extends-outside", "a base profile must be in this profile's folder or in a base folder "
                   "named with --bases", "move the base beside the profile, or pass --bases <its folder>")
    if not target.is_file() or target.is_symlink():
        raise fail("extends-missing", f"the base profile '{safe_text(reference, 120)}' does not exist "
                   "(or is not a regular file)", f"looked for {safe_text(str(target), 200)}")
    resolved = [p.resolve() for p in chain]
    if target.resolve() in resolved:
        cycle = " → ".join(safe_text(p.name, 60) for p in [*chain, target])
        raise fail("extends-cycle", f"profiles extend each other in a cycle: {cycle}", "remove one extends:")
    return target


def merge(base: LoadedYaml, child: LoadedYaml) -> LoadedYaml:
    """Child over base; positions and origin files follow the value that won."""
    out = LoadedYaml({}, child.file)
    out.data = _merge_node(base, child, (), out)
    return out


def _merge_node(base: LoadedYaml, child: LoadedYaml, path: PathKey, out: LoadedYaml) -> Any:
    base_value, child_value = _get(base.data, path), _get(child.data, path)
    _copy_position(child, path, out)
    result: dict[str, Any] = {}
    for key, value in base_value.items():
        if key not in child_value:
            result[key] = value
            _copy_subtree(base, (*path, key), out)
    for key, value in child_value.items():
        if isinstance(value, dict) and isinstance(base_value.get(key), dict):
            result[key] = _merge_node(base, child, (*path, key), out)
        else:
            result[key] = value
            _copy_subtree(child, (*path, key), out)
    return result


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _copy_position(src: LoadedYaml, path: PathKey, out: LoadedYaml) -> None:
    if path in src.positions:
        out.positions[path] = src.positions[path]
    if path in src.value_positions:
        out.value_positions[path] = src.value_positions[path]
    out.origins[path] = src.file_at(path)


def _copy_subtree(src: LoadedYaml, prefix: PathKey, out: LoadedYaml) -> None:
    size = len(prefix)
    for table, target in ((src.positions, out.positions), (src.value_positions, out.value_positions)):
        for key, where in table.items():
            if key[:size] == prefix:
                target[key] = where
    out.origins[prefix] = src.file_at(prefix)
    for key, origin in src.origins.items():
        if key[:size] == prefix:
            out.origins[key] = origin
