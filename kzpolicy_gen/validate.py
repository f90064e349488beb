"""Profile file → validated `Profile`, or every problem at once with its line and column.

Why a separate stage: the loader knows positions, the model knows types; this module joins them
so that each pydantic error and each cross-reference problem points at the YAML line it is about.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kzpolicy_gen.errors import Issue, ProfileError, safe_text
from kzpolicy_gen.extends import load_with_bases
from kzpolicy_gen.loader import LoadedYaml, PathKey, load_yaml, path_key
from kzpolicy_gen.models.profile import Profile, Text

_TYPE_MESSAGES = {
    "string_type": ("type", "expected text"),
    "list_type": ("type", "expected a list"),
    "model_type": ("type", "expected a mapping of fields"),
    "model_attributes_type": ("type", "expected a mapping of fields"),
    "dict_type": ("type", "expected a mapping of fields"),
    "int_type": ("int-format", "whole number expected"),
    "date_type": ("date-format", "a date is written as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("date-format", "not a valid date (YYYY-MM-DD)"),
    "date_parsing": ("date-format", "not a valid date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": ("date-format", "not a valid date (YYYY-MM-DD)"),
    "bool_type": ("bool-literal", "use true or false"),
    "string_pattern_mismatch": ("key-format",
                                "use lowercase letters, digits and underscores, starting with a letter"),
    "greater_than_equal": ("number-range", "the number is too small"),
    "less_than_equal": ("number-range", "the number is too large"),
}


def load_profile(path: Path | str, bases: Sequence[Path] = ()) -> Profile:
    """Read, parse and validate a profile file; raises `ProfileError` listing every problem.
    `bases`: folders (besides the profile's own) that `extends:` may name files in."""
    return load_profile_located(path, bases)[0]


def load_profile_located(path: Path | str, bases: Sequence[Path] = ()) -> tuple[Profile, LoadedYaml]:
    """Like `load_profile`, also returning the positions of every key (for located findings)."""
    loaded = load_with_bases(Path(path), bases)
    return validate_loaded(loaded), loaded


def validate_text(text: str, name: str = "<profile>") -> Profile:
    """Validate profile text (already decoded) into a `Profile`."""
    loaded = load_yaml(text, name)
    if "extends" in loaded.data:
        line, col = loaded.locate(("extends",))
        raise ProfileError([Issue("extends-no-file", "extends needs a profile file to resolve the base against",
                                  name, line, col, "extends", "load the profile from a file (load_profile)")])
    return validate_loaded(loaded)


def validate_loaded(loaded: LoadedYaml) -> Profile:
    """Validate loaded YAML data; all schema and cross-reference issues are reported together."""
    try:
        profile = Profile.model_validate(loaded.data)
    except ValidationError as exc:
        issues = _dedupe(list(_pydantic_issues(exc, loaded)))
        raise ProfileError(relocate(sorted(issues, key=lambda i: (i.line, i.column)), loaded)) from None
    issues = list(_cross_reference_issues(profile, loaded)) + list(_language_issues(profile, loaded))
    if issues:
        raise ProfileError(relocate(sorted(_dedupe(issues), key=lambda i: (i.line, i.column)), loaded))
    return profile


def relocate(issues: list[Issue], loaded: LoadedYaml) -> list[Issue]:
    """Point issues about inherited values at the base profile they came from (`extends:`)."""
    if not loaded.origins:
        return issues
    return [dataclasses.replace(issue, file=_origin(issue, loaded)) for issue in issues]


def _origin(issue: Issue, loaded: LoadedYaml) -> str:
    try:
        return loaded.file_at(path_key(issue.path)) if issue.path else issue.file
    except ValueError:  # a field name with brackets or dots in it: keep the child file
        return issue.file


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, int]] = set()
    out = []
    for issue in issues:
        key = (issue.code, issue.path, issue.line)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


