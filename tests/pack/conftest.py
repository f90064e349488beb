"""Shared helpers of the compliance pack's tests: the example's and the clinic's pack, rendered in memory."""

from __future__ import annotations

from functools import cache

from kzpolicy_gen.build import render_texts
from kzpolicy_gen.models.profile import Profile
from kzpolicy_gen.plan.planner import plan_documents
from kzpolicy_gen.render.wording import RenderedText
from kzpolicy_gen.validate import load_profile
from tests.conftest import ROOT

LANGS = ("ru", "kk", "en")


@cache
def profile(name: str) -> Profile:
    """A shipped profile (`example`, `clinic`)."""
    return load_profile(ROOT / "profiles" / f"{name}.yaml")


@cache
def rendered(name: str) -> tuple[RenderedText, ...]:
    """Every text of the profile with the pack, in ru, kk and en."""
    found = profile(name)
    return tuple(render_texts(found, list(LANGS), None, plan_documents(found, pack=True)))


def pack_texts(name: str) -> dict[tuple[str, str], str]:
    """(language, document) → Markdown of the profile's pack documents."""
    return {(t.lang, t.doc_id): t.markdown for t in rendered(name) if t.pack}
