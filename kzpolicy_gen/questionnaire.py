"""`kzpolicy-gen init`: the questions the law needs answered, turned into a commented profile that validates.

Why one list of questions for both faces: the interactive questionnaire (questionary, in the user's
language) and the non-interactive `--answers answers.yaml` fill the same answers mapping, and one
function turns answers into the profile. So a scripted test of the file path also tests what a person
at the terminal gets, and the terminal test only has to prove the prompts work.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.errors import Issue, KzPolicyError, ProfileError, UsageError, safe_text
from kzpolicy_gen.languages import LANGUAGES
from kzpolicy_gen.messages import t

ENTITY_FORMS = tuple(k for k in cat.keys("legal_forms") if cat.entry("legal_forms", k)["entity"])
_PERIOD = re.compile(r"^\s*(?:(?P<n>[0-9]{1,4})\s*(?P<unit>[ymd])[a-z]*|(?P<until>until.*))\s*$", re.IGNORECASE)
_UNITS = {"y": "years", "m": "months", "d": "days"}
#: Purposes a form on a website usually serves (used to suggest where detected form data belong).
_FORM_PURPOSES = ("feedback", "order_fulfilment", "customer_support", "account", "recruitment")


@dataclasses.dataclass(frozen=True)
class Question:
    """One answer the profile needs: its key in answers.yaml, its kind, and the profile path it fills."""

    key: str
    kind: str  # text, texts (one per document language), choice, choices, yes_no, bin, iin, email, phone, url, date
    target: tuple[str, ...]
    section: str = ""
    choices: str = ""  # catalogue section offered as choices
    required: bool = True
    when: Callable[[dict[str, Any]], bool] = lambda answers: True


def _entity(answers: dict[str, Any]) -> bool:
    return answers.get("legal_form") in ENTITY_FORMS


QUESTIONS: tuple[Question, ...] = (
    Question("languages", "choices", ("document", "languages"), "document"),
    Question("legal_form", "choice", ("operator", "legal_form"), "operator", "legal_forms"),
    Question("name", "texts", ("operator", "name"), "operator"),
    Question("brand", "text", ("operator", "brand"), "operator", required=False),
    Question("bin", "bin", ("operator", "bin"), "operator", when=_entity),
    Question("iin", "iin", ("operator", "iin"), "operator", when=lambda a: not _entity(a)),
    Question("address", "texts", ("operator", "registered_address"), "operator"),
    Question("email", "email", ("operator", "email"), "operator"),
    Question("phone", "phone", ("operator", "phone"), "operator"),
    Question("website", "url", ("operator", "websites"), "operator", required=False),
    Question("responsible_position", "texts", ("responsible_person", "position"), "responsible_person",
             when=_entity),
    Question("responsible_email", "email", ("responsible_person", "email"), "responsible_person", when=_entity),
    Question("subjects", "choices", ("subjects",), "subjects", "subjects"),
    Question("data_categories", "choices", ("data_categories",), "data_categories", "data_categories"),
    Question("sources", "choices", ("sources",), "sources", "source_kinds"),
    Question("purposes", "purposes", ("purposes",), "purposes", "purposes"),
    Question("services", "choices", ("third_parties",), "third_parties", "services", required=False),
    Question("storage_location", "texts", ("storage", "location"), "storage", required=False),
    Question("consent_years", "number", ("consent", "term"), "consent"),
    Question("consent_channels", "choices", ("consent", "channels"), "consent", "consent_channels"),
    Question("cookies", "choices", ("cookies",), "cookies", "cookie_categories", required=False,
             when=lambda a: bool(a.get("website"))),
    Question("cookie_functions", "choices", ("cookies", "functions"), "cookies", "cookie_functions",
             when=lambda a: bool(a.get("website"))),
    Question("marketing_channels", "choices", ("marketing",), "marketing", "marketing_channels",
             when=lambda a: any(_purpose_key(p) == "marketing" for p in a.get("purposes") or [])),
    Question("minors", "yes_no", ("minors",), "minors"),
    Question("security_measures", "choices", ("security_measures",), "security_measures", "security_measures"),
    Question("request_channels", "choices", ("requests", "channels"), "requests", "request_channels"),
    Question("effective_date", "date", ("document", "effective_date"), "document"),
)
BY_KEY = {q.key: q for q in QUESTIONS}
#: Keys answers.yaml may hold besides the questions'.
EXTRA_KEYS = ("ui_lang", "output_name", "responsible_name", "recipients", "from_site")
SECTIONS = ("document", "operator", "responsible_person", "subjects", "data_categories", "sources", "purposes",
            "third_parties", "storage", "consent", "cookies", "marketing", "minors", "requests")


def _purpose_key(item: Any) -> str:
    return str(item.get("purpose", "")) if isinstance(item, dict) else str(item)


# --- checking single answers (also used while the user types) ------------------------------------------

def check_value(kind: str, value: str, lang: str) -> str | None:
    """None when `value` is acceptable for `kind`, else the reason in `lang`."""
    from pydantic import TypeAdapter, ValidationError

    from kzpolicy_gen.models import fields

    types: dict[str, Any] = {"bin": fields.Bin, "iin": fields.Iin, "email": fields.Email, "phone": fields.Phone,
                             "url": fields.Url, "date": fields.IsoDate}
    if kind == "number":
        return None if re.fullmatch(r"[1-9][0-9]{0,2}", value.strip()) else t("init.bad.number", lang)
    if kind == "period":
        return None if _PERIOD.match(value) else t("init.bad.period", lang)
    if kind not in types:
        return None if value.strip() else t("init.bad.empty", lang)
    try:
        TypeAdapter(types[kind]).validate_python(value.strip())
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        code = str(error["type"]).replace("-", "_")
        key = f"init.bad.{code}"
        return t(key, lang) if key in _message_keys() else str(error["msg"])
    return None


def _message_keys() -> set[str]:
    from kzpolicy_gen.messages import catalogue

    return set(catalogue())


def parse_period(value: Any) -> dict[str, Any]:
    """'3y', '14 months', '30d', 'until' or a mapping → a profile period."""
    if isinstance(value, dict):
        return value
    match = _PERIOD.match(str(value))
    if not match:
        raise ValueError(str(value))
    if match["until"]:
        return {"until_purpose_achieved": True}
    return {_UNITS[match["unit"].lower()]: int(match["n"])}


# --- answers → profile --------------------------------------------------------------------------------

def _texts(value: Any, langs: Sequence[str]) -> dict[str, str]:
    if isinstance(value, dict):
        return {lang: str(value[lang]) for lang in LANGUAGES if lang in value and lang in langs}
    return {lang: str(value) for lang in langs}


def profile_data(answers: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The profile mapping the answers describe; sections a base profile already gives are left out."""
    base = base or {}
    langs = list(answers.get("languages") or base.get("document", {}).get("languages") or LANGUAGES)
    has = _present(base)
    view = with_base(answers, base)
    out: dict[str, Any] = {"schema_version": 1}
    if answers.get("output_name"):
        out["output_name"] = answers["output_name"]
    document: dict[str, Any] = {}
    if not has(("document", "version")):
        document["version"] = "1.0"
    if not has(("document", "effective_date")):
        document["effective_date"] = str(answers.get("effective_date") or date.today().isoformat())
    if not has(("document", "languages")):
        document["languages"] = langs
    if document:
        out["document"] = document
    operator: dict[str, Any] = {}
    for key, field in (("name", "name"), ("address", "registered_address")):
        if key in answers:
            operator[field] = _texts(answers[key], langs)
    for key in ("brand", "legal_form", "bin", "iin", "email", "phone"):
        if answers.get(key):
            operator[key] = str(answers[key])
    if answers.get("legal_form") in ENTITY_FORMS:
        operator.pop("iin", None)
    elif answers.get("legal_form"):
        operator.pop("bin", None)
    if answers.get("website"):
        sites = answers["website"]
        operator["websites"] = [str(s) for s in (sites if isinstance(sites, list) else [sites])]
    if operator:
        out["operator"] = _order(operator, ("name", "brand", "legal_form", "bin", "iin", "registered_address",
                                            "email", "phone", "websites"))
    person: dict[str, Any] = {}
    if answers.get("responsible_name"):
        person["name"] = _texts(answers["responsible_name"], langs)
    if answers.get("responsible_position"):
        person["position"] = _texts(answers["responsible_position"], langs)
    if answers.get("responsible_email"):
        person["email"] = str(answers["responsible_email"])
    if person and (view.get("legal_form") in ENTITY_FORMS or "name" in person):
        out["responsible_person"] = person
    for key in ("subjects", "data_categories"):
        if answers.get(key):
            out[key] = list(answers[key])
    if answers.get("sources"):
        out["sources"] = _sources(answers["sources"], langs)
    third = _third_parties(answers)
    if answers.get("purposes"):
        out["purposes"] = [_purpose(item, third, langs) for item in answers["purposes"]]
    if third:
        out["third_parties"] = third
    if answers.get("storage_location") or not has(("storage",)):
        storage: dict[str, Any] = {"primary_country": "KZ"}
        if answers.get("storage_location"):
            storage["location"] = _texts(answers["storage_location"], langs)
        out["storage"] = storage
    consent: dict[str, Any] = {}
    if answers.get("consent_years"):
        consent["term"] = {"years": int(answers["consent_years"])}
    if answers.get("consent_channels"):
        consent["channels"] = list(answers["consent_channels"])
    if consent:
        out["consent"] = consent
    cookies = _cookies(view) if not has(("cookies",)) or answers.get("cookies") else []
    if cookies:
        out["cookies"] = {"categories": cookies, "banner": True}
        if answers.get("cookie_functions"):
            out["cookies"]["functions"] = list(answers["cookie_functions"])
    if answers.get("marketing_channels"):
        out["marketing"] = {"channels": list(answers["marketing_channels"])}
    if "minors" in answers:
        out["minors"] = {"served": bool(answers["minors"])}
    if answers.get("security_measures"):
        out["security_measures"] = list(answers["security_measures"])
    if answers.get("request_channels") or answers.get("email"):
        requests: dict[str, Any] = {"channels": list(answers.get("request_channels") or ["email", "post"])}
        if answers.get("email"):
            requests["email"] = str(answers["email"])
        out["requests"] = requests
    return out


