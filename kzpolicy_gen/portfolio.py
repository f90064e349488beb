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
import signal
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, KzPolicyError, OutputError, UsageError, safe_text, save_traceback
from kzpolicy_gen.memory import peak_bytes
from kzpolicy_gen.names import SLUG_PATTERN, is_safe_name
from kzpolicy_gen.options import BuildOptions, source_date_epoch
from kzpolicy_gen.output import check_output_dir, folder_lock, replace_file
from kzpolicy_gen.overrides import check_override_folder
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
    declared = None
    try:
        if path.is_file():  # never open a FIFO or a device: opening a FIFO waits for a writer forever
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
        cleaned = "-".join(filter(None, [cleaned or "profile", hashlib.sha256(os.fsencode(path.stem)).hexdigest()[:6]]))
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
                    on_start: Callable[[int], None] | None = None, change_report: bool = True) -> PortfolioResult:
    """Build every profile into `out/<slug>/`, then write `out/index.html` and `out/portfolio.json`, and the
    change report `out/changes.json` and `out/changes.html` (unless `change_report` is false: benchmarks).

    Pass `options` (a `BuildOptions`), or the same as keywords, as for `build_profile`."""
    started = time.perf_counter()
    if options is None:
        options = BuildOptions.parse(languages, formats, templates, allow_errors, force)
    out_dir = Path(out)
    check_output_dir(out_dir)
    source_date_epoch()
    if options.templates is not None:
        check_override_folder(options.templates)
    paths = discover(inputs)
    slugs = assign_slugs(paths)
    tasks = [Task(str(p), slugs[p], str(out_dir / slugs[p]), _client_options(options, slugs[p])) for p in paths]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError([Issue("out-io", f"could not create {safe_text(str(out_dir), 200)}: "
                                 f"{exc.strerror or type(exc).__name__}", str(out_dir))]) from None
    with folder_lock(out_dir):  # a second portfolio build into the same folder is refused, as single builds are
        return _build_locked(tasks, out_dir, started, jobs, options, on_result, on_start, change_report)


def _client_options(options: BuildOptions, name: str) -> BuildOptions:
    """A client's options: in the hosted layout its folder is served at the portfolio's URL + `<name>/`."""
    return options if options.hosted_url is None else replace(options, hosted_url=f"{options.hosted_url}{name}/")


def _build_locked(tasks: list[Task], out_dir: Path, started: float, jobs: int | None, options: BuildOptions,
                  on_result: Callable[[Outcome], None] | None, on_start: Callable[[int], None] | None,
                  change_report: bool = True) -> PortfolioResult:
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
    if stale and "pdf" in options.formats:
        from kzpolicy_gen.render.pdf import require_engine

        require_engine(stale[0].profile)  # one message for the whole portfolio, not one per client
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    for outcome in _run(stale, workers, needs_pdf="pdf" in options.formats):
        record(outcome)
    ordered = [outcomes[t.slug] for t in tasks]
    result = PortfolioResult(out_dir, ordered, time.perf_counter() - started)
    result.index = _write_index(result, change_report)
    return result


def _run(tasks: list[Task], workers: int, *, needs_pdf: bool) -> Iterator[Outcome]:
    """Outcomes as they complete: in this process for one worker, else in a pool of fresh processes.

    A worker that dies (the kernel's OOM killer, a SIGKILL) breaks the whole pool. The pool is replaced;
    the profiles that were being built when it broke are suspects, each built once more alone (nothing else
    in flight), so a profile that kills its worker again is known for certain and reported `worker-died`,
    and every other profile is built as if nothing had happened. At most `workers` profiles are handed out
    at a time, so "being built" is known."""
    if not tasks:
        return
    if workers == 1:
        for task in tasks:
            yield run_task(task)
        return
    queue, suspects = deque(tasks), deque[Task]()
    while queue or suspects:
        pool = _new_pool(workers, needs_pdf)
        in_flight: dict[Future[Outcome], Task] = {}
        alone = False  # the one task in flight is a suspect on its second try
        broken = False
        try:
            while (queue or suspects or in_flight) and not broken:
                if suspects and not in_flight:
                    task = suspects.popleft()
                    in_flight[_submit(pool, task)] = task
                    alone = True
                elif not suspects:
                    while queue and len(in_flight) < workers:
                        task = queue.popleft()
                        in_flight[_submit(pool, task)] = task
                    alone = False
                done = _first_done(in_flight)
                for future in done:
                    task = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        in_flight[future] = task
                    except Exception as exc:  # the task could not reach or leave the worker
                        yield _died(task, exc)
        except BaseException:
            _stop(pool)
            raise
        _stop(pool, wait=not broken)
        if broken and alone:
            yield from (_died(task, BrokenProcessPool()) for task in in_flight.values())
        elif broken:
            suspects.extend(in_flight.values())


def _first_done(in_flight: dict[Future[Outcome], Task]) -> set[Future[Outcome]]:
    """The finished futures, waited for in half-second steps: a Ctrl-C the kernel hands to another thread only
    sets a flag that the main thread acts on when it runs Python code, which it does not do while blocked in a
    wait with no timeout. (The executor's threads start with SIGINT blocked, so this is a second guard.)"""
    while True:
        done, _ = wait(in_flight, timeout=0.5, return_when=FIRST_COMPLETED)
        if done:
            return done


