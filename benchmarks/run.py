"""kzpolicy-gen benchmarks: whole commands and in-process timings, as medians and ratios to a floor.

    .venv/bin/python benchmarks/run.py                 # everything (about 15 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick         # fewer repeats and a smaller portfolio
    .venv/bin/python benchmarks/run.py --only help,md  # some sections (md, diff, pdf, preview, outdated, ...)

Every comparison runs its contenders interleaved (A, B, A, B, ...) in the same run, so machine
noise hits both alike; we report medians and the ratio of medians. Peak memory is the largest
resident set (VmHWM) each worker reports in portfolio.json.
Only the standard library and the project are used.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "profiles" / "example.yaml"
BIN = Path(sys.executable).parent
TOOL = str(BIN / "kzpolicy-gen") if (BIN / "kzpolicy-gen").exists() else shutil.which("kzpolicy-gen") or "kzpolicy-gen"


def run(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and ru_maxrss (MiB; on Linux inherited from this process at exec, so only an upper
    bound) of one command; fails loudly on a non-zero exit."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def compare(contenders: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Interleaved runs; each contender returns its own measured seconds."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, contender in contenders.items():
            samples[name].append(contender())
    return samples


def table(rows: list[list[str]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def med(values: list[float]) -> float:
    return statistics.median(values)


def bench_help(repeat: int) -> str:
    samples = compare({
        "kzpolicy-gen --help": lambda: run([TOOL, "--help"])[0],
        "minimal typer app --help": lambda: run([sys.executable, str(HERE / "minimal_typer.py"), "--help"])[0],
        "python -c pass": lambda: run([sys.executable, "-c", "pass"])[0],
    }, repeat)
    floor = med(samples["minimal typer app --help"])
    rows = [[name, f"{med(v) * 1000:.0f} ms", f"{med(v) / floor:.2f}×"] for name, v in samples.items()]
    verdict = med(samples["kzpolicy-gen --help"]) / floor
    return (f"### 1. Start-up (median of {repeat})\n\n" + table(rows, ["command", "median", "vs typer app"])
            + f"\n\nTarget ≤ 1.20× the minimal typer app: **{verdict:.2f}×** "
            + ("(met)" if verdict <= 1.2 else "(missed)") + "\n")


def _prepare_floor(work: Path) -> Path:
    from kzpolicy_gen.plan.planner import plan_documents
    from kzpolicy_gen.render.context import language_view
    from kzpolicy_gen.validate import load_profile
    from kzpolicy_gen.writers import page_meta

    profile = load_profile(EXAMPLE)
    plans = plan_documents(profile)
    documents = [plan.id for plan in plans]
    views = [{**language_view(profile, lang), "documents": documents} for lang in profile.document.languages]
    path = work / "floor.pickle"
    path.write_bytes(pickle.dumps((plans, views, page_meta(profile))))
    return path


def bench_markdown_html(repeat: int, work: Path) -> str:
    data = _prepare_floor(work)
    out = work / "md-html"
    samples = compare({
        "kzpolicy-gen build (md,html, all languages and documents)": lambda: run(
            [TOOL, "build", str(EXAMPLE), "-o", str(out), "--format", "md,html", "--force", "-q"])[0],
        "floor: same templates rendered + converted, no validation, no files": lambda: run(
            [sys.executable, str(HERE / "floor_render.py"), str(data)])[0],
    }, repeat)
    names = list(samples)
    ratio = med(samples[names[0]]) / med(samples[names[1]])
    rows = [[name, f"{med(v) * 1000:.0f} ms", f"{med(v) / med(samples[names[1]]):.2f}×"] for name, v in samples.items()]
    return (f"### 2. Markdown + HTML build of the example (median of {repeat}, whole processes)\n\n"
            + table(rows, ["command", "median", "vs floor"])
            + f"\n\nTarget ≤ 1.30× the floor: **{ratio:.2f}×** " + ("(met)" if ratio <= 1.3 else "(missed)") + "\n")


def second_version(work: Path) -> Path:
    """The example's next version: a new purpose, a foreign recipient for it, a new version and date."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"', 1).replace("effective_date: 2026-12-01",
                                                                         "effective_date: 2027-01-15", 1)
    text = text.replace("    retention: {months: 14}\n", "    retention: {months: 14}\n  - purpose: customer_support\n"
                        "    data: [identity, contacts, order_data]\n    retention: {years: 1}\n", 1)
    text = text.replace("  - service: sendpulse\n    purposes: [marketing]\n", "  - service: sendpulse\n"
                        "    purposes: [marketing]\n  - service: bitrix24\n    purposes: [customer_support]\n", 1)
    path = work / "example-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def bench_diff(repeat: int, work: Path) -> str:
    """`diff` of two versions of the example (both rendered in memory, every language) against one Markdown build."""
    new = second_version(work)
    old_out, new_out, out = work / "diff-a", work / "diff-b", work / "diff-md"
    run([TOOL, "build", str(EXAMPLE), "-o", str(old_out), "--format", "md", "-q"])
    run([TOOL, "build", str(new), "-o", str(new_out), "--format", "md", "-q"])
    samples = compare({
        "kzpolicy-gen diff example.yaml example-v2.yaml": lambda: run(
            [TOOL, "diff", str(EXAMPLE), str(new)], ok=(1,))[0],
        "kzpolicy-gen diff of the two built folders": lambda: run([TOOL, "diff", str(old_out), str(new_out)],
                                                                  ok=(1,))[0],
        "kzpolicy-gen build example.yaml --format md": lambda: run(
            [TOOL, "build", str(EXAMPLE), "-o", str(out), "--format", "md", "--force", "-q"])[0],
    }, repeat)
    names = list(samples)
    floor = med(samples[names[2]])
    ratio = med(samples[names[0]]) / floor
    rows = [[name, f"{med(v) * 1000:.0f} ms", f"{med(v) / floor:.2f}×"] for name, v in samples.items()]
    return (f"### diff of two versions of the example (median of {repeat}, whole processes)\n\n"
            + table(rows, ["command", "median", "vs md build"])
            + f"\n\nTarget ≤ 1.50× one Markdown build: **{ratio:.2f}×** " + ("(met)" if ratio <= 1.5 else "(missed)")
            + "\n")


