"""Read a profile file as plain data, keeping the line and column of every key.

Why our own walk over PyYAML's pure-Python composer: it applies no YAML 1.1 implicit typing
(`NO` stays the country code, `050000` keeps its leading zero), lets us refuse anchors, tags,
merge keys and duplicate keys, and keeps positions so every later error can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kzpolicy_gen.errors import Issue, ProfileError, safe_text

MAX_BYTES = 1 << 20
MAX_DEPTH = 32
MAX_NODES = 20_000
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

PathKey = tuple[str | int, ...]


@dataclass
class LoadedYaml:
    """Plain data (dict/list/str/bool/None) plus where each key or item stood in the file."""

    data: dict[str, Any]
    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    value_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    origins: dict[PathKey, str] = field(default_factory=dict)
    sources: list[tuple[str | None, str]] = field(default_factory=list)

    def file_at(self, path: PathKey) -> str:
        """The file a value came from: a base profile's for inherited values (`extends:`), else `file`."""
        probe = tuple(path)
        while True:
            if probe in self.origins:
                return self.origins[probe]
            if not probe:
                return self.file
            probe = probe[:-1]

    def locate(self, path: PathKey, *, value: bool = False) -> tuple[int, int]:
        """Line/column of the nearest known ancestor of `path` (1-based); (1, 1) if none."""
        table = self.value_positions if value else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not value and probe in self.value_positions:
                return self.value_positions[probe]
            probe = probe[:-1]
        return (1, 1)


