"""One page shell: every HTML page the tool writes carries the same Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

from kzpolicy_gen.build import build_profile
from kzpolicy_gen.portfolio import Outcome
from kzpolicy_gen.portfolio_index import index_html
from tests.conftest import EXAMPLE

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def _policies(page: str) -> list[str]:
    head = page.split("</head>", 1)[0]
    return _CSP.findall(head)


def test_page_build_index_and_portfolio_index_share_one_csp(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_profile(EXAMPLE, out, languages="en", formats="md,html")
    page = (out / "en" / "policy.html").read_text(encoding="utf-8")
    build_index = (out / "index.html").read_text(encoding="utf-8")
    portfolio = index_html([Outcome("p.yaml", "p", "built", operator="X")], "en")
    policies = [_policies(page), _policies(build_index), _policies(portfolio)]
    assert policies[0] and all(p == policies[0] for p in policies), policies
    assert policies[0][0].startswith("default-src 'none'")
    assert "script-src" not in policies[0][0] and "<script" not in build_index