def _died(task: Task, exc: BaseException) -> Outcome:
    return Outcome(task.profile, task.slug, "failed",
                   issues=[Issue("worker-died", f"the worker process stopped: {type(exc).__name__}", task.profile,
                                 hint="re-run with --jobs 1 to see the error")])


def _new_pool(workers: int, needs_pdf: bool) -> ProcessPoolExecutor:
    context = get_context("spawn")  # a clean interpreter: no state inherited from the parent
    with _sigint_blocked():  # the pool's manager thread (which starts replacement workers) inherits the mask
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                   initargs=(needs_pdf,), max_tasks_per_child=RECYCLE_AFTER if needs_pdf else None)


def _submit(pool: ProcessPoolExecutor, task: Task) -> Future[Outcome]:
    with _sigint_blocked():  # a worker started now must never see Ctrl-C: the parent handles it
        return pool.submit(run_task, task)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread while workers may be started: a spawned child inherits the blocked mask,
    so a Ctrl-C during its start-up cannot print a traceback from it (POSIX; elsewhere nothing to do)."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor, *, wait: bool = False) -> None:
    """Shut a pool down; without waiting, its workers are terminated (Ctrl-C, a broken pool)."""
    if wait:
        pool.shutdown(wait=True)
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())  # the executor has no public handle
    with suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with suppress(Exception):
            process.terminate()
    for process in workers:
        with suppress(Exception):
            process.join(5)


def _init_worker(needs_pdf: bool) -> None:
    """Ignore Ctrl-C (the parent stops the pool) and exit when the parent dies, then warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if needs_pdf:
        from kzpolicy_gen.render.pdf import warm_up

        warm_up()


def _exit_with_parent() -> None:
    """A worker must not outlive its parent (a `kill -9` of the command): a thread waits on the parent's
    sentinel and ends the process when it fires."""
    import multiprocessing
    from multiprocessing.connection import wait as wait_for

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait_for([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="kzpolicy-parent-watch", daemon=True).start()


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
        outcome.changes = result.changes
        outcome.pdf_rendered, outcome.pdf_reused = result.pdf_rendered, result.pdf_reused
    outcome.seconds = time.perf_counter() - started
    outcome.worker = os.getpid()
    outcome.peak_rss_mib = peak_rss_mib()
    return outcome


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (0 where the platform cannot say)."""
    peak = peak_bytes()
    return peak / (1 << 20) if peak is not None else 0.0


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
    formats = task.options.formats
    return Outcome(task.profile, task.slug, status, str(manifest.get("operator", "")), files, documents, findings,
                   str(manifest.get("law_pack", "")), law_pack_pinned=str(manifest.get("law_pack_pinned") or ""),
                   document_version=str(manifest.get("document_version", "")),
                   link_format="html" if "html" in formats else "md" if "md" in formats else "")


def _now() -> str:
    """UTC time of this build; SOURCE_DATE_EPOCH (reproducible-builds convention) wins when set."""
    epoch = source_date_epoch()
    moment = datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _previous_index(out: Path) -> dict[str, str]:
    """slug → built_at from the previous portfolio.json, to keep the time of unchanged clients."""
    try:
        data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
        return {str(c["slug"]): str(c.get("built_at", "")) for c in data.get("clients", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_index(result: PortfolioResult, change_report: bool = True) -> Path:
    clients = []
    shown = [replace(outcome, profile=display_path(outcome.profile)) for outcome in result.outcomes]
    for outcome in shown:
        entry = asdict(outcome)
        entry["issues"] = [issue.format() for issue in outcome.issues]
        entry["seconds"] = round(outcome.seconds, 2)
        entry["peak_rss_mib"] = round(outcome.peak_rss_mib, 1)
        clients.append(entry)
    data = {"clients": clients, "seconds": round(result.seconds, 2)}
    replace_file(result.out / "portfolio.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    index = result.out / "index.html"
    replace_file(index, index_html(shown))
    if change_report:
        from kzpolicy_gen.changes import report_html, report_json

        for name, text in (("changes.json", report_json(shown)), ("changes.html", report_html(shown))):
            _replace_if_different(result.out / name, text)
    return index


def _replace_if_different(path: Path, text: str) -> None:
    """Write `text` atomically unless the file already holds exactly it: a run after a run with nothing to
    report writes nothing (an fsync costs more than reading the report back)."""
    with suppress(OSError):
        if not path.is_symlink() and path.is_file() and path.read_bytes() == text.encode("utf-8"):
            return
    replace_file(path, text)


def display_path(path: str) -> str:
    """A file name as text that can be written: bytes that are not UTF-8 (a name from a Windows zip) are
    shown as `\\xe9` instead of failing the whole index; control characters escaped as in messages."""
    return safe_text(path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), 400)


__all__ = ["Outcome", "PortfolioResult", "Task", "assign_slugs", "build_portfolio", "discover", "run_task", "slug"]