def bench_pdf(repeat: int, work: Path) -> str:
    """In one warm process: PDF cost per document inside `build_profile` against bare WeasyPrint."""
    from weasyprint import HTML

    from kzpolicy_gen.build import build_profile
    from kzpolicy_gen.render.pdf import assets_root

    pages = example_pages(["ru", "kk", "en"])
    base = assets_root().as_uri() + "/"

    def ours() -> float:
        started = time.perf_counter()
        build_profile(EXAMPLE, work / "pdf-out", formats="pdf", force=True)
        return (time.perf_counter() - started) / len(pages)

    def bare() -> float:
        started = time.perf_counter()
        for page in pages:
            HTML(string=page, base_url=base).write_pdf()
        return (time.perf_counter() - started) / len(pages)

    def bare_same_options() -> float:
        started = time.perf_counter()
        for page in pages:
            HTML(string=page, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
        return (time.perf_counter() - started) / len(pages)

    ours(), bare(), bare_same_options()  # warm-up: imports, font set-up, caches
    layouts = _layouts_of(ours)
    samples = compare({"inside build_profile (fetcher, shared fonts, PDF/UA-1)": ours,
                       "bare WeasyPrint, same HTML, defaults": bare,
                       "bare WeasyPrint, same HTML, pdf_variant=pdf/ua-1": bare_same_options}, repeat)
    floor = med(samples["bare WeasyPrint, same HTML, defaults"])
    rows = [[name, f"{med(v) * 1000:.0f} ms", f"{med(v) / floor:.2f}×"] for name, v in samples.items()]
    ratio = med(samples["inside build_profile (fetcher, shared fonts, PDF/UA-1)"]) / floor
    same = med(samples["inside build_profile (fetcher, shared fonts, PDF/UA-1)"]) / med(
        samples["bare WeasyPrint, same HTML, pdf_variant=pdf/ua-1"])
    return (f"### 3. PDF per document, warm, one process ({len(pages)} documents × {repeat} rounds)\n\n"
            + table(rows, ["renderer", "median per document", "vs bare defaults"])
            + f"\n\nLayouts inside build_profile: {layouts} for {len(pages)} PDFs (bare WeasyPrint: one each)."
            + f"\n\nTarget ≤ 1.10× bare WeasyPrint: **{ratio:.2f}×** against defaults, **{same:.2f}×** against "
              "the same PDF/UA-1 output " + ("(met)" if ratio <= 1.1 else "(see the note)") + "\n")


def _layouts_of(build: Callable[[], float]) -> int:
    """How many times WeasyPrint lays a page out during one `build()` (the orphan guard may add layouts)."""
    from weasyprint import HTML

    original, count = HTML.render, [0]

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(self, *args, **kwargs)

    HTML.render = counted
    try:
        build()
    finally:
        HTML.render = original
    return count[0]


def bench_docx(repeat: int, work: Path) -> str:
    """In one warm process: DOCX per document against PDF per document, both inside `build_profile`."""
    from kzpolicy_gen.build import build_profile, render_texts
    from kzpolicy_gen.render.docx_writer import DocxMeta, docx_bytes
    from kzpolicy_gen.validate import load_profile

    profile = load_profile(EXAMPLE)
    texts = render_texts(profile, ["ru", "kk", "en"])
    count = len(texts)

    def build(fmt: str) -> Callable[[], float]:
        def timed() -> float:
            started = time.perf_counter()
            build_profile(EXAMPLE, work / f"{fmt}-out", formats=fmt, force=True)
            return (time.perf_counter() - started) / count
        return timed

    def writer_only() -> float:
        started = time.perf_counter()
        for text in texts:
            docx_bytes(text, DocxMeta(profile.operator.name.get(text.lang), profile.document.effective_date, "k"))
        return (time.perf_counter() - started) / count

    names = {"docx": "build_profile(formats=\"docx\")", "pdf": "build_profile(formats=\"pdf\")",
             "writer": "the DOCX writer alone (docx_bytes on rendered texts)"}
    contenders = {names["docx"]: build("docx"), names["pdf"]: build("pdf"), names["writer"]: writer_only}
    for contender in contenders.values():  # warm-up: imports, fonts, template caches
        contender()
    samples = compare(contenders, repeat)
    pdf = med(samples[names["pdf"]])
    rows = [[name, f"{med(v) * 1000:.0f} ms", f"{med(v) / pdf:.2f}×"] for name, v in samples.items()]
    ratio = med(samples[names["docx"]]) / pdf
    return (f"### 5. DOCX per document against PDF per document, warm, one process ({count} documents × "
            f"{repeat} rounds, interleaved)\n\n" + table(rows, ["build", "median per document", "vs PDF"])
            + f"\n\nTarget DOCX ≤ 0.25× PDF per document: **{ratio:.2f}×** "
            + ("(met)" if ratio <= 0.25 else "(missed)") + "\n")


def bench_jobs(repeat: int, work: Path, machine_ceiling: float) -> str:
    """One profile's full build (all formats, `--force`) with its PDFs over 1 and over 2 worker processes."""
    def build(jobs: int) -> Callable[[], float]:
        def one() -> float:
            seconds, _ = run([TOOL, "build", str(EXAMPLE), "-o", str(work / f"jobs-{jobs}"), "--force", "-q",
                              "--same-version", "--jobs", str(jobs)])
            return seconds
        return one

    before = os.getloadavg()[0]
    samples = compare({"--jobs 1": build(1), "--jobs 2": build(2)}, repeat)
    after = os.getloadavg()[0]
    rows = [[name, f"{med(v):.2f} s", " · ".join(f"{x:.2f}" for x in v)] for name, v in samples.items()]
    ratio = med(samples["--jobs 1"]) / med(samples["--jobs 2"])
    return (f"### 3b. One profile's full build, PDFs over worker processes ({repeat} rounds, interleaved)\n\n"
            + table(rows, ["command", "median wall time", "rounds (s)"])
            + f"\n\nMachine load (1-minute average, {os.cpu_count()} CPUs): {before:.1f} before, {after:.1f} after."
            + f"\n\nTarget ≥ 1.5× faster at --jobs 2: **{ratio:.2f}×** (two processes side by side reach "
              f"{machine_ceiling:.2f}× on this machine right now) " + ("(met)" if ratio >= 1.5 else "(not met)") + "\n")


def make_portfolio(folder: Path, count: int) -> None:
    """`count` variations of the example: names, e-mails, phones and output folders differ."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for index in range(count):
        variant = (text.replace("Алма Маркет", f"Алма Маркет {index}").replace("Alma Market", f"Alma Market {index}")
                   .replace("alma-market", f"client-{index:03d}").replace("355 10 20", f"355 {index % 100:02d} 20"))
        (folder / f"client-{index:03d}.yaml").write_text(variant, encoding="utf-8")


def _portfolio_run(clients: Path, out: Path, jobs: int, formats: str, force: bool = True) -> dict[str, Any]:
    cmd = [TOOL, "build", str(clients), "-o", str(out), "--format", formats, "--jobs", str(jobs), "-q"]
    seconds, _ = run([*cmd, "--force"] if force else cmd)
    report = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    per_worker: dict[int, float] = {}
    for client in (c for c in report["clients"] if c["status"] == "built"):
        per_worker[client["worker"]] = max(per_worker.get(client["worker"], 0.0), client["peak_rss_mib"])
    documents = sum(c["documents"] for c in report["clients"])
    files = sum(c["files"] for c in report["clients"])
    return {"seconds": seconds, "workers": per_worker, "documents": documents,
            "files": files, "failed": sum(1 for c in report["clients"] if c["status"] == "failed")}


def example_pages(languages: list[str]) -> list[str]:
    """The example's print pages (the HTML `build` hands to WeasyPrint), collected without printing."""
    from kzpolicy_gen.build import render_files
    from kzpolicy_gen.options import BuildOptions
    from kzpolicy_gen.validate import load_profile

    pages: list[str] = []

    def collect(page: str, name: str) -> bytes:
        pages.append(page)
        return b""

    render_files(load_profile(EXAMPLE), BuildOptions.parse(languages, "pdf"), pdf_renderer=collect)
    return pages


def _pages(work: Path) -> Path:
    """The example's Russian print pages, pickled for bare_pdf.py."""
    from kzpolicy_gen.render.pdf import assets_root

    path = work / "pages.pickle"
    path.write_bytes(pickle.dumps((example_pages(["ru"]), assets_root().as_uri() + "/")))
    return path


def ceiling(work: Path, repeat: int) -> float:
    """What a second process can add on this machine: one bare-WeasyPrint job run twice in one process
    against the same job in two processes side by side (same total work)."""
    pages = _pages(work)
    job = [sys.executable, str(HERE / "bare_pdf.py"), str(pages)]

    def side_by_side() -> float:
        started = time.perf_counter()
        first = subprocess.Popen([*job, "1"])
        second = subprocess.Popen([*job, "1"])
        if first.wait() or second.wait():
            raise SystemExit("bare_pdf.py failed")
        return time.perf_counter() - started

    samples = compare({"one process, twice": lambda: run([*job, "2"])[0], "two processes": side_by_side}, repeat)
    return med(samples["one process, twice"]) / med(samples["two processes"])


def bench_portfolio(count: int, formats: str, work: Path, label: str, machine_ceiling: float) -> str:
    clients = work / f"clients-{label}"
    make_portfolio(clients, count)
    one = _portfolio_run(clients, work / f"out-{label}-1", 1, formats)
    two = _portfolio_run(clients, work / f"out-{label}-2", 2, formats)
    again = _portfolio_run(clients, work / f"out-{label}-2", 2, formats, force=False)
    rows = []
    for name, result in (("--jobs 1", one), ("--jobs 2", two), ("--jobs 2, no change (incremental)", again)):
        rss = max(result["workers"].values()) if result["workers"] else 0.0
        rows.append([name, f"{result['seconds']:.1f} s", f"{result['documents'] / result['seconds']:.1f}",
                     f"{len(result['workers'])}", f"{rss:.0f} MiB"])
    speedup = one["seconds"] / two["seconds"]
    incremental = again["seconds"] / two["seconds"]
    return (f"### 4{label}. Portfolio of {count} profiles, formats {formats} ({one['documents']} documents, "
            f"{one['files']} files per run)\n\n"
            + table(rows, ["run", "wall", "documents/s", "processes that built", "peak RSS per worker"])
            + f"\n\nThroughput --jobs 2 / --jobs 1: **{speedup:.2f}×** (target ≥ 1.8×; this machine's ceiling, "
              f"two bare-WeasyPrint processes against one: {machine_ceiling:.2f}×, so {speedup / machine_ceiling:.0%} "
              f"of what a second core can give); no-change rebuild: **{incremental * 100:.1f}%** of the full "
              "--jobs 2 build (target ≤ 5%).\n")


def _preview_server(profile: Path, lang: str | None) -> tuple[subprocess.Popen[str], str]:
    """`kzpolicy-gen preview` as a user starts it (its own process, any free port); its URL from the first line."""
    cmd = [TOOL, "preview", str(profile), "--port", "0", "--no-browser", "--ui-lang", "en"]
    process = subprocess.Popen([*cmd, *(["--lang", lang] if lang else [])], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline() if process.stdout else ""
    if " at http://127.0.0.1:" not in line:
        process.kill()
        raise SystemExit(f"preview did not start: {line!r}")
    return process, line.split(" at ", 1)[1].split()[0]


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:  # 127.0.0.1 only
        return str(response.read().decode("utf-8"))


def _save_to_refreshed(base: str, profile: Path, old: str, new: str, first: bool = False) -> tuple[float, float]:
    """Milliseconds from an editor's save (a temporary file renamed over the profile) to the HTML the page
    fetches showing the new text, with the client the page uses: wait for the server's event, then fetch the
    page again (what preview.js does before swapping the body). Also the server's own rebuild time."""
    import threading
    import urllib.request

    version = json.loads(_get(base + "state"))["version"]
    heard = threading.Event()
    opened = threading.Event()

    def listen() -> None:
        with urllib.request.urlopen(f"{base}events?v={version}", timeout=30) as stream:
            opened.set()
            while raw := stream.readline():  # one event per line ("data: N"); comments keep it open
                if raw.startswith(b"data:") and int(raw[5:].strip()) != version:
                    heard.set()
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    opened.wait(10)
    text = profile.read_text(encoding="utf-8")
    temporary = profile.with_name(f".{profile.name}.swp")
    started = time.perf_counter()
    for _ in range(15 if first else 1):  # the first save may come before the file watcher has started: again
        temporary.write_text(text.replace(old, new), encoding="utf-8")
        temporary.replace(profile)
        if heard.wait(2 if first else 30):
            break
    else:
        raise SystemExit("preview never announced a new build")
    page = _get(base + "?doc=policy")
    elapsed = (time.perf_counter() - started) * 1000
    if new.split(": ", 1)[1] not in page:
        raise SystemExit("the refreshed page does not show the saved text")
    return elapsed, float(json.loads(_get(base + "state"))["seconds"]) * 1000


def _settle(base: str) -> None:
    """Wait until the server's build version stays the same for a second."""
    version = -1
    while (current := json.loads(_get(base + "state"))["version"]) != version:
        version = current
        time.sleep(1.0)


def bench_preview(repeat: int, work: Path) -> str:
    """Save → refreshed HTML of the policy, one language and the three side by side (Markdown + HTML; no PDF)."""
    rows = []
    medians: dict[str, float] = {}
    for label, lang in (("one language (--lang en)", "en"), ("ru + kk + en side by side", None)):
        profile = work / f"preview-{lang or 'all'}.yaml"
        shutil.copy(EXAMPLE, profile)
        process, base = _preview_server(profile, lang)
        try:
            _get(base + "?doc=policy")  # the page is open, as in a browser
            old = "brand: Alma Market"
            timings, rebuilds, loads = [], [], []
            for round_ in range(repeat + 1):
                new = f"brand: Alma Bazaar {round_}"
                total, rebuild = _save_to_refreshed(base, profile, old, new, first=not round_)
                old = new
                if not round_:  # a repeated first save may still be building: let the server settle
                    _settle(base)
                if round_:  # the first save also warms the renderer's caches
                    timings.append(total)
                    rebuilds.append(rebuild)
                    loads.append(os.getloadavg()[0])
        finally:
            process.terminate()
            process.wait(10)
        medians[label] = med(timings)
        rows.append([label, f"{med(timings):.0f} ms", f"{min(timings):.0f}–{max(timings):.0f} ms",
                     f"{med(rebuilds):.0f} ms", f"{min(loads):.1f}–{max(loads):.1f}"])
    one = medians["one language (--lang en)"]
    verdict = "met" if one <= 300 else "not met"
    return ("### 6. `preview`: from saving the profile to the refreshed HTML (an HTTP client, as the page's script)\n\n"
            + table(rows, ["view", "median", "range", "server's rebuild (median)",
                           f"load (1-min average, {os.cpu_count()} CPUs)"])
            + f"\n\nTarget ≤ 300 ms for one language: **{one:.0f} ms, {verdict}** ({repeat} saves each, the first "
              "warming save left out).\n")


def bench_outdated(repeat: int, work: Path, count: int = 300) -> str:
    """`outdated` over a current portfolio, and what the change report adds to a no-change portfolio run."""
    from kzpolicy_gen.portfolio import build_portfolio

    clients, out = work / "clients-outdated", work / "out-outdated"
    make_portfolio(clients, count)
    run([TOOL, "build", str(clients), "-o", str(out), "--format", "md", "--lang", "ru", "--jobs", "2", "-q"])
    outdated = [run([TOOL, "outdated", str(clients), "-o", str(out)])[0] for _ in range(repeat)]
    build_portfolio([clients], out, jobs=2, formats="md", languages="ru")  # warm: imports, caches

    def no_change(report: bool) -> Callable[[], float]:
        def timed() -> float:
            started = time.perf_counter()
            result = build_portfolio([clients], out, jobs=2, formats="md", languages="ru", change_report=report)
            if result.count("unchanged") != count:
                raise SystemExit("the no-change run rebuilt a client")
            return time.perf_counter() - started
        return timed

    samples = compare({"without": no_change(False), "with": no_change(True)}, repeat * 2)
    without, with_report = med(samples["without"]), med(samples["with"])
    overhead = with_report / without - 1
    step = med([_report_step(clients, out) for _ in range(repeat * 4)])
    rows = [[f"kzpolicy-gen outdated ({count} clients, none outdated)", f"{med(outdated):.2f} s"],
            [f"no-change portfolio run of {count} clients, without the change report", f"{without * 1000:.0f} ms"],
            ["the same with changes.json and changes.html", f"{with_report * 1000:.0f} ms"],
            ["the change-report step alone (both files made, compared, written if different)",
             f"{step * 1000:.1f} ms"]]
    return (f"### 7. Outdated clients and the change report ({count} clients, md, ru)\n\n"
            + table(rows, ["run", "median"])
            + f"\n\n`outdated`: **{med(outdated):.2f} s** (target ≤ 2 s) "
              + ("(met)" if med(outdated) <= 2 else "(not met)")
            + f"; the change report adds **{overhead * 100:.1f}%** to a no-change run (difference of the medians; "
              f"the step alone is {step / without * 100:.1f}% of the run) (target ≤ 5%) "
              + ("(met)" if overhead <= 0.05 else "(not met)") + ".\n")


def _report_step(clients: Path, out: Path) -> float:
    """Seconds of the change-report step of a no-change portfolio run, timed alone on that run's outcomes."""
    from kzpolicy_gen.changes import report_html, report_json
    from kzpolicy_gen.portfolio import _replace_if_different, build_portfolio

    result = build_portfolio([clients], out, jobs=2, formats="md", languages="ru", change_report=False)
    started = time.perf_counter()
    for name, text in (("changes.json", report_json(result.outcomes)), ("changes.html", report_html(result.outcomes))):
        _replace_if_different(out / name, text)
    return time.perf_counter() - started


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from kzpolicy_gen import __version__

    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · kzpolicy-gen {__version__} · Python "
            f"{platform.python_version()} · {platform.system()} {platform.release()} · {os.cpu_count()} CPUs "
            f"({cpu})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="help,md,diff,pdf,jobs,docx,preview,portfolio,portfolio-pdf,outdated",
                        help="comma-separated sections: help, md, diff, pdf, jobs, docx, preview, portfolio, "
                             "portfolio-pdf, outdated (also the change report)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller portfolios")
    parser.add_argument("--profiles", type=int, default=100, help="portfolio size for md,html (default 100)")
    parser.add_argument("--pdf-profiles", type=int, default=24,
                        help="portfolio size with PDFs (default 24 ≈ 576 documents)")
    parser.add_argument("--output", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    repeat = 3 if args.quick else 9
    profiles = 10 if args.quick else args.profiles
    pdf_profiles = 2 if args.quick else args.pdf_profiles
    parts = [f"Machine: {machine()}\n"]
    with tempfile.TemporaryDirectory(prefix="kzpolicy-bench-") as tmp:
        work = Path(tmp)
        if "help" in sections:
            parts.append(bench_help(repeat * 2))
            print(parts[-1], flush=True)
        if "md" in sections:
            parts.append(bench_markdown_html(repeat, work))
            print(parts[-1], flush=True)
        if "diff" in sections:
            parts.append(bench_diff(repeat, work))
            print(parts[-1], flush=True)
        if "pdf" in sections:
            parts.append(bench_pdf(3 if not args.quick else 1, work))
            print(parts[-1], flush=True)
        if "docx" in sections:
            parts.append(bench_docx(3 if not args.quick else 1, work))
            print(parts[-1], flush=True)
        if "preview" in sections:
            parts.append(bench_preview(3 if args.quick else 9, work))
            print(parts[-1], flush=True)
        if sections & {"jobs", "portfolio", "portfolio-pdf"}:
            machine_ceiling = ceiling(work, repeat // 2 or 1)
            print(f"machine ceiling for two processes: {machine_ceiling:.2f}×", flush=True)
        if "jobs" in sections:
            parts.append(bench_jobs(3 if not args.quick else 1, work, machine_ceiling))
            print(parts[-1], flush=True)
        if "portfolio" in sections:
            parts.append(bench_portfolio(profiles, "md,html", work, "a", machine_ceiling))
            print(parts[-1], flush=True)
        if "portfolio-pdf" in sections:
            parts.append(bench_portfolio(pdf_profiles, "md,html,pdf", work, "b", machine_ceiling))
            print(parts[-1], flush=True)
        if "outdated" in sections:
            parts.append(bench_outdated(repeat, work))
            print(parts[-1], flush=True)
    if args.output:
        args.output.write_text("\n".join(parts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
