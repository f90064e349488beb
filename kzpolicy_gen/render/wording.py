"""Document plan + language view → Markdown, through one Jinja macro per clause.

Why macros: the tree decides which clauses appear and in what order; a language file only
supplies the words for each node id. The environment is always sandboxed and strict, and every
`{{ value }}` is Markdown-escaped by `finalize`, so a template author cannot forget to escape.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markdown as _markdown
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen import grammar
from kzpolicy_gen.errors import Issue, ProfileError, TemplateError
from kzpolicy_gen.memory import resident_bytes
from kzpolicy_gen.overrides import MAX_TEMPLATE_BYTES, check_override_folder
from kzpolicy_gen.packaged import builtin_templates
from kzpolicy_gen.plan.planner import DocumentPlan
from kzpolicy_gen.render import text as fmt


class SafeLoader(jinja2.BaseLoader):
    """Loads templates from ordered roots; refuses symlinks, escapes from a root, huge or non-UTF-8 files."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [root.resolve() for root in roots]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = template.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise jinja2.TemplateNotFound(template)
        for root in self.roots:
            candidate = root.joinpath(*parts)
            if not candidate.exists() and not candidate.is_symlink():
                continue
            if candidate.is_symlink() or not candidate.resolve().is_relative_to(root):
                raise TemplateError([Issue("tpl-symlink", "the template is a symbolic link or leaves its folder",
                                           str(candidate), hint="copy the file instead of linking it")])
            raw = candidate.read_bytes()
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise TemplateError([Issue("tpl-too-large", "the template is larger than 256 KiB", str(candidate))])
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateError([Issue("tpl-encoding", "the template is not UTF-8 text", str(candidate),
                                           hint="save it as UTF-8")]) from None
            return source, str(candidate), lambda: True
        raise jinja2.TemplateNotFound(template)


class WordingEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict, Markdown-escaping Jinja environment for document wording."""

    intercepted_binops = frozenset({"*", "**"})
    #: Wall-clock seconds one document may take to render (override templates can loop).
    time_limit = 10.0
    #: Characters one clause may produce: above what the profile limits allow (20,000 YAML values of at most
    #: 300 characters each), so only a runaway override template reaches it.
    max_output = 8_000_000
    #: Bytes of memory one document's rendering may add to the process: far above what the largest valid
    #: profile needs (at most 15 MiB per document measured at the profile limits), far below a 2 GiB CI runner.
    max_memory = 256 << 20

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(loader=SafeLoader(roots), undefined=jinja2.StrictUndefined, autoescape=False,
                         finalize=fmt.md_escape, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.filters.pop("safe", None)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        result_size = _estimated_size(operator, left, right)
        if result_size > 1_000_000:
            raise SecurityError("result too large")
        return super().call_binop(context, operator, left, right)


def _estimated_size(operator: str, left: Any, right: Any) -> int:
    if operator == "**" and isinstance(left, int) and isinstance(right, int):
        return abs(right) * max(1, abs(left).bit_length()) // 8
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                return len(seq) * count
    return 0


@cache
def default_environment() -> WordingEnvironment:
    return WordingEnvironment([builtin_templates()])


def environment(override: Path | None = None) -> WordingEnvironment:
    """The built-in environment, or one that looks in `override` first."""
    if override is None:
        return default_environment()
    check_override_folder(override)
    return WordingEnvironment([override, builtin_templates()])


def macro_name(node_id: str) -> str:
    """Macro of a clause: `operator.identity` → `operator__identity`."""
    return node_id.replace(".", "__").replace("-", "_")


def section_macro(section_id: str) -> str:
    """Macro of a section heading: `operator` → `section__operator` (never shadows a value name)."""
    return "section__" + macro_name(section_id)


def anchor(node_id: str) -> str:
    """The HTML id of a section, the same in every language."""
    return "kzp-" + re.sub(r"[^a-z0-9]+", "-", node_id.lower()).strip("-")


@dataclass(frozen=True)
class RenderedText:
    """One document in one language: its Markdown and its headings."""

    doc_id: str
    lang: str
    title: str
    markdown: str
    headings: tuple[tuple[str, str, str], ...]  # (section id, number, title)
    node_ids: tuple[str, ...]
    pack: bool = False  # an internal act of the compliance pack (layout.py: DIR/pack/<lang>/)


def _helpers(plan: DocumentPlan, lang: str, documents: list[str], unbuilt: list[str] | None = None,
             elsewhere: dict[str, str] | None = None) -> dict[str, Any]:
    numbers = plan.numbers()
    law = cat.lawpack()

    def ref(node_id: str) -> Markup:
        if node_id not in numbers:
            raise jinja2.UndefinedError(f"cross-reference to '{node_id}', which is not in this document")
        return Markup(numbers[node_id])

    def has(node_id: str) -> bool:
        return node_id in numbers

    def days(key: str, case: str = "gen") -> Markup:
        number = int(law["deadlines"][key]["days"])
        return Markup(fmt.md_escape(fmt.working_days(lang, number, case)))

    def join(items: list[Any], case: str = "nom", conj: str = "and") -> Markup:
        """A list in the language's pattern, each item in `case` (grammar by construction)."""
        words = [grammar.inflect(lang, str(item), case) for item in items]
        return Markup(grammar.join(lang, [fmt.md_escape(word) for word in words], conj=conj))

    def inflect(value: Any, case: str) -> Markup:
        """One value in the case its slot needs (Russian case, Kazakh suffix); English is unchanged."""
        return Markup(fmt.md_escape(grammar.inflect(lang, str(value), case)))

    def cased(case: str) -> Callable[[Any], Markup]:
        return lambda value: inflect(value, case)

    def phrase(lead: str, items: list[Any], case: str, fallback: str) -> Markup:
        """"в Германию и Китай" when every item has the form `case` needs; else the sentence is built with
        the items in a nominative list: "в следующие государства: …" (`fallback` is that lead)."""
        values = [str(item) for item in items]
        if all(grammar.derivable(lang, value, case) for value in values):
            body = join(values, case)
            return Markup(f"{grammar.preposition(lang, lead, str(body))} {body}" if lead else str(body))
        return Markup(f"{fallback} {join(values)}")

    def the(value: Any) -> Markup:
        """English running text: a place name with its article ("the United States of America")."""
        return Markup(fmt.md_escape(grammar.the(lang, str(value))))

    def choose(items: Any, one: str, many: str) -> str:
        """Singular wording before one item, plural before several."""
        return grammar.choose(items if isinstance(items, int) else list(items), one, many)

    def by_gender(person: dict[str, Any] | None, masculine: str, feminine: str) -> str:
        """The word that agrees with a person: an explicit gender, the name, else the position noun."""
        if not person:
            return masculine
        found = grammar.gender(lang, person.get("name"), person.get("position"), person.get("gender"))
        return feminine if found == "f" else masculine

    def bullets(items: list[Any]) -> Markup:
        return Markup("\n".join("- " + fmt.md_escape(item) for item in items))

    def q(value: Any) -> Markup:
        return Markup(fmt.quote(lang, fmt.md_escape(value)))

    def paragraphs(value: str) -> Markup:
        return fmt.md_paragraphs(value)

    def link(url: str) -> Markup:
        """A profile URL shown as text (values never become links in the document)."""
        return Markup(fmt.md_escape(url))

    def doc_link(doc_id: str, text: str) -> Markup:
        """A link to another document of the same build (same language folder); text if it is not built."""
        if doc_id in (unbuilt or ()):
            return Markup(fmt.md_escape(text))
        if doc_id not in documents:
            raise jinja2.UndefinedError(f"link to the document '{doc_id}', which this profile does not get")
        if doc_id in (elsewhere or {}):  # not built in this language (document.document_languages)
            return Markup(f"[{fmt.md_escape(text)}](../{(elsewhere or {})[doc_id]}/{doc_id}.html)")
        return Markup(f"[{fmt.md_escape(text)}]({doc_id}.html)")

    def blank(width: int = 30) -> Markup:
        """A line to fill in by hand."""
        return Markup("\\_" * max(5, min(width, 60)))

    def lines(count: int = 3) -> Markup:
        """Several full lines to write on by hand (explanations on a paper form), each on its own line."""
        return Markup("  \n".join([blank(60)] * max(1, count)))

    def knows_gender(person: dict[str, Any] | None) -> bool:
        """Whether a named person's gender is known (explicitly or from the name) for agreement."""
        if not person or person.get("gender"):
            return True
        return lang != "ru" or not person.get("name") or grammar.person_known_gender(str(person["name"]))

    def named(person: dict[str, Any]) -> Markup:
        """A person by name and position in the order the language needs: "Айгерим Серикбаева, юрист" (ru, en),
        "заңгер Әйгерім Серікбаева" (kk: the position first); a Russian name whose gender cannot be told
        follows its position, so the verb agrees with the position noun; "the" before a bare English position."""
        name = fmt.md_escape(person["name"]) if person.get("name") else ""
        position = fmt.md_escape(person["position"]) if person.get("position") else ""
        if name and position:
            first_position = lang == "kk" or not knows_gender(person)
            return Markup(f"{position} {name}" if first_position else f"{name}, {position}")
        if position:
            return Markup(f"the {position}" if lang == "en" else position)
        if lang == "ru" and not knows_gender(person):
            return Markup(f"работник {name}")
        return Markup(name)

    return {"ref": ref, "has": has, "blank": blank, "lines": lines, "doc_link": doc_link, "days": days, "join": join,
            "bullets": bullets, "q": q, "paragraphs": paragraphs, "link": link, "inflect": inflect,
            "gen": cased("gen"), "dat": cased("dat"), "acc": cased("acc"), "ins": cased("ins"), "loc": cased("loc"),
            "abl": cased("abl"), "phrase": phrase, "the": the, "choose": choose, "by_gender": by_gender,
            "knows_gender": knows_gender, "named": named}