def _sources(value: Any, langs: Sequence[str]) -> list[dict[str, Any]]:
    """Source kinds (keys or {kind, description}); a text alone is a source of kind "other" in those words."""
    if isinstance(value, (str, dict)) and not (isinstance(value, dict) and "kind" in value):
        return [{"kind": "other", "description": _texts(value, langs)}]
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            entry: dict[str, Any] = {"kind": str(item["kind"])}
            if item.get("description"):
                entry["description"] = _texts(item["description"], langs)
            out.append(entry)
        else:
            out.append({"kind": str(item)})
    return out


def _present(base: dict[str, Any]) -> Callable[[tuple[str, ...]], bool]:
    def has(path: tuple[str, ...]) -> bool:
        node: Any = base
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True
    return has


def _order(mapping: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {key: mapping[key] for key in keys if key in mapping}


def _third_parties(answers: dict[str, Any]) -> list[dict[str, Any]]:
    from kzpolicy_gen.detect import suggested_purpose

    declared = [_purpose_key(p) for p in answers.get("purposes") or []]
    out: list[dict[str, Any]] = []
    for item in answers.get("services") or []:
        if isinstance(item, dict):
            out.append({"service": str(item["service"]), "purposes": list(item.get("purposes") or [])})
            continue
        suggested = suggested_purpose(str(item)) if str(item) in _signature_keys() else None
        out.append({"service": str(item), "purposes": [suggested] if suggested in declared else []})
    for item in answers.get("recipients") or []:
        out.append(dict(item))
    return [{k: v for k, v in entry.items() if v != []} for entry in out]


def _signature_keys() -> set[str]:
    from kzpolicy_gen.detect import signatures

    return set(signatures()["services"])


def _purpose(item: Any, third: list[dict[str, Any]], langs: Sequence[str]) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError(f"purpose {item}: give data and retention")
    key = str(item["purpose"])
    out: dict[str, Any] = {"purpose": key, "data": list(item["data"])}
    out["basis"] = str(item.get("basis", "consent"))
    if item.get("law"):
        out["law"] = _texts(item["law"], langs)
    actions = ["collection", "accumulation", "storage", "use"]
    receivers = [tp for tp in third if key in tp.get("purposes", [])]
    if receivers:
        actions.append("transfer")
    if any(_country(tp) != "KZ" for tp in receivers):
        actions.append("cross_border_transfer")
    out["actions"] = [*actions, "destruction"]
    out["retention"] = parse_period(item["retention"])
    if item.get("optional"):
        out["optional"] = True
    return out


def _country(third_party: dict[str, Any]) -> str:
    if third_party.get("country"):
        return str(third_party["country"])
    if third_party.get("service") in cat.keys("services"):
        return str(cat.entry("services", third_party["service"])["country"])
    return "KZ"


def _cookies(answers: dict[str, Any]) -> list[str]:
    if not answers.get("website") and not answers.get("cookies"):
        return []
    chosen = list(answers.get("cookies") or ["necessary"])
    for service in answers.get("services") or []:
        key = service["service"] if isinstance(service, dict) else service
        category = cat.entry("services", key).get("cookies") if key in cat.keys("services") else None
        if category and category not in chosen:
            chosen.append(category)  # a chosen service sets these cookies: a fact, not a default
    return [key for key in cat.keys("cookie_categories") if key in chosen]


# --- the file -----------------------------------------------------------------------------------------

def render_profile(data: dict[str, Any], lang: str, schema_ref: str, *, extends: str | None = None,
                   notes: Sequence[str] = ()) -> str:
    """The profile as commented YAML: the schema modeline, a header, and each section's help above it."""
    lines = [f"# yaml-language-server: $schema={schema_ref}", f"# {t('init.file_header', lang)}"]
    lines += [f"# {note}" for note in notes]
    lines.append("")
    if extends:
        lines += [f"# {t('init.h.extends', lang)}", f"extends: {extends}", ""]
    for key, value in data.items():
        help_key = f"init.section.{key}"
        if help_key in _message_keys():
            lines.append(f"# {t(help_key, lang)}")
        lines += _emit(key, value, 0)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _scalar(value: Any) -> str:
    """One value in YAML, quoted only when it must be (so "no", dates and digits stay text)."""
    text: str = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10_000)
    return text.strip()[1:-1]


