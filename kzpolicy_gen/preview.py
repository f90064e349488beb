"""`kzpolicy-gen preview`: the lawyer's view of a profile, live, on 127.0.0.1.

Why: the SaaS generators win on a questionnaire and a preview. This renders the three languages side
by side, clause by clause (aligned by clause id, so a missing or diverging sentence shows at once),
puts each `check` finding beside the clause it concerns, links every document in every format, and
rebuilds on every save (watchfiles) so the browser shows the new text. A broken profile shows its
located errors instead of a stale page. Only what the open page needs is rendered after a save (one
document in its languages); other documents and the format files are rendered when asked for.
"""

from __future__ import annotations

import html
import http.server
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kzpolicy_gen.errors import Issue, KzPolicyError
from kzpolicy_gen.messages import t

_CLAUSE = re.compile(r"^\*\*([0-9]+\.[0-9]+)\.\*\* ")
_SECTION = re.compile(r"^## ([0-9]+)\. ")
ASSETS = {"/preview.css": "text/css", "/preview.js": "text/javascript"}


@dataclass
class _State:
    """One build of the profile: the model and plans, or the located problems that stopped it."""

    version: int
    profile: Any = None
    loaded: Any = None
    plans: list[Any] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[tuple[str, str], Any] = field(default_factory=dict)
    files: dict[str, bytes] | None = None
    pdfs: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    seconds: float = 0.0


