"""A runaway override template is stopped by memory as well as by time: the process never holds more than
the render memory limit above its start, whatever shape the runaway output takes.

Each case runs in a fresh process that reports its own peak resident memory (VmHWM), so other tests
cannot blur the number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kzpolicy_gen.render.wording import WordingEnvironment, builtin_templates
from tests.conftest import ROOT
from tests.security.carrier import BASE

MACRO = "{% macro general__purpose() %}\n"
RUNAWAY = {
    "nested literal loop": "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxx"
                           "{% endfor %}{% endfor %}",
    "nested value loop": "{% for i in range(100000) %}{% for j in range(100000) %}{{ operator.email }}"
                         "{% endfor %}{% endfor %}",
    "doubling macro": "{% macro d(n) %}{% if n < 40 %}{{ d(n + 1) }}{{ d(n + 1) }}{% else %}xxxxxxxx{% endif %}"
                      "{% endmacro %}{{ d(0) }}",
    "growing namespace": "{% set ns = namespace(s='') %}{% for i in range(100000) %}{% for j in range(100000) %}"
                         "{% set ns.s = ns.s ~ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' %}{% endfor %}{% endfor %}"
                         "{{ ns.s }}",
    "long literal loop": "{% for i in range(100000) %}{% for j in range(100000) %}" + "x" * 4000
                         + "{% endfor %}{% endfor %}",
}

SCRIPT = """
import json, sys
from pathlib import Path
from kzpolicy_gen.build import build_profile
from kzpolicy_gen.errors import KzPolicyError
from kzpolicy_gen.memory import peak_bytes, resident_bytes
from kzpolicy_gen.render.wording import WordingEnvironment
WordingEnvironment.time_limit = float(sys.argv[4])
start = resident_bytes()
try:
    build_profile(sys.argv[1], sys.argv[2], languages="en", formats="md", templates=Path(sys.argv[3]))
    issue = None
except KzPolicyError as exc:
    issue = [exc.issues[0].code, exc.issues[0].message]
print(json.dumps({"issue": issue, "start": start, "peak": peak_bytes()}))
"""


@pytest.mark.parametrize("case", sorted(RUNAWAY))
def test_runaway_output_is_stopped_by_memory(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    original = (builtin_templates() / "en" / "policy.md.j2").read_text(encoding="utf-8")
    (folder / "policy.md.j2").write_text(original.replace(MACRO, MACRO + RUNAWAY[case] + "\n", 1), encoding="utf-8")
    command = [sys.executable, "-c", SCRIPT, str(BASE), str(tmp_path / "out"), str(tmp_path / "templates"), "6"]
    result = subprocess.run(command,
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["issue"] is not None and report["issue"][0] == "tpl-limit", report
    grown = (report["peak"] - report["start"]) >> 20
    print(f"{case}: {report['issue'][1]}; peak {report['peak'] >> 20} MiB ({grown} MiB above the start)")
    assert grown < (WordingEnvironment.max_memory >> 20) + 100, report
    assert not (tmp_path / "out").exists()
