"""Many profiles at once: an agency's portfolio, built in worker processes, incrementally.

Why processes: PDF rendering is CPU-bound Python, so threads would share one core. Each worker
imports WeasyPrint and sets up the bundled font once, then builds whole profiles (a profile is the
unit of failure: one bad client never stops the others). Workers are recycled after a number of
profiles so that slow memory growth inside the renderer cannot accumulate. Up-to-date profiles are
recognised in the parent from content hashes, so a no-change rebuild starts no worker at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, KzPolicyError, UsageError, safe_text, save_traceback
from kzpolicy_gen.names import SLUG_PATTERN, is_safe_name
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.output import check_output_dir, replace_file
from kzpolicy_gen.portfolio_index import Outcome, index_html

RECYCLE_AFTER = 25
"""Profiles (about 600 PDFs) a worker prints before a fresh process replaces it: bounds the renderer's slow
memory creep (about 0.1 MiB per document measured) at the cost of one start-up (about 1 s) per 25 profiles.
Builds without PDF keep their workers: nothing there creeps, and a restart would cost more than a profile."""

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Task:
    """One profile to build; plain data so it crosses the process boundary."""

    profile: str
    slug: str
    out: str
    options: BuildOptions


@dataclass
class PortfolioResult:
    """Every profile's outcome (in input order) and where the portfolio index went."""

    out: Path
    outcomes: list[Outcome]
    seconds: float
    index: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def documents(self) -> int:
        return sum(o.documents for o in self.outcomes)