def render_markdown(plan: DocumentPlan, view: dict[str, Any], env: WordingEnvironment) -> RenderedText:
    """Render one document plan in the view's language, within the environment's time and memory limits."""
    with _limits(env.time_limit, env.max_memory, f"{view['lang']}/{plan.template}.md.j2"):
        text = _render_markdown(plan, view, env)
    _check_outline(text, plan, env)
    return text


#: Seconds between two checks of the limits while a document renders.
TICK = 0.02


@contextmanager
def _limits(seconds: float, max_memory: int, name: str) -> Iterator[None]:
    """Stop a runaway template by time and by memory, checked every `TICK` while it runs (SIGALRM; only
    possible in the main thread of a POSIX process). The memory check matters as much as the clock: a loop
    that appends output reaches gigabytes long before a time limit fires."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    started, base = time.monotonic(), resident_bytes()

    def tick(signum: int, frame: Any) -> None:
        if time.monotonic() - started >= seconds:
            raise TemplateError([Issue("tpl-limit", f"rendering took longer than {seconds:g} s", name,
                                       hint="look for loops in the override template")])
        now = resident_bytes()
        if base is not None and now is not None and now - base > max_memory:
            raise TemplateError([Issue("tpl-limit", f"rendering needed more than {max_memory >> 20} MiB of "
                                       "memory", name, hint="look for loops in the override template")])

    previous = signal.signal(signal.SIGALRM, tick)
    signal.setitimer(signal.ITIMER_REAL, TICK, TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_outline(text: RenderedText, plan: DocumentPlan, env: WordingEnvironment) -> None:
    """Wording cannot add headings (ATX, setext, any syntax the parser knows) or clause numbers.

    When the document came from the built-in wording only, a changed outline can only come from a profile
    value that escaping missed: that is reported as such, never blamed on the built-in template."""
    headings = re.findall(r"<h[1-6][ >]", _markdown.markdown(text.markdown, extensions=["tables", "sane_lists"]))
    expected = 1 + len(plan.sections)
    numbers = re.findall(r"^\*\*([0-9]+\.[0-9]+)\.\*\* ", text.markdown, flags=re.MULTILINE)
    planned = [cl.number for sec in plan.sections for cl in sec.clauses]
    if len(headings) == expected and numbers == planned:
        return
    name = f"{text.lang}/{plan.template}.md.j2"
    if not _overridden(env):
        raise ProfileError([Issue("value-structure", "a profile value came out as a heading or a clause number "
                                  f"in {text.lang}/{plan.id}", hint="this is a bug of kzpolicy-gen's escaping; "
                                  "please report it with the value (a line of only symbols, such as --)")])
    raise TemplateError([Issue("tpl-structure", "the wording changed the document's structure (extra "
                               "headings or clause numbers)", name,
                               hint="wording may change words only; structure comes from the clause tree")])


def _overridden(env: WordingEnvironment) -> bool:
    """True when an override folder is in use (the built-in wording is always the last root)."""
    return isinstance(env.loader, SafeLoader) and len(env.loader.roots) > 1


def _render_markdown(plan: DocumentPlan, view: dict[str, Any], env: WordingEnvironment) -> RenderedText:
    lang = str(view["lang"])
    name = f"{lang}/{plan.template}.md.j2"
    if plan.item is not None:  # a per-item document reads its item's plain values as `item`
        view = {**view, "item": view[_each_key(plan)][plan.item]}
    this = {"this": view.get("custom_consents", {}).get(plan.id)}  # the custom consent this document is, if one
    module = _module(env, name, {**view, **this, **_helpers(plan, lang, list(view.get("documents", [plan.id])),
                                                            list(view.get("unbuilt", [])),
                                                            dict(view.get("elsewhere", {})))})
    title = _call(module, "title", name).strip()
    out = []
    for clause in plan.head:  # unnumbered blocks above the title (the approval stamp)
        out += [_call(module, macro_name(clause.id), name).strip(), ""]
    out += [f"# {title}", ""]
    if not plan.pack:  # an internal act carries its own number and date, not the published set's version line
        out += [meta_line(view), ""]
    headings = []
    for section in plan.sections:
        heading = " ".join(_call(module, section_macro(section.id), name).split())
        headings.append((section.id, section.number, heading))
        out += [f"## {section.number}. {heading}", ""]
        for clause in section.clauses:
            body = _call(module, macro_name(clause.id), name).strip()
            if not body:
                raise TemplateError([Issue("tpl-empty-clause", f"clause '{clause.id}' rendered no text", name)])
            out += [f"**{clause.number}.** {body}", ""]
    markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
    return RenderedText(plan.id, lang, title, markdown, tuple(headings), tuple(plan.node_ids()), plan.pack)


def _each_key(plan: DocumentPlan) -> str:
    from kzpolicy_gen.plan.structure import DOCUMENTS

    spec = next(spec for spec in DOCUMENTS if spec.id == plan.template)
    assert spec.each is not None
    return spec.each.view_key


def meta_line(view: dict[str, Any]) -> str:
    """"Редакция 1.0, действует с 1 декабря 2026 г." from interface strings (no profile markup)."""
    ui = cat.ui()
    lang = str(view["lang"])
    doc = view["document"]
    return fmt.md_escape(f"{ui['version'][lang]} {doc['version']}, {ui['effective'][lang]} {doc['effective_date']}")


def _module(env: WordingEnvironment, name: str, values: dict[str, Any]) -> Any:
    try:
        return env.get_template(name).make_module(vars=values)
    except jinja2.TemplateNotFound as exc:
        if exc.name != name:  # an include or import at the top level: the line is in the rewritten traceback
            raise _runtime_error(rewrite_traceback_stack(source=None), name) from None
        raise TemplateError([Issue("tpl-missing", f"no wording file {name}", name)]) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([Issue("tpl-syntax", exc.message or "template syntax error", exc.filename or name,
                                   exc.lineno or 0, 1)]) from None
    except _TEMPLATE_FAULTS:
        rewritten = rewrite_traceback_stack(source=None)
        raise _runtime_error(rewritten, name) from None


def _call(module: Any, macro: str, name: str) -> str:
    func = getattr(module, macro, None)
    if func is None:
        raise TemplateError([Issue("tpl-missing-clause", f"the wording has no macro '{macro}'", name,
                                   hint=f"add {{% macro {macro}() %}}...{{% endmacro %}}")])
    try:
        text = str(func())
        if len(text) > WordingEnvironment.max_output:
            raise TemplateError([Issue("tpl-limit", f"macro '{macro}' produced more than "
                                       f"{WordingEnvironment.max_output} characters", name)])
        return text
    except jinja2.TemplateSyntaxError as exc:  # in an included template
        raise TemplateError([Issue("tpl-syntax", exc.message or "template syntax error", exc.filename or name,
                                   exc.lineno or 0, 1)]) from None
    except _TEMPLATE_FAULTS:
        rewritten = rewrite_traceback_stack(source=None)
        raise _runtime_error(rewritten, name) from None


#: What template code can raise at run time; each becomes a located `TemplateError`, never a crash.
_TEMPLATE_FAULTS = (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError,
                    AttributeError)


def _runtime_error(exc: BaseException, name: str) -> TemplateError:
    line = _template_line(exc, name)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError([Issue("tpl-include", f"the template includes '{str(exc.name)[:100]}', which is not "
                                    "in the template folders", name, line, 1 if line else 0,
                                    hint="include only files inside the --templates folder, by relative name")])
    code = "tpl-error"
    if isinstance(exc, SecurityError):
        code = "tpl-limit" if "too large" in str(exc) else "tpl-unsafe"
    elif isinstance(exc, (OverflowError, RecursionError)):
        code = "tpl-limit"
    elif isinstance(exc, jinja2.UndefinedError):
        code = "tpl-undefined"
    message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    return TemplateError([Issue(code, message[:300], name, line, 1 if line else 0)])


def _template_line(exc: BaseException, name: str) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
