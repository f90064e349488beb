"""`outdated`: which clients' last build used an older law pack, tool or wording, and what a rebuild would change.

Why a command of its own: after a law-pack or wording update an agency must know, before rebuilding 40 clients,
which of them change, whether their subjects must give new consent, and which law-pack entries
(data/lawpack-changelog.yaml) explain it. Deciding "current" reads only each client's manifest.json (no YAML,
no rendering), so a portfolio with nothing outdated is checked in well under a second; only an outdated client
with a known profile is compared (`diff` of its built folder with its profile rendered now).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, KzPolicyError, UsageError, safe_text
from kzpolicy_gen.manifest import read_manifest

REASONS = ("never_built", "law_pack", "tool", "wording", "toolchain")
"""Why a client is outdated: no build yet; an older law pack; another tool version; another built-in wording;
the package changed in some other way (a manifest written before the wording was recorded)."""


def version_key(text: str) -> tuple[int, ...]:
    """'2026.11.1' → (2026, 11, 1): law-pack versions compare as numbers."""
    return tuple(int(part) for part in str(text).split(".") if part.isdigit())


@dataclass
class Client:
    """One client: where its last build is, what it was built with, and why (if) it is outdated."""

    name: str
    folder: Path
    profile: Path | None = None
    law_pack: str = ""
    pinned: str | None = None
    generator: str = ""
    reasons: list[str] = field(default_factory=list)
    changelog: list[dict[str, Any]] = field(default_factory=list)
    comparison: Any = None
    """The `diff.Comparison` of the last build with the profile rendered now (outdated clients only)."""
    problem: str = ""
    """Why there is no comparison (no profile known, no Markdown in the build, the profile does not validate)."""

    @property
    def outdated(self) -> bool:
        return bool(self.reasons)

    @property
    def requires_consent(self) -> bool:
        return bool(self.comparison is not None and self.comparison.requires_consent)


@dataclass(frozen=True)
class Current:
    """What this installation would build with (`toolchain` None: hashed when a manifest needs it)."""

    law_pack: str
    generator: str
    wording: str
    toolchain: str | None = None

    @classmethod
    def installed(cls) -> Current:
        from kzpolicy_gen import __version__
        from kzpolicy_gen.packaged import wording_key

        return cls(lawpack_version(), f"kzpolicy-gen {__version__}", wording_key())

    def toolchain_key(self) -> str:
        from kzpolicy_gen.packaged import toolchain_key

        return self.toolchain if self.toolchain is not None else toolchain_key()


_VERSION_LINE = re.compile(r"""^version:[ \t]*["']?([0-9][0-9.]*)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def lawpack_version() -> str:
    """The installed law pack's version, read from its `version:` line: loading the whole pack (a checked YAML
    parse) would cost more than checking a 300-client portfolio (a test keeps the two equal)."""
    from kzpolicy_gen.packaged import data_text

    found = _VERSION_LINE.search(data_text("lawpack.yaml"))
    if found is None:
        from kzpolicy_gen import catalogue

        return str(catalogue.lawpack()["version"])
    return found.group(1)


_HEAD_KEY = re.compile(r'^  "(law_pack|law_pack_pinned|wording|generator|document_version)": '
                       r'("(?:[^"\\]|\\.)*"|null),?$', re.MULTILINE)
HEAD_BYTES = 8192


def manifest_head(folder: Path) -> dict[str, Any] | None:
    """The fields `outdated` decides by, read from the head of manifest.json (the lines before `"files"`), or
    the whole manifest when the head does not hold them all (a manifest from before they were recorded there).

    Why not json.loads: a manifest lists every file and clause (60 KB); 300 full parses are most of the run.
    Our manifests are written with two-space indentation, so a line that starts with two spaces and a quoted key
    is a top-level key (a string value cannot hold a raw line break); each value is decoded by json."""
    path = folder / "manifest.json"
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    end = head.find('\n  "files": ')
    if head.startswith("{\n") and end > 0:
        try:
            found = {m.group(1): json.loads(m.group(2)) for m in _HEAD_KEY.finditer(head[:end])}
        except ValueError:
            found = {}
        if {"law_pack", "law_pack_pinned", "wording", "generator"} <= set(found):
            return found
    return read_manifest(folder)


def reasons(manifest: dict[str, Any] | None, current: Current) -> list[str]:
    """Why a build described by `manifest` is not what this installation would build (empty: current)."""
    if manifest is None:
        return ["never_built"]
    found = []
    if version_key(str(manifest.get("law_pack", ""))) < version_key(current.law_pack):
        found.append("law_pack")
    if manifest.get("generator") != current.generator:
        found.append("tool")
    wording = manifest.get("wording")
    if isinstance(wording, str):
        if wording != current.wording:
            found.append("wording")
    elif (manifest.get("inputs") or {}).get("toolchain") != current.toolchain_key():
        found.append("toolchain")
    return found


def changelog_since(law_pack: str) -> list[dict[str, Any]]:
    """The law-pack changelog entries newer than `law_pack` (newest first)."""
    from kzpolicy_gen import catalogue

    return [entry for entry in catalogue.lawpack_changelog()
            if version_key(str(entry["version"])) > version_key(law_pack)]


def clients(targets: list[Path], out: Path | None) -> list[Client]:
    """The clients named on the command line.

    - a folder with `manifest.json`: one build (its profile is unknown: no comparison);
    - a folder with `portfolio.json`: every client of that portfolio build, with the profile it recorded;
    - profile files or folders of them: each client's build in OUT (`OUT` itself for one profile built
      there, else `OUT/<name>/`, named as a portfolio build names it)."""
    from kzpolicy_gen.portfolio import assign_slugs, discover

    found: list[Client] = []
    profiles: list[Path] = []
    for target in targets:
        if target.is_dir() and (target / "manifest.json").is_file():
            found.append(Client(target.name or str(target), target))
        elif target.is_dir() and (target / "portfolio.json").is_file():
            found += _portfolio_clients(target)
        else:
            profiles.append(target)
    if profiles:
        paths = discover(profiles)
        root = out if out is not None else Path("out")
        single = len(paths) == 1 and not any(p.is_dir() for p in profiles) and (root / "manifest.json").is_file()
        for path, name in assign_slugs(paths).items():
            found.append(Client(name, root if single else root / name, path))
    return found


def _portfolio_clients(folder: Path) -> list[Client]:
    try:
        data = json.loads((folder / "portfolio.json").read_text(encoding="utf-8"))
        entries = [c for c in data["clients"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError([Issue("outdated-portfolio", "portfolio.json cannot be read", str(folder / "portfolio.json"),
                                hint="rebuild the portfolio, or give its profiles with -o")]) from None
    found = []
    for entry in entries:
        name = str(entry.get("slug", ""))
        if not name or "/" in name or name.startswith("."):
            continue
        profile = Path(str(entry.get("profile", "")))
        found.append(Client(name, folder / name, profile if str(profile) and profile.is_file() else None))
    return found


def survey(targets: list[Path], out: Path | None = None, *, compare: bool = True,
           current: Current | None = None) -> list[Client]:
    """Every client with its reasons; outdated clients whose profile is known are compared (`compare`)."""
    current = current or Current.installed()
    found = clients(targets, out)
    for client in found:
        manifest = manifest_head(client.folder)
        client.reasons = reasons(manifest, current)
        if manifest is not None:
            client.law_pack = str(manifest.get("law_pack", ""))
            client.generator = str(manifest.get("generator", ""))
            pinned = manifest.get("law_pack_pinned")
            client.pinned = str(pinned) if isinstance(pinned, str) else None
            if "law_pack" in client.reasons:
                client.changelog = changelog_since(client.law_pack)
        if compare and client.outdated and manifest is not None:
            whole = read_manifest(client.folder)
            if whole is not None:
                _compare(client, whole)
    return found


def _compare(client: Client, manifest: dict[str, Any]) -> None:
    from kzpolicy_gen.diff import compare, version_of_folder, version_of_profile
    from kzpolicy_gen.validate import load_profile

    if client.profile is None:
        client.problem = "profile unknown"
        return
    languages = [str(lang) for lang in manifest.get("languages", [])] or None
    try:
        old = version_of_folder(client.folder, languages)
        new = version_of_profile(load_profile(client.profile), str(client.profile), languages, built=manifest)
    except KzPolicyError as exc:
        client.problem = exc.issues[0].format().splitlines()[0] if exc.issues else type(exc).__name__
        return
    client.comparison = compare(old, new)


# --- output ---------------------------------------------------------------------------------------------------

def survey_json(found: list[Client], current: Current) -> str:
    """The survey as JSON (documented in docs/cli.md)."""
    rows = []
    for client in found:
        row: dict[str, Any] = {
            "client": client.name, "folder": str(client.folder),
            "profile": None if client.profile is None else str(client.profile),
            "law_pack": client.law_pack or None, "law_pack_pinned": client.pinned,
            "generator": client.generator or None,
            "outdated": client.outdated, "reasons": client.reasons,
            "law_pack_changes": [{"version": str(e["version"]), "date": str(e["date"]), "clauses": list(e["clauses"]),
                                  "rules": list(e["rules"])} for e in client.changelog],
            "requires_consent": client.requires_consent if client.comparison is not None else None,
            "problem": client.problem or None,
        }
        if client.comparison is not None:
            from kzpolicy_gen.diff import comparison_json  # loaded only when a client was compared

            diff = json.loads(comparison_json(client.comparison))
            row["diff"] = {key: diff[key] for key in ("requires_consent", "version_bumped", "changes", "clauses",
                                                      "documents_added", "documents_removed")}
        rows.append(row)
    data = {"law_pack": current.law_pack, "generator": current.generator, "clients": rows,
            "outdated": sum(c.outdated for c in found), "requires_consent": sum(c.requires_consent for c in found)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def survey_text(found: list[Client], current: Current, lang: str) -> str:
    """One line per outdated client with its reasons, then what a rebuild changes and the decision."""
    from kzpolicy_gen.messages import t

    lines = [t("outdated.header", lang, law_pack=current.law_pack, generator=current.generator)]
    for client in found:
        if not client.outdated:
            continue
        why = ", ".join(t(f"outdated.reason.{reason}", lang, law_pack=client.law_pack or "?",
                          generator=client.generator or "?") for reason in client.reasons)
        pinned = f" [{t('outdated.pinned', lang, pinned=client.pinned)}]" if client.pinned else ""
        lines.append(f"{safe_text(client.name, 80)}: {why}{pinned}")
        for entry in client.changelog:
            lines.append(f"    {t('outdated.changelog', lang, version=entry['version'], date=entry['date'])}: "
                         f"{entry['changes'][lang]}")
        comparison = client.comparison
        if comparison is None:
            if client.problem and "never_built" not in client.reasons:
                lines.append(f"    {t('outdated.no_diff', lang, problem=safe_text(client.problem, 200))}")
            continue
        documents = sorted({f"{c.lang}/{c.doc_id}" for c in comparison.clauses}
                           | {f"{lg}/{d}" for d, lg in comparison.documents_added + comparison.documents_removed})
        lines.append(f"    {t('outdated.clauses', lang, count=len(comparison.clauses), documents=len(documents))}"
                     + (f": {', '.join(documents[:8])}{' …' if len(documents) > 8 else ''}" if documents else ""))
        from kzpolicy_gen.diff import change_line  # loaded only when a client was compared

        for change in comparison.changes:
            if change.kind != "text_changed":
                lines.append(f"    {'!' if change.consent else '-'} {safe_text(change_line(change, lang), 300)}")
        verdict = ("outdated.consent" if comparison.requires_consent else
                   "outdated.publish" if comparison.requires_publication else "outdated.same_text")
        lines.append(f"    {t(verdict, lang)}")
    total, consent = sum(c.outdated for c in found), sum(c.requires_consent for c in found)
    lines.append(t("outdated.summary", lang, total=len(found), outdated=total, consent=consent))
    return "\n".join(lines) + "\n"