def discover(inputs: Sequence[Path | str]) -> list[Path]:
    """Profile files named directly or found in folders (`*.yaml`, not recursive; `_name.yaml` and dot-files
    are skipped, so an agency base profile can live beside its clients)."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found.extend(sorted(p for p in item.iterdir() if p.suffix in SUFFIXES and p.is_file()
                                and not p.name.startswith(("_", "."))))
        elif item.exists():
            found.append(item)
        else:
            raise UsageError([Issue("usage", "no such profile file or folder", str(item),
                                    hint="give .yaml profiles or folders that contain them")])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    if not unique:
        raise UsageError([Issue("usage", "no profiles found (*.yaml)", ", ".join(map(str, inputs)))])
    return list(unique.values())


_OUTPUT_NAME = re.compile(rf"""^output_name:[ \t]*(["']?)({SLUG_PATTERN})\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def slug(path: Path) -> str:
    """Folder name for a profile's output: its `output_name:` if the file sets one, else its file name
    folded to [a-z0-9-]. Never a path. Read with a line scan rather than a YAML parse, so that a
    no-change rebuild of a large portfolio stays cheap; validation still checks the field."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            declared = _OUTPUT_NAME.search(handle.read(1 << 20))
    except OSError:
        declared = None
    if declared is not None and is_safe_name(declared.group(2)):
        return declared.group(2)
    ascii_name = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode().lower()
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", ascii_name).strip("-_")[:48]
    lost = sum(ch.isalnum() for ch in path.stem) > sum(ch.isalnum() for ch in ascii_name)
    if lost or not cleaned:  # letters outside ASCII (a Cyrillic name): keep names apart with a short hash
        cleaned = "-".join(filter(None, [cleaned or "profile", hashlib.sha256(path.stem.encode()).hexdigest()[:6]]))
    return cleaned


def assign_slugs(paths: list[Path]) -> dict[Path, str]:
    """One output folder per profile; two profiles that would share a folder are a usage error."""
    taken: dict[str, Path] = {}
    for path in paths:
        name = slug(path)
        if name in taken:
            raise UsageError([Issue("usage", f"{safe_text(str(taken[name]), 200)} and {safe_text(str(path), 200)} "
                                    f"would both build into '{name}/'", str(path), hint="rename one of the files")])
        taken[name] = path
    return {path: name for name, path in taken.items()}


def build_portfolio(inputs: Sequence[Path | str], out: Path | str, *, jobs: int | None = None,
                    options: BuildOptions | None = None,
                    languages: list[str] | str | None = None, formats: list[str] | str | None = None,
                    templates: Path | None = None, allow_errors: bool = False, force: bool = False,
                    on_result: Callable[[Outcome], None] | None = None,
                    on_start: Callable[[int], None] | None = None) -> PortfolioResult:
    """Build every profile into `out/<slug>/`, then write `out/index.html` and `out/portfolio.json`.

    Pass `options` (a `BuildOptions`), or the same as keywords, as for `build_profile`."""
    started = time.perf_counter()
    if options is None:
        options = BuildOptions.parse(languages, formats, templates, allow_errors, force)
    out_dir = Path(out)
    check_output_dir(out_dir)
    paths = discover(inputs)
    slugs = assign_slugs(paths)
    tasks = [Task(str(p), slugs[p], str(out_dir / slugs[p]), options) for p in paths]
    if on_start is not None:
        on_start(len(tasks))
    previous = _previous_index(out_dir)
    outcomes: dict[str, Outcome] = {}

    def record(outcome: Outcome) -> None:
        when = {"built": _now(), "unchanged": previous.get(outcome.slug, "")}
        outcome.built_at = when.get(outcome.status, "")  # a failed client has no build of this run
        outcomes[outcome.slug] = outcome
        if on_result is not None:
            on_result(outcome)

    stale = []
    for task in tasks:
        unchanged = None if options.force else _unchanged(task)
        if unchanged is not None:
            record(unchanged)
        else:
            stale.append(task)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    for outcome in _run(stale, workers, needs_pdf="pdf" in options.formats):
        record(outcome)
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = [outcomes[t.slug] for t in tasks]
    result = PortfolioResult(out_dir, ordered, time.perf_counter() - started)
    result.index = _write_index(result)
    return result


def _run(tasks: list[Task], workers: int, *, needs_pdf: bool) -> Iterator[Outcome]:
    """Outcomes as they complete: in this process for one worker, else in a pool of fresh processes."""
    if not tasks:
        return
    if workers == 1:
        for task in tasks:
            yield run_task(task)
        return
    context = get_context("spawn")  # a clean interpreter: no state inherited from the parent
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(needs_pdf,), max_tasks_per_child=RECYCLE_AFTER if needs_pdf else None) as pool:
        futures: dict[Future[Outcome], Task] = {pool.submit(run_task, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died (killed, out of memory)
                task = futures[future]
                yield Outcome(task.profile, task.slug, "failed",
                              issues=[Issue("worker-died", f"the worker process stopped: {type(exc).__name__}",
                                            task.profile, hint="re-run with --jobs 1 to see the error")])


def _init_worker(needs_pdf: bool) -> None:
    if needs_pdf:
        from kzpolicy_gen.render.pdf import warm_up

        warm_up()


def run_task(task: Task) -> Outcome:
    """Build one profile; every failure becomes a failed outcome with located issues, never an exception."""
    from kzpolicy_gen.build import build_profile

    started = time.perf_counter()
    try:
        result = build_profile(task.profile, task.out, options=task.options)
    except KzPolicyError as exc:
        outcome = Outcome(task.profile, task.slug, "failed", issues=list(exc.issues))
    except Exception as exc:  # a bug: keep going with the other profiles, keep the traceback
        outcome = Outcome(task.profile, task.slug, "failed", issues=[_internal_issue(task, exc)])
    else:
        outcome = _from_manifest(task, result.status, result.manifest, len(result.files))
        outcome.pdf_rendered, outcome.pdf_reused = result.pdf_rendered, result.pdf_reused
    outcome.seconds = time.perf_counter() - started
    outcome.worker = os.getpid()
    outcome.peak_rss_mib = peak_rss_mib()
    return outcome


def peak_rss_mib() -> float:
    """This process's peak resident memory. VmHWM where Linux has it: unlike ru_maxrss it is not
    inherited from the parent at fork/exec, so a worker reports only its own peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _internal_issue(task: Task, exc: Exception) -> Issue:
    return Issue("internal-error", f"internal error ({type(exc).__name__}); the traceback was saved to "
                 f"{save_traceback(exc)}", task.profile, hint="please report it")


def _unchanged(task: Task) -> Outcome | None:
    from kzpolicy_gen.inputs import up_to_date

    manifest = up_to_date(Path(task.profile), Path(task.out), task.options)
    if manifest is None:
        return None
    return _from_manifest(task, "unchanged", manifest, len(manifest.get("files", [])) + 1)


def _from_manifest(task: Task, status: str, manifest: dict[str, Any], files: int) -> Outcome:
    findings: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    for finding in manifest.get("findings", []):
        severity = finding.get("severity", "info")
        findings[severity if severity in findings else "info"] += 1
    documents = len({(f.get("language"), f.get("document")) for f in manifest.get("files", []) if f.get("document")})
    return Outcome(task.profile, task.slug, status, str(manifest.get("operator", "")), files, documents, findings,
                   str(manifest.get("law_pack", "")))


def _now() -> str:
    """UTC time of this build; SOURCE_DATE_EPOCH (reproducible-builds convention) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _previous_index(out: Path) -> dict[str, str]:
    """slug → built_at from the previous portfolio.json, to keep the time of unchanged clients."""
    try:
        data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
        return {str(c["slug"]): str(c.get("built_at", "")) for c in data.get("clients", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_index(result: PortfolioResult) -> Path:
    clients = []
    for outcome in result.outcomes:
        entry = asdict(outcome)
        entry["issues"] = [issue.format() for issue in outcome.issues]
        entry["seconds"] = round(outcome.seconds, 2)
        entry["peak_rss_mib"] = round(outcome.peak_rss_mib, 1)
        clients.append(entry)
    data = {"clients": clients, "seconds": round(result.seconds, 2)}
    replace_file(result.out / "portfolio.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    index = result.out / "index.html"
    replace_file(index, index_html(result.outcomes))
    return index


__all__ = ["Outcome", "PortfolioResult", "Task", "assign_slugs", "build_portfolio", "discover", "run_task", "slug"]
