"""A profile at the size limits: as many entries and as long texts as the loader and the model accept.

Why generated: the limits (1 MiB file, 20,000 YAML values, 300/5,000 characters, 200/100 list items)
are what a hostile or careless profile can reach; writing it out by hand would hide which limit is hit.
"""

from __future__ import annotations

import json

from kzpolicy_gen.models.fields import MAX_LINE, MAX_PARAGRAPH

WORDS = "данные обработка согласие оператор деректер өңдеу келісім data processing consent operator "


def filler(length: int, seed: int) -> str:
    """Text of exactly `length` characters with real words (so line breaking and hyphenation work)."""
    text = (f"{seed} " + WORDS * (length // len(WORDS) + 2))[:length]
    return text.strip().ljust(length, "x")


def text3(length: int, seed: int) -> str:
    value = json.dumps(filler(length, seed), ensure_ascii=False)
    return f"{{ru: {value}, kk: {value}, en: {value}}}"


def entity_name(length: int, seed: int) -> str:
    """An operator name of exactly `length` characters per language that names its legal form (ТОО, ЖШС, LLP):
    a name without one is a trade name, which `check` refuses (KZ-OPERATOR-LEGAL-ENTITY)."""
    ru, kk, en = ("ТОО " + filler(length - 4, seed), filler(length - 4, seed) + " ЖШС",
                  filler(length - 4, seed) + " LLP")
    return "{" + ", ".join(f"{lang}: {json.dumps(v, ensure_ascii=False)}"
                           for lang, v in (("ru", ru), ("kk", kk), ("en", en))) + "}"


def big_profile(categories: int = 200, purposes: int = 200, refs: int = 30, third_parties: int = 100,
                name_length: int = 60) -> str:
    """Profile text; the defaults stay under the 1 MiB and 20,000-value limits (checked by the test)."""
    lines = [
        "schema_version: 1",
        "document: {effective_date: 2026-01-15}",
        "operator:",
        f"  name: {entity_name(MAX_LINE, 0)}",
        "  legal_form: llp",
        '  bin: "180940012348"',
        f"  registered_address: {text3(MAX_LINE, 1)}",
        "  email: privacy@romashka.kz",
        '  phone: "+7 701 123 45 67"',
        "  websites: [" + ", ".join(f"https://site{i}.romashka.kz" for i in range(20)) + "]",
        "responsible_person:",
        f"  position: {text3(MAX_LINE, 2)}",
        "  email: dpo@romashka.kz",
        "website_description:",
    ]
    for lang in ("ru", "kk", "en"):
        lines.append(f"  {lang}: {json.dumps(filler(MAX_PARAGRAPH, 3), ensure_ascii=False)}")
    lines.append("subjects: [customers]")
    lines.append("data_categories:")
    lines += [f"  - {{id: c{i}, name: {text3(name_length, i)}}}" for i in range(categories)]
    lines.append("purposes:")
    for i in range(purposes):
        data = ", ".join(f"c{(i + j) % categories}" for j in range(refs))
        lines += [f"  - purpose: {{id: p{i}, name: {text3(name_length, i)}}}", f"    data: [{data}]",
                  "    retention: {years: 3}"]
    lines.append("third_parties:")
    for i in range(third_parties):
        lines += ["  - role: courier", f"    name: {text3(name_length, i)}", "    country: KZ",
                  f"    purposes: [p{i % purposes}, p{(i + 1) % purposes}]"]
    lines.append("deletion_refusals:")
    lines += [f"  - {text3(MAX_LINE, i)}" for i in range(20)]
    lines.append("consent: {term: {years: 3}}")
    lines += ["sources: [{kind: subject}]", "minors: {served: false}", "requests: {channels: [email, post]}",
              "security_measures: [internal_acts]"]
    return "\n".join(lines) + "\n"