def _real_path(loc: tuple[int | str, ...], data: Any) -> tuple[PathKey, Any]:
    """Drop pydantic's internal loc parts (union tags, validator names) by walking the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_internal(part):
            path.append(part)
            node = None
    return tuple(path), node


def _is_internal(part: str) -> bool:
    return part in {"key", "custom", "str"} or "[" in part or part[:1].isupper()


def _dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text


def _pydantic_issues(exc: ValidationError, loaded: LoadedYaml) -> Iterator[Issue]:
    for err in exc.errors(include_url=False, include_context=True, include_input=False):
        path, node = _real_path(tuple(err["loc"]), loaded.data)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        hint = str(ctx.get("hint", ""))
        at_key = kind in ("extra_forbidden", "missing")
        line, col = loaded.locate(path, value=not at_key)
        if kind == "extra_forbidden":
            yield _unknown_field(path, loaded, line, col)
            continue
        if kind == "missing":
            parent = path[:-1]
            line, col = loaded.locate(parent) if parent else (1, 1)
            yield Issue("missing-field", f"the required field '{path[-1]}' is missing", loaded.file, line, col,
                        _dotted(path), hint or _shape_hint(path))
            continue
        if kind in ("too_long", "too_short", "string_too_long", "string_too_short"):
            code, message = _length_message(err, kind.removeprefix("string_"), node)
        elif kind in _TYPE_MESSAGES:
            code, message = _TYPE_MESSAGES[kind]
            if kind == "bool_type":
                hint = hint or "YAML words like yes/no/on/off are not booleans here"
        elif kind == "literal_error":
            code, message = "invalid-choice", "not one of the allowed values: " + str(ctx.get("expected", ""))
            hint = hint or _alias_hint(node)
        elif kind == "union_tag_invalid" or kind == "union_tag_not_found":
            code, message = "type", "expected a catalogue key or a custom entry {id, name}"
        else:
            code, message = kind, str(err["msg"])
        yield Issue(code, message, loaded.file, line, col, _dotted(path), hint)


#: Values people write for a choice, with the key they mean: a language code, a legal form's abbreviation.
CHOICE_ALIASES = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en", "ip": "individual_entrepreneur",
                  "ип": "individual_entrepreneur", "жк": "individual_entrepreneur", "too": "llp", "тоо": "llp",
                  "жшс": "llp", "ao": "jsc", "ао": "jsc", "ақ": "jsc", "of": "public_foundation",
                  "оф": "public_foundation", "aifc": "aifc_private_company", "мфца": "aifc_private_company"}


def _alias_hint(value: Any) -> str:
    """'did you mean kk?' for `kz`, 'individual_entrepreneur' for `ИП`."""
    meant = CHOICE_ALIASES.get(str(value).strip().lower()) if isinstance(value, str) else None
    return f"did you mean '{meant}'?" if meant else ""


def _shape_hint(path: PathKey) -> str:
    """The shape of a missing field, inline (an example file is not at hand after a pip install)."""
    parent = _model_at(path[:-1])
    field = parent.model_fields.get(str(path[-1])) if parent is not None else None
    if field is None:
        return "add it (docs/profile.md lists every field)"
    import typing

    model = _first_model(field.annotation, typing)
    name = getattr(model, "__name__", "")
    if name in ("Text", "LongText"):
        return f"add {path[-1]}: {{ru: ..., kk: ..., en: ...}}"
    if name == "Period":
        return f"add {path[-1]}: {{years: N}} (or months, days, until_purpose_achieved: true)"
    if model is not None:
        required = [k for k, f in model.model_fields.items() if f.is_required()]
        return f"add {path[-1]}: {{{', '.join(f'{k}: ...' for k in required)}}}" if required else \
            f"add {path[-1]}: {{}}"
    if "list" in str(field.annotation):
        return f"add {path[-1]}: [...]"
    return f"add {path[-1]}: ..."


def _length_message(err: Any, kind: str, value: Any) -> tuple[str, str]:
    ctx = err.get("ctx") or {}
    if kind == "too_short":
        return "too-few", f"at least {ctx.get('min_length', 1)} item(s) needed"
    actual = ctx.get("actual_length", len(value) if isinstance(value, (str, list)) else "?")
    limit = ctx.get("max_length", "?")
    if "string" in str(err.get("msg", "")).lower():
        return "too-long", f"at most {limit} characters (got {actual})"
    return "too-many", f"at most {limit} items (got {actual})"


def _unknown_field(path: PathKey, loaded: LoadedYaml, line: int, col: int) -> Issue:
    name = str(path[-1])
    parent = _model_at(path[:-1])
    known = list(parent.model_fields) if parent is not None else []
    if parent is not None and issubclass(parent, Text) and (" " in name or not name.isascii()):
        # {ru: Доставка, оплата} in flow style: the comma started a new key made of the rest of the text
        return Issue("unquoted-comma", "a comma in an unquoted flow value starts a new key", loaded.file, line, col,
                     _dotted(path[:-1]), "quote the text: {ru: \"Доставка, оплата\", kk: \"...\", en: \"...\"}")
    hint = "remove it or check the spelling"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    odd = [ch for ch in name if not ch.isascii()]
    if odd:
        hint += " It contains " + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in odd[:3])
    return Issue("unknown-field", f"unknown field '{safe_text(name)}'", loaded.file, line, col,
                 _dotted(path), hint)


def _model_at(path: PathKey) -> type[BaseModel] | None:
    """The model class that sits at a data path, for 'did you mean' suggestions."""
    import typing

    model: Any = Profile
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in getattr(model, "model_fields", {}):
            return None
        annotation = model.model_fields[part].annotation
        model = _first_model(annotation, typing)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _first_model(annotation: Any, typing: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg, typing)
        if found is not None:
            return found
    return None


def _cross_reference_issues(profile: Profile, loaded: LoadedYaml) -> Iterator[Issue]:
    """Keys that must refer to entries declared elsewhere in the profile."""
    declared = profile.data_ids
    yield from _duplicates(declared, ("data_categories",), loaded, "data category")
    yield from _duplicates(profile.purpose_ids, ("purposes",), loaded, "purpose", key="purpose")
    for i, purpose in enumerate(profile.purposes):
        for j, key in enumerate(purpose.data):
            if key not in declared:
                line, col = loaded.locate(("purposes", i, "data", j), value=True)
                close = difflib.get_close_matches(key, declared, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "add it to data_categories first"
                yield Issue("undeclared-data", f"'{safe_text(key)}' is not listed in data_categories",
                            loaded.file, line, col, f"purposes[{i}].data[{j}]", hint)
    lists: tuple[tuple[str, list[list[str]]], ...] = (("access_roles", [r.data for r in profile.access_roles]),
                                                       ("third_parties", [tp.data for tp in profile.third_parties]))
    for where, owners in lists:
        for i, data in enumerate(owners):
            for j, key in enumerate(data):
                if key not in declared:
                    line, col = loaded.locate((where, i, "data", j), value=True)
                    close = difflib.get_close_matches(key, declared, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else "add it to data_categories first"
                    yield Issue("undeclared-data", f"'{safe_text(key)}' is not listed in data_categories",
                                loaded.file, line, col, f"{where}[{i}].data[{j}]", hint)
    purposes = profile.purpose_ids
    for i, tp in enumerate(profile.third_parties):
        for j, key in enumerate(tp.purposes):
            if key not in purposes:
                line, col = loaded.locate(("third_parties", i, "purposes", j), value=True)
                yield Issue("unknown-purpose", f"'{safe_text(key)}' is not one of the profile's purposes",
                            loaded.file, line, col, f"third_parties[{i}].purposes[{j}]",
                            "use a purpose listed under purposes")


def _duplicates(ids: list[str], where: PathKey, loaded: LoadedYaml, what: str, key: str = "") -> Iterator[Issue]:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            path = (*where, index, key) if key else (*where, index)
            line, col = loaded.locate(path)
            yield Issue("duplicate-entry", f"the {what} '{safe_text(value)}' is listed twice", loaded.file, line,
                        col, _dotted(path), "keep one entry")
        seen.add(value)


def _language_issues(profile: Profile, loaded: LoadedYaml) -> Iterator[Issue]:
    """Every text the business writes itself must exist in each requested document language.

    A language written as an empty value (`ru: ~`, `kk:`) is reported at its own line, one issue each;
    languages left out altogether are named together at the text's key."""
    languages = profile.document.languages
    for path, text in _texts(profile, ()):
        missing = [lang for lang in languages if getattr(text, lang) is None]
        absent = []
        for lang in missing:
            if (*path, lang) in loaded.positions:
                line, col = loaded.locate((*path, lang))
                yield Issue("missing-language", f"the '{lang}' version of the text is empty, but the documents are "
                            f"built in {', '.join(languages)}", loaded.file, line, col, _dotted((*path, lang)),
                            f"write the {lang} text, or remove '{lang}' from document.languages")
            else:
                absent.append(lang)
        if absent:
            line, col = loaded.locate(path)
            names = ", ".join(f"'{lang}'" for lang in absent)
            yield Issue("missing-language", f"the text has no {names} version{'s' if len(absent) > 1 else ''}, but "
                        f"the documents are built in {', '.join(languages)}", loaded.file, line, col, _dotted(path),
                        "add " + ", ".join(f"{lang}: ..." for lang in absent) + " to this text, or remove "
                        + " and ".join(f"'{lang}'" for lang in absent) + " from document.languages")