def _emit(key: str | None, value: Any, indent: int) -> list[str]:
    """Block YAML a person reads easily: short lists of keys in brackets, everything else one item a line."""
    pad = " " * indent
    head = f"{pad}{key}:" if key is not None else ""
    if isinstance(value, dict) and value and not set(value) & set(LANGUAGES) and key is not None \
            and all(not isinstance(v, (dict, list)) for v in value.values()):
        flow = "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
        if len(flow) < 50:
            return [f"{head} {flow}"]
    if isinstance(value, dict):
        out = [head] if key is not None else []
        for child_key, child in value.items():
            out += _emit(child_key, child, indent + 2 if key is not None else indent)
        return out
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            flow = "[" + ", ".join(_scalar(item) for item in value) + "]"
            if len(head) + len(flow) < 110:
                return [f"{head} {flow}"]
            return [head, *[f"{pad}  - {_scalar(item)}" for item in value]]
        out = [head]
        for item in value:
            lines = _emit(None, item, indent + 4)
            first = lines[0].lstrip()
            out.append(f"{pad}  - {first}")
            out += lines[1:]
        return out
    return [f"{head} {_scalar(value)}"]


def check_answers(text: str, where: str) -> dict[str, Any]:
    """Refuse unknown keys and bad single values in answers.yaml, with their lines."""
    from kzpolicy_gen.loader import load_yaml

    loaded = load_yaml(text, where)
    data = loaded.data
    issues: list[Issue] = []
    lang = str(data.get("ui_lang") or "en")
    for key, value in data.items():
        line, col = loaded.locate((key,))
        if key not in BY_KEY and key not in EXTRA_KEYS:
            issues.append(Issue("unknown-field", t("init.unknown_answer", lang, key=safe_text(key)), where, line, col,
                                key, t("init.hint_known", lang, keys=", ".join([*BY_KEY, *EXTRA_KEYS]))))
            continue
        question = BY_KEY.get(key)
        if question and question.kind in ("bin", "iin", "email", "phone", "url", "date", "number"):
            problem = check_value(question.kind, str(value), lang)
            if problem:
                vline, vcol = loaded.locate((key,), value=True)
                issues.append(Issue("bad-answer", problem, where, vline, vcol, key))
        if question and question.choices and question.kind == "choices" and isinstance(value, list):
            for index, item in enumerate(value):
                item_key = (item.get("service") or item.get("kind")) if isinstance(item, dict) else item
                if item_key not in cat.keys(question.choices):
                    iline, icol = loaded.locate((key, index), value=True)
                    issues.append(Issue("unknown-key", t("init.unknown_choice", lang, value=safe_text(str(item_key))),
                                        where, iline, icol, f"{key}[{index}]", cat.suggest(question.choices,
                                                                                         str(item_key))))
    if issues:
        raise ProfileError(issues)
    return _typed(data)


