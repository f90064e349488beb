"""Document 1: the order approving the policy (Art. 25 p.2 sub.1-1): number, date, place, signatory, the
policy's version and each language's text hash, the one manifest.json records."""

from __future__ import annotations

import json

import pytest

from kzpolicy_gen.build import render_files
from kzpolicy_gen.options import BuildOptions
from kzpolicy_gen.plan.planner import plan_documents
from tests.pack.conftest import pack_texts, profile


@pytest.mark.parametrize("name", ["example", "clinic"])
def test_the_order_carries_number_date_place_and_signatory(name: str) -> None:
    approval = profile(name).approval
    assert approval is not None
    for lang in ("ru", "kk", "en"):
        text = pack_texts(name)[(lang, "approval-order")]
        head = text.split("\n# ", 1)[0]
        assert approval.order_no in head and approval.place is not None and approval.place.get(lang) in head
        assert approval.by.get(lang) in text.split("\n## 3.", 1)[1]  # the signature section
    ru, kk = pack_texts(name)[("ru", "approval-order")], pack_texts(name)[("kk", "approval-order")]
    assert "**ПРИКАЗ**" in ru and "ПРИКАЗЫВАЮ:" in ru and "подпункт" in ru
    assert "**БҰЙРЫҚ**" in kk and "БҰЙЫРАМЫН:" in kk and "бекітілсін" in kk
    assert f"от {approval.date.day} " in ru  # "от 25 ноября 2026 года № 12-П"
    assert "жылғы" in kk.split("**БҰЙРЫҚ**", 1)[1].split("\n")[1]


def test_the_order_attaches_the_hashes_the_manifest_records() -> None:
    example = profile("example")
    files = render_files(example, BuildOptions.parse("ru,kk", "md", pack=True),
                         plans=plan_documents(example, pack=True))
    recorded = json.loads(files["manifest.json"])["text_sha256"]["policy"]
    for lang in ("ru", "kk"):
        order = files[f"pack/{lang}/approval-order.md"].decode()
        assert recorded["ru"] in order and recorded["kk"] in order
        assert example.document.version in order
    assert "на русском языке" in files["pack/ru/approval-order.md"].decode()
    assert "қазақ тіліндегі мәтін" in files["pack/kk/approval-order.md"].decode()


def test_the_hash_is_the_same_when_the_policy_is_not_selected() -> None:
    example = profile("example")
    alone = render_files(example, BuildOptions.parse("ru", "md"), plans=plan_documents(example, ("approval-order",)))
    full = render_files(example, BuildOptions.parse("ru", "md"), plans=plan_documents(example))
    digest = json.loads(full["manifest.json"])["text_sha256"]["policy"]["ru"]
    assert "ru/policy.md" not in alone and digest in alone["pack/ru/approval-order.md"].decode()


def test_no_order_without_the_approval_block() -> None:
    without = profile("example").model_copy(update={"approval": None})
    assert "approval-order" not in [p.id for p in plan_documents(without, pack=True)]