class Preview:
    """The state of a previewed profile and everything the server shows of it (callable from Python)."""

    def __init__(self, profile: Path, ui_lang: str = "en", languages: tuple[str, ...] | None = None) -> None:
        self.path = Path(profile)
        self.lang = ui_lang
        self.languages = languages
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.current_doc = "policy"
        self.closed = False
        self.state = _State(0)
        self.rebuild()

    def rebuild(self) -> float:
        """Read, validate and check the profile again; render the document being viewed. Returns seconds."""
        from kzpolicy_gen.plan.planner import plan_documents
        from kzpolicy_gen.render.context import language_view
        from kzpolicy_gen.rules import check
        from kzpolicy_gen.validate import load_profile_located

        started = time.perf_counter()
        with self.lock:
            state = _State(self.state.version + 1)
            try:
                state.profile, state.loaded = load_profile_located(self.path)
                state.findings = check(state.profile)
                state.plans = [plan for plan in plan_documents(state.profile) if not plan.pack]  # published only
                ids = [plan.id for plan in state.plans]
                shown = [lang for lang in state.profile.document.languages
                         if self.languages is None or lang in self.languages]
                state.views = {lang: {**language_view(state.profile, lang), "documents": ids}
                               for lang in shown or state.profile.document.languages}
                self.state = state
                self.page(self.current_doc if self.current_doc in ids else ids[0])  # what the reload will ask
            except KzPolicyError as exc:
                state = _State(state.version, issues=list(exc.issues))
            state.seconds = time.perf_counter() - started
            self.state = state
            self.changed.notify_all()
        return state.seconds

    def sources(self) -> list[Path]:
        """The files whose change means a rebuild: the profile and the bases it extends."""
        loaded = self.state.loaded
        paths = {self.path.resolve()}
        if loaded is not None:
            for reached_by, _ in loaded.sources:
                if reached_by:
                    paths.add((self.path.parent / reached_by).resolve())
        return sorted(paths)

    def texts(self, doc: str) -> list[Any]:
        """The document in each of its languages (rendered once per build, on first use)."""
        from kzpolicy_gen.render.wording import environment, render_markdown

        with self.lock:
            state = self.state
            plan = next(plan for plan in state.plans if plan.id == doc)
            env = environment(None)
            for lang in state.views:
                if (doc, lang) not in state.texts:
                    state.texts[(doc, lang)] = render_markdown(plan, state.views[lang], env)
            return [state.texts[(doc, lang)] for lang in state.views]

    def output_file(self, name: str) -> bytes | None:
        """A Markdown or HTML output file of the current build (all rendered on the first request)."""
        from kzpolicy_gen.build import render_files
        from kzpolicy_gen.options import BuildOptions

        with self.lock:
            state = self.state
            if state.profile is None:
                return None
            if state.files is None:
                options = BuildOptions.parse(list(state.views), "md,html")
                state.files = render_files(state.profile, options, plans=state.plans, findings=state.findings)
            return state.files.get(name)

    def pdf(self, lang: str, doc: str) -> bytes | None:
        """One language's PDFs of the current build, made when first asked for (PDF is the slow format)."""
        from kzpolicy_gen.build import render_files
        from kzpolicy_gen.options import BuildOptions
        from kzpolicy_gen.render.pdf import require_engine

        with self.lock:
            state = self.state
            if state.profile is None or lang not in state.views:
                return None
            name = f"{lang}/{doc}.pdf"
            if name not in state.pdfs:
                require_engine(str(self.path))
                files = render_files(state.profile, BuildOptions.parse([lang], "pdf"), plans=state.plans,
                                     findings=state.findings)
                state.pdfs.update({k: v for k, v in files.items() if k.endswith(".pdf")})
            return state.pdfs.get(name)

    def wait(self, version: int, timeout: float) -> int:
        """Block until the build is newer than `version` (or the timeout passes); the current version."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.version != version, timeout=timeout)
            return self.state.version

    def page(self, doc: str | None = None) -> str:
        """The whole preview page of one document (or the located errors of a broken profile)."""
        with self.lock:
            ids = [plan.id for plan in self.state.plans]
            if ids:
                doc = doc if doc in ids else self.current_doc if self.current_doc in ids else ids[0]
            key = str(doc)
            if key not in self.state.pages:
                self.state.pages[key] = self._page(doc)
            return self.state.pages[key]

    def _page(self, doc: str | None) -> str:
        with self.lock:
            state = self.state
            lang = self.lang
            head = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                    f"<title>{_e(t('preview.title', lang, profile=self.path.name))}</title>"
                    '<link rel="stylesheet" href="/preview.css"><script src="/preview.js" defer></script></head>'
                    f'<body data-version="{state.version}">')
            top = (f"<header><h1>{_e(t('preview.title', lang, profile=self.path.name))}</h1>"
                   f"<p class='kzp-status'>{_e(t('preview.built', lang, version=state.version))}</p></header>")
            if state.profile is None:
                lines = "".join(f"<li><pre>{_e(issue.format())}</pre></li>" for issue in state.issues)
                body = (f"<section class='kzp-broken' id='kzp-errors'><h2>"
                        f"{_e(t('preview.broken', lang, count=len(state.issues)))}</h2><ol>{lines}</ol></section>")
                return head + top + body + "</body></html>"
            ids = [plan.id for plan in state.plans]
            shown: str = doc if doc in ids and doc is not None else self.current_doc if self.current_doc in ids \
                else ids[0]
            self.current_doc = shown
            tabs = "".join(f"<a href='/?doc={d}'{' aria-current=page' if d == shown else ''}>{_e(d)}</a>"
                           for d in ids)
            texts = self.texts(shown)
            plan = next(plan for plan in state.plans if plan.id == shown)
            return head + top + f"<nav class='kzp-docs'>{tabs}</nav>" + self._formats(shown) + \
                self._table(plan, texts) + "</body></html>"

    def _formats(self, doc: str) -> str:
        lang = self.lang
        links = "".join(
            f"<li><strong>{code}</strong> <a href='/out/{code}/{doc}.html'>HTML</a> "
            f"<a href='/out/{code}/{doc}.fragment.html'>{_e(t('preview.fragment', lang))}</a> "
            f"<a href='/out/{code}/{doc}.md'>Markdown</a> <a href='/pdf/{code}/{doc}.pdf'>PDF</a></li>"
            for code in self.state.views)
        return (f"<section class='kzp-formats'><h2>{_e(t('preview.formats', lang))}</h2><ul>{links}</ul>"
                f"<p>{_e(t('preview.pdf_note', lang))}</p></section>")

    def _table(self, plan: Any, texts: list[Any]) -> str:
        from kzpolicy_gen.rules import finding_issue

        lang = self.lang
        state = self.state
        blocks = [_blocks(text, plan) for text in texts]
        placed, loose = _place_findings(plan, state.findings)
        header = "".join(f"<th lang='{text.lang}'>{text.lang}</th>" for text in texts)
        rows = [f"<thead><tr><th>#</th>{header}<th>{_e(t('preview.findings', lang))}</th></tr></thead><tbody>"]
        for node_id, number in _nodes(plan):
            cells = "".join(f"<td lang='{text.lang}'>{column.get(node_id, '')}</td>"
                            for text, column in zip(texts, blocks, strict=True))
            notes = "".join(_finding(finding_issue(f, state.loaded, lang), f.severity)
                            for f in placed.get(node_id, []))
            kind = "kzp-section" if "." not in number else "kzp-clause"
            rows.append(f"<tr id='{_e(node_id)}' class='{kind}'><th><span>{_e(number)}</span>"
                        f"<code>{_e(node_id)}</code></th>{cells}<td class='kzp-notes'>{notes}</td></tr>")
        general = "".join(_finding(finding_issue(f, state.loaded, lang), f.severity) for f in loose)
        intro = (f"<section class='kzp-general'><h2>{_e(t('preview.general_findings', lang))}</h2>{general}</section>"
                 if general else "")
        return intro + f"<table class='kzp-side'>{''.join(rows)}</tbody></table>"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _nodes(plan: Any) -> list[tuple[str, str]]:
    out = [("title", "")]
    for section in plan.sections:
        out.append((section.id, section.number))
        out += [(clause.id, clause.number) for clause in section.clauses]
    return out


def _blocks(text: Any, plan: Any) -> dict[str, str]:
    """Clause id → its sanitised HTML in this language (section ids → their headings, "title" → the title).

    The document is converted once, as the HTML build does, and cut where each heading and numbered clause
    starts: the numbers are the plan's, the same in every language, so the cut is by clause id.
    """
    from kzpolicy_gen.render.html import markdown_to_html
    from kzpolicy_gen.render.wording import anchor

    body = markdown_to_html(text)
    by_number = {number: node for node, number in plan.numbers().items()}
    by_anchor = {anchor(section.id): section.id for section in plan.sections}
    cuts: list[tuple[int, str]] = [(0, "title")]
    for match in re.finditer(r'<h2 id="([^"]+)"|<p><strong>([0-9]+\.[0-9]+)\.</strong>', body):
        node = by_anchor.get(match[1]) if match[1] else by_number.get(match[2] or "")
        if node:
            cuts.append((match.start(), node))
    cuts.append((len(body), ""))
    return {node: body[start:end] for (start, node), (end, _) in itertools.pairwise(cuts)}


def _place_findings(plan: Any, findings: list[Any]) -> tuple[dict[str, list[Any]], list[Any]]:
    """Each finding beside the first clause citing one of its articles, else one switched on by its field."""
    placed: dict[str, list[Any]] = {}
    loose = []
    clauses = [clause for section in plan.sections for clause in section.clauses]
    for finding in findings:
        root = finding.path.split(".")[0].split("[")[0]
        target = next((c.id for c in clauses if set(c.articles) & set(finding.articles)), None) or next(
            (c.id for c in clauses for r in c.reasons for f in r.fields if f.split(".")[0] == root), None)
        if target is None:
            loose.append(finding)
        else:
            placed.setdefault(target, []).append(finding)
    return placed, loose


def _finding(issue: Issue, severity: str) -> str:
    return f"<div class='kzp-finding kzp-{_e(severity)}'><pre>{_e(issue.format())}</pre></div>"


def _asset(name: str) -> bytes:
    from importlib import resources

    return resources.files("kzpolicy_gen").joinpath("assets").joinpath(name.strip("/")).read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    csp = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        try:
            if path == "/favicon.ico":
                self._send(204, "image/x-icon", b"")
            elif path == "/":
                doc = parse_qs(parts.query).get("doc", [None])[0]
                self._send(200, "text/html; charset=utf-8", self.preview.page(doc).encode("utf-8"))
            elif path in ASSETS:
                self._send(200, ASSETS[path], _asset(path))
            elif path == "/state":
                state = self.preview.state
                body = {"version": state.version, "ok": state.profile is not None, "seconds": state.seconds,
                        "issues": [issue.format() for issue in state.issues]}
                self._send(200, "application/json", json.dumps(body).encode("utf-8"))
            elif path == "/events":
                self._events(int(parse_qs(parts.query).get("v", ["0"])[0] or 0))
            elif path.startswith("/out/"):
                self._file(self.preview.output_file(path[5:]), path)
            elif path.startswith("/pdf/") and path.count("/") == 3:
                _, _, lang, name = path.split("/")
                self._file(self.preview.pdf(lang, name.removesuffix(".pdf")), path)
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found")
        except KzPolicyError as exc:
            text = "\n".join(issue.format() for issue in exc.issues)
            self._send(500, "text/plain; charset=utf-8", text.encode("utf-8"))
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _file(self, data: bytes | None, path: str) -> None:
        if data is None:
            self._send(404, "text/plain; charset=utf-8", b"not found")
            return
        kind = {".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8",
                ".pdf": "application/pdf", ".css": "text/css", ".json": "application/json"}
        self._send(200, kind.get(Path(path).suffix, "application/octet-stream"), data)

    def _events(self, version: int) -> None:
        """Server-sent events: the build's version whenever it changes (a comment every 15 s keeps it open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        while not self.preview.closed:
            current = self.preview.wait(version, 15.0)
            message = f"data: {current}\n\n" if current != version else ": still here\n\n"
            self.wfile.write(message.encode("ascii"))
            self.wfile.flush()
            version = current

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PreviewServer:
    """The HTTP server (127.0.0.1 only) and the file watcher, each in its own thread."""

    def __init__(self, preview: Preview, port: int = 0, on_rebuild: Callable[[float], None] | None = None) -> None:
        handler = type("Handler", (_Handler,), {"preview": preview})
        self.preview = preview
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.stop = threading.Event()
        self.on_rebuild = on_rebuild
        self.threads = [threading.Thread(target=self.httpd.serve_forever, daemon=True),
                        threading.Thread(target=self._watch, daemon=True)]

    def start(self) -> PreviewServer:
        for thread in self.threads:
            thread.start()
        return self

    def _watch(self) -> None:
        from watchfiles import watch

        while not self.stop.is_set():
            sources = self.preview.sources()
            folders = sorted({str(path.parent) for path in sources})
            names = {str(path) for path in sources}

            def wanted(_change: Any, path: str, names: set[str] = names) -> bool:
                return str(Path(path).resolve()) in names

            for changes in watch(*folders, debounce=400, step=10, stop_event=self.stop, rust_timeout=500,
                                 watch_filter=wanted):
                if changes:
                    seconds = self.preview.rebuild()
                    if self.on_rebuild is not None:
                        self.on_rebuild(seconds)
                    if {str(p) for p in self.preview.sources()} != names:
                        break  # the extends chain changed: watch its files instead

    def shutdown(self) -> None:
        self.stop.set()
        self.preview.closed = True
        self.httpd.shutdown()
        self.httpd.server_close()
        with self.preview.changed:
            self.preview.changed.notify_all()


def serve(profile: Path | str, *, port: int = 0, ui_lang: str = "en", languages: tuple[str, ...] | None = None,
          on_rebuild: Callable[[float], None] | None = None) -> PreviewServer:
    """Start a preview of `profile` on 127.0.0.1 (port 0: any free port); `shutdown()` stops it.

    `languages` narrows the columns (default: every language of `document.languages`)."""
    return PreviewServer(Preview(Path(profile), ui_lang, languages), port, on_rebuild).start()


__all__ = ["Preview", "PreviewServer", "serve"]