def _typed(data: dict[str, Any]) -> dict[str, Any]:
    """Answers from the position-keeping loader are text; booleans and numbers where questions want them."""
    out = dict(data)
    for key, value in data.items():
        question = BY_KEY.get(key)
        if question and question.kind == "yes_no" and isinstance(value, str):
            out[key] = value.strip().lower() in ("true", "yes", "да", "иә")
    return out


def with_base(answers: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The answers plus what a base profile already says, under the questions' keys (for `when`)."""
    view = dict(answers)
    for question in QUESTIONS:
        node: Any = base
        for part in question.target:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None and question.key not in view:
            view[question.key] = node
    return view


def missing_answers(answers: dict[str, Any], base: dict[str, Any]) -> list[str]:
    has = _present(base)
    view = with_base(answers, base)
    return [q.key for q in QUESTIONS if q.required and q.when(view) and q.key not in answers
            and not has(q.target) and q.key not in ("languages", "effective_date", "consent_channels",
                                                    "request_channels")]


def schema_reference(out: Path, explicit: str | None) -> tuple[str, Path | None]:
    """What the modeline points at, and the schema file to write beside the profile (None: nothing to write).

    Inside a checkout of this project the committed schema is used; elsewhere a copy is saved beside the
    profile, so an editor completes fields offline and without knowing where the package is installed.
    """
    if explicit:
        return explicit, None
    folder = out.resolve().parent
    for parent in (folder, *folder.parents):
        candidate = parent / "schema" / "profile.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix(), None
    return "profile.schema.json", folder / "profile.schema.json"


def write_profile(answers: dict[str, Any], out: Path, *, lang: str, extends: Path | None = None,
                  schema_ref: str | None = None, force: bool = False, report: Any = None) -> Path:
    """Turn answers into a profile at `out`, validated before it replaces anything (the schema beside it)."""
    from kzpolicy_gen.loader import load_yaml, read_profile_text
    from kzpolicy_gen.output import replace_file
    from kzpolicy_gen.schema import schema_json
    from kzpolicy_gen.validate import load_profile, validate_text

    if out.exists() and not force:
        raise UsageError([Issue("init-exists", t("init.exists", lang, path=str(out)), str(out),
                                hint=t("init.hint_force", lang))])
    base: dict[str, Any] = {}
    reference = None
    if extends is not None:
        base = load_yaml(read_profile_text(extends), str(extends)).data
        reference = Path(os.path.relpath(extends.resolve(), out.resolve().parent)).as_posix()
    notes = []
    if report is not None:
        answers = merge_site(answers, report)
        notes = site_notes(report, answers, lang)
    missing = missing_answers(answers, base)
    if missing:
        raise UsageError([Issue("init-missing", t("init.missing", lang, keys=", ".join(missing)),
                                str(answers.get("__file__", "")), hint=t("init.hint_missing", lang))])
    ref, schema_file = schema_reference(out, schema_ref)
    text = render_profile(profile_data(answers, base), lang, ref, extends=reference, notes=notes)
    if extends is None:
        validate_text(text, str(out))
    else:
        probe = out.with_name(f".{out.stem}.init-check.yaml")
        probe.write_text(text, encoding="utf-8")
        try:
            load_profile(probe)
        except KzPolicyError as exc:
            raise ProfileError([dataclasses.replace(i, file=str(out) if i.file == str(probe) else i.file)
                                for i in exc.issues]) from None
        finally:
            probe.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    replace_file(out, text)
    if schema_file is not None:
        current = schema_json()
        if not schema_file.exists() or schema_file.read_text(encoding="utf-8") != current:
            replace_file(schema_file, current)
    return out


def merge_site(answers: dict[str, Any], report: Any) -> dict[str, Any]:
    """Add what `detect` found to the answers: its services, its form data as declared categories, and what its
    pages show the strictly necessary cookies do."""
    merged = dict(answers)
    named = [s["service"] if isinstance(s, dict) else s for s in merged.get("services") or []]
    merged["services"] = [*(merged.get("services") or []), *[k for k in report.services if k not in named]]
    categories = list(merged.get("data_categories") or [])
    merged["data_categories"] = [*categories, *[k for k in report.data if k not in categories]]
    functions = list(merged.get("cookie_functions") or [])
    if report.functions:  # what the pages show the necessary cookies do (a password field: signing in)
        merged["cookie_functions"] = [*functions, *[k for k in report.functions if k not in functions]]
    return merged


def site_notes(report: Any, answers: dict[str, Any], lang: str) -> list[str]:
    """Comment lines for the header: what came from the site and what still needs a purpose."""
    used = {key for p in answers.get("purposes") or [] if isinstance(p, dict) for key in p.get("data", [])}
    loose = [key for key in report.data if key not in used]
    notes = [t("init.from_site", lang, site=safe_text(report.site, 100), pages=len(report.pages),
               services=", ".join(report.services) or "-")]
    if loose:
        notes.append(t("init.from_site_data", lang, keys=", ".join(loose)))
    return notes


def load_answers(path: Path) -> dict[str, Any]:
    from kzpolicy_gen.loader import read_profile_text

    text = read_profile_text(path)
    answers = check_answers(text, str(path))
    answers["__file__"] = str(path)
    return answers


# --- the interactive face -----------------------------------------------------------------------------

def ask(lang: str, *, base: dict[str, Any] | None = None, report: Any = None) -> dict[str, Any]:
    """Ask every question the law needs (skipping what a base profile gives); Ctrl-C interrupts."""
    import questionary
    from prompt_toolkit.validation import ValidationError, Validator

    base = base or {}
    has = _present(base)
    answers: dict[str, Any] = {}
    found_services = list(report.services) if report is not None else []
    found_data = list(report.data) if report is not None else []

    def validator(kind: str, required: bool) -> Validator:
        class Check(Validator):
            def validate(self, document: Any) -> None:
                text = document.text
                if not text.strip() and not required:
                    return
                problem = check_value(kind, text, lang)
                if problem:
                    raise ValidationError(message=problem, cursor_position=len(text))
        return Check()

    def say(question: Question) -> None:
        questionary.print(f"  {t('init.h.' + question.key, lang)}", style="fg:ansibrightblack")

    def text(message: str, kind: str, required: bool = True, default: str = "") -> str:
        value: str = questionary.text(message, default=default, validate=validator(kind, required),
                                      validate_while_typing=True).unsafe_ask()
        return value.strip()

    def words(section: str, key: str) -> str:
        from kzpolicy_gen.schema import entry_words

        return f"{entry_words(section, key, lang)} [{key}]"

    def several(message: str, section: str, checked: Sequence[str], keys: Sequence[str] | None = None) -> list[str]:
        choices = [questionary.Choice(words(section, key), value=key, checked=key in checked)
                   for key in (keys if keys is not None else cat.keys(section))]
        picked: list[str] = questionary.checkbox(
            message, choices=choices, use_search_filter=True, use_jk_keys=False,
            instruction=t("init.checkbox_help", lang),
            validate=lambda chosen: bool(chosen) or t("init.bad.none_chosen", lang)).unsafe_ask()
        return picked

    langs: list[str] = list(LANGUAGES)
    for question in QUESTIONS:
        if has(question.target) or not question.when(with_base(answers, base)):
            continue
        say(question)
        message = t("init.q." + question.key, lang)
        if question.key == "languages":
            langs = _languages(questionary, message, lang)
            answers["languages"] = langs
        elif question.kind == "choice":
            answers[question.key] = questionary.select(
                message, choices=[questionary.Choice(words(question.choices, k), value=k)
                                  for k in cat.keys(question.choices)], use_search_filter=True,
                use_jk_keys=False).unsafe_ask()
        elif question.kind == "texts":
            if not question.required and not questionary.confirm(message, default=False).unsafe_ask():
                continue
            answers[question.key] = {code: text(f"{message} [{code}]", "text") for code in langs}
        elif question.kind == "choices" and question.key == "services":
            picked = several(message, "services", found_services) if questionary.confirm(
                t("init.q.services_any", lang), default=bool(found_services)).unsafe_ask() else []
            answers["services"] = picked
        elif question.kind == "choices":
            defaults = {"data_categories": found_data, "consent_channels": ["web_form_checkbox"],
                        "request_channels": ["email", "post"], "cookies": _cookies({**answers, "cookies": []})}
            answers[question.key] = several(message, question.choices, defaults.get(question.key, []))
        elif question.kind == "purposes":
            answers["purposes"] = _ask_purposes(questionary, several, text, answers, lang)
        elif question.kind == "yes_no":
            answers[question.key] = questionary.confirm(message, default=False).unsafe_ask()
        elif question.kind == "date":
            answers[question.key] = text(message, "date", default=date.today().isoformat())
        elif question.kind == "number":
            longest = max((parse_period(p["retention"]).get("years", 1) for p in answers.get("purposes", [])),
                          default=1)
            answers[question.key] = int(text(message, "number", default=str(longest)))
        else:
            value = text(message, question.kind, question.required)
            if value:
                answers[question.key] = value
    return answers


def _languages(questionary: Any, message: str, lang: str) -> list[str]:
    names = {"ru": "русский / орысша / Russian", "kk": "қазақша / казахский / Kazakh",
             "en": "English / английский / ағылшынша"}
    picked: list[str] = questionary.checkbox(
        message, choices=[questionary.Choice(names[code], value=code, checked=True) for code in LANGUAGES],
        validate=lambda chosen: bool(chosen) or t("init.bad.none_chosen", lang)).unsafe_ask()
    return picked


def _ask_purposes(questionary: Any, several: Any, text: Any, answers: dict[str, Any], lang: str) -> list[Any]:
    chosen = several(t("init.q.purposes", lang), "purposes", [])
    data = answers.get("data_categories") or list(cat.keys("data_categories"))
    out = []
    for key in chosen:
        from kzpolicy_gen.schema import entry_words

        name = entry_words("purposes", key, lang)
        questionary.print(f"  {t('init.h.purpose_data', lang)}", style="fg:ansibrightblack")
        item: dict[str, Any] = {"purpose": key,
                                "data": several(t("init.q.purpose_data", lang, purpose=name), "data_categories",
                                                data, keys=data)}
        questionary.print(f"  {t('init.h.basis', lang)}", style="fg:ansibrightblack")
        item["basis"] = questionary.select(
            t("init.q.basis", lang, purpose=name), default="consent",
            choices=[questionary.Choice(entry_words("bases", b, lang) + f" [{b}]", value=b)
                     for b in cat.keys("bases")]).unsafe_ask()
        if item["basis"] != "consent":
            item["law"] = {code: text(t("init.q.law", lang) + f" [{code}]", "text") for code in answers["languages"]}
        questionary.print(f"  {t('init.h.retention', lang)}", style="fg:ansibrightblack")
        item["retention"] = text(t("init.q.retention", lang, purpose=name), "period", default="3y")
        out.append(item)
    return out