class _YamlIssue(Exception):
    def __init__(self, code: str, message: str, mark: Any, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.mark, self.hint = code, message, mark, hint


class _ComposeLoader(yaml.BaseLoader):
    """Composer that refuses aliases, anchors, custom tags and excessive depth while composing."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlIssue("yaml-alias", "anchors and aliases (& and *) are not supported",
                             event.start_mark, "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            raise _YamlIssue("yaml-tag", f"YAML tags such as {safe_text(str(tag))} are not allowed",
                             event.start_mark, "remove the tag; values are plain text, lists and mappings")
        self._nodes += 1
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _YamlIssue("nesting-too-deep", f"the structure is deeper than {MAX_DEPTH} levels",
                                 event.start_mark)
            if self._nodes > MAX_NODES:
                raise _YamlIssue("too-many-nodes", f"the file has more than {MAX_NODES} values",
                                 event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_profile_text(path: Path) -> str:
    """Read a profile as UTF-8 text within the size limit, refusing anything that is not a file."""
    name = str(path)
    try:
        if path.is_symlink() or not path.is_file():
            raise ProfileError([Issue("not-regular-file", "not a regular file (or does not exist)", name,
                                      hint="give the path of a .yaml profile")])
        if path.stat().st_size > MAX_BYTES:
            raise _too_large(name)
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ProfileError([Issue("file-unreadable", f"cannot read the file: {exc.strerror}", name)]) from None
    if len(raw) > MAX_BYTES:
        raise _too_large(name)
    return decode_profile_bytes(raw, name)


def _too_large(name: str) -> ProfileError:
    return ProfileError([Issue("file-too-large", f"the file is larger than {MAX_BYTES // 1024} KiB", name,
                               1, 1, hint="a profile describes one business; split or shorten it")])


def decode_profile_bytes(raw: bytes, name: str) -> str:
    """Decode strictly as UTF-8 (a UTF-8 BOM is dropped; UTF-16/32 are refused)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProfileError([Issue("encoding", "the file is UTF-16; save it as UTF-8", name, 1, 1)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError([Issue("encoding", "the file is not valid UTF-8", name, line, 1,
                                  hint="save the file as UTF-8")]) from None


def load_yaml(text: str, name: str = "<profile>") -> LoadedYaml:
    """Parse one YAML document of plain data; every failure is a located `ProfileError`."""
    try:
        loader = _ComposeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _YamlIssue as exc:
        raise _issue_error(exc.code, exc.message, name, exc.mark, exc.hint) from None
    except yaml.composer.ComposerError as exc:
        if "another document" in str(exc.problem) or "single document" in str(exc.context):
            raise _issue_error("yaml-multidoc", "only one YAML document is allowed", name,
                               exc.problem_mark, "remove the second '---' and what follows") from None
        raise _syntax_error(exc, name) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ProfileError([Issue("bad-char", f"character U+{ord(char):04X} is not allowed", name, line, 1,
                                  hint="remove control characters from the file")]) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError, IndexError) as exc:
        raise ProfileError([Issue("yaml-syntax", f"the file cannot be read as YAML ({type(exc).__name__})",
                                  name, 1, 1)]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value == "" and root.style is None):
        raise ProfileError([Issue("file-empty", "the profile is empty", name, 1, 1,
                                  hint="start from profiles/example.yaml")])
    if not isinstance(root, yaml.MappingNode):
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        raise ProfileError([Issue("top-level-type", "the top level must be a mapping of fields", name, line, col,
                                  hint="start from profiles/example.yaml")])
    loaded = LoadedYaml({}, name)
    loaded.data = _convert(root, (), loaded)
    return loaded


def _convert(node: Any, path: PathKey, out: LoadedYaml) -> Any:
    out.value_positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _key_text(key_node, out.file)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in first_seen:
                raise ProfileError([Issue("duplicate-key", f"'{safe_text(key)}' appears twice (first at line "
                                          f"{first_seen[key]})", out.file, line, col,
                                          ".".join(str(p) for p in (*path, key)), "keep one of them")])
            first_seen[key] = line
            out.positions[(*path, key)] = (line, col)
            result[key] = _convert(value_node, (*path, key), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out.positions[(*path, index)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_convert(item, (*path, index), out))
        return items
    _refuse_surrogates(node, out.file, path)
    return _scalar(node)


def _refuse_surrogates(node: Any, name: str, path: PathKey) -> None:
    """A `\\uD800` escape yields half a character, which no file format can hold; say so where it is."""
    for ch in str(node.value):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            raise ProfileError([Issue("bad-char", f"character U+{ord(ch):04X} (half of a surrogate pair) is not "
                                      "allowed", name, node.start_mark.line + 1, node.start_mark.column + 1,
                                      ".".join(str(p) for p in path),
                                      hint="write the character itself instead of a \\u escape")])


def _key_text(node: Any, name: str) -> str:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(node, yaml.ScalarNode):
        raise ProfileError([Issue("key-type", "a key must be plain text", name, line, col)])
    if node.value == "<<" and node.style is None:
        raise ProfileError([Issue("yaml-merge", "merge keys (<<) are not supported", name, line, col,
                                  hint="write the fields out in full")])
    return str(node.value)


def _scalar(node: Any) -> Any:
    """Only plain `true`/`false`/`null`/`~`/empty are non-text; the model decides everything else."""
    if node.style is None:
        if node.value == "true":
            return True
        if node.value == "false":
            return False
        if node.value in ("null", "~", ""):
            return None
    return node.value


def _issue_error(code: str, message: str, name: str, mark: Any, hint: str = "") -> ProfileError:
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    return ProfileError([Issue(code, message, name, line, col, hint=hint)])


def _syntax_error(exc: yaml.MarkedYAMLError, name: str) -> ProfileError:
    problem = str(exc.problem or "invalid YAML")
    mark = exc.problem_mark
    if "found character '\\t'" in problem or "\\t" in problem:
        return _issue_error("yaml-syntax", "tabs cannot be used for indentation; use spaces", name, mark)
    if exc.context and "quoted scalar" in str(exc.context) and exc.context_mark is not None:
        return _issue_error("yaml-syntax", "quoted text is not closed", name, exc.context_mark,
                            "close the quote on the same value")
    opened = _unclosed_quote(mark.buffer, mark.line) if mark is not None else None
    if mark is not None and opened is not None:
        return ProfileError([Issue("yaml-syntax", "quoted text is not closed", name, opened[0], opened[1],
                                   hint="close the quote on the same line (a quote left open swallows the "
                                        f"lines after it; the parser gave up at line {mark.line + 1})")])
    if mark is not None and exc.context_mark is not None and mark.index >= len(mark.buffer or "") - 1:
        mark = exc.context_mark
    return _issue_error("yaml-syntax", safe_text(problem, 200), name, mark,
                        "check indentation and quoting around this line")


def _unclosed_quote(buffer: str | None, error_line: int) -> tuple[int, int] | None:
    """The line and column of a double quote opened before the error line and not closed on its line.

    Why: PyYAML lets a double-quoted value run over several lines, so a forgotten closing quote is
    reported lines later ("expected <block end>"); the line a person must fix is where it opened.
    """
    if not buffer:
        return None
    for number, line in enumerate(buffer.split("\n")[:error_line], start=1):
        body = line.split(" #", 1)[0]
        quotes = [i for i, ch in enumerate(body) if ch == '"' and (i == 0 or body[i - 1] != "\\")]
        if len(quotes) % 2 == 1 and "'" not in body[: quotes[0]]:
            return number, quotes[0] + 1
    return None


def path_key(dotted: str) -> PathKey:
    """"third_parties[2].country" → ("third_parties", 2, "country")."""
    parts: list[str | int] = []
    for piece in dotted.replace("]", "").split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indexes)
    return tuple(parts)