def _texts(node: Any, path: PathKey) -> Iterator[tuple[PathKey, Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), (*path, name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _texts(item, (*path, index))




_WORD = re.compile(r"\w+", flags=re.UNICODE)
_LATIN_FOR_CYRILLIC = {"i": "і", "h": "һ", "o": "о", "a": "а", "e": "е", "c": "с", "p": "р", "x": "х", "y": "у"}


def mixed_script_warnings(loaded: LoadedYaml) -> list[Issue]:
    """Words that mix Latin and Cyrillic letters (a Kazakh i/і slip, a look-alike letter): warnings, not errors."""
    found: list[Issue] = []
    for path, value in _strings(loaded.data, ()):
        for word in _WORD.findall(value):
            scripts = {_script(ch) for ch in word if ch.isalpha()}
            if {"latin", "cyrillic"} <= scripts:
                minority = _minority(word)
                names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in minority[:3])
                suggestion = "".join(_LATIN_FOR_CYRILLIC.get(ch.lower(), "") for ch in minority[:1])
                hint = f"did you mean '{suggestion}'?" if suggestion else "retype the word in one alphabet"
                line, col = loaded.locate(path, value=True)
                found.append(Issue("mixed-script", f"the word '{safe_text(word)}' mixes Latin and Cyrillic letters "
                                   f"({names})", loaded.file, line, col, _dotted(path), hint, "warning"))
    return relocate(found, loaded)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else "other"


def _minority(word: str) -> list[str]:
    latin = [ch for ch in word if _script(ch) == "latin"]
    cyrillic = [ch for ch in word if _script(ch) == "cyrillic"]
    return latin if len(latin) <= len(cyrillic) else cyrillic


def _strings(node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
