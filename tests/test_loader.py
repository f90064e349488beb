from __future__ import annotations

import pytest

from kzpolicy_gen.errors import ProfileError
from kzpolicy_gen.loader import decode_profile_bytes, load_yaml


def codes(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(ProfileError) as info:
        load_yaml(text, "p.yaml")
    return [(i.code, i.line, i.column) for i in info.value.issues]


def test_plain_scalars_stay_text() -> None:
    data = load_yaml("country: NO\nzip: 050000\nbin: 050140000001\non: yes\nflag: true\nnothing: null\n").data
    assert data == {"country": "NO", "zip": "050000", "bin": "050140000001", "on": "yes", "flag": True,
                    "nothing": None}


def test_positions_are_kept() -> None:
    loaded = load_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n")
    assert loaded.positions[("a", "b")] == (2, 3)
    assert loaded.positions[("a", "c", 1)] == (5, 7)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x 1\nb: *x\n", ("yaml-alias", 1, 4)),
    ("a: !!int 3\n", ("yaml-tag", 1, 4)),
    ("a: !include x.yaml\n", ("yaml-tag", 1, 4)),
    ("a: 1\nb: 2\na: 3\n", ("duplicate-key", 3, 1)),
    ("s:\n  <<: {x: 1}\n", ("yaml-merge", 2, 3)),
    ("a: 1\n---\nb: 2\n", ("yaml-multidoc", 2, 1)),
    ("", ("file-empty", 1, 1)),
    ("just text\n", ("top-level-type", 1, 1)),
    ("a: \"open\n", ("yaml-syntax", 1, 4)),
    ("x: " + "[" * 40 + "1" + "]" * 40 + "\n", ("nesting-too-deep", 1, 35)),
])
def test_bad_yaml_is_located(text: str, expected: tuple[str, int, int]) -> None:
    assert codes(text)[0] == expected


def test_control_character_is_reported_not_crashing() -> None:
    assert codes("a: x\x07y\n")[0][0] == "bad-char"


def test_utf16_is_refused_and_bom_accepted() -> None:
    with pytest.raises(ProfileError) as info:
        decode_profile_bytes("a: 1".encode("utf-16"), "p.yaml")
    assert info.value.issues[0].code == "encoding"
    assert decode_profile_bytes(b"\xef\xbb\xbfa: 1", "p.yaml") == "a: 1"
