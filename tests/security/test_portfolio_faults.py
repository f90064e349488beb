"""Portfolio builds under faults: a dead worker, a killed parent, Ctrl-C during start-up, two builds into one
folder, odd file names, a FIFO, a full or odd disk, a bad SOURCE_DATE_EPOCH. Real processes throughout.

Faults are injected into the worker processes by a `sitecustomize` module on PYTHONPATH, driven by the
KZP_TEST_HOOK environment variable: the code under test is unchanged. Portfolios are small (md only).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kzpolicy_gen.cli import main
from tests.conftest import ROOT, as_in_a_terminal
from tests.security.carrier import BASE

HOOK = '''
import json, os, signal, time
hook = json.loads(os.environ.get("KZP_TEST_HOOK") or "{}")
if hook:
    import kzpolicy_gen.portfolio as portfolio
    real = portfolio.run_task

    def run_task(task):
        name = os.path.basename(task.profile)
        if name in hook.get("sleep", {}):
            time.sleep(hook["sleep"][name])
        if name == hook.get("kill"):
            marker = hook.get("once")
            if marker is None or not os.path.exists(marker):
                if marker is not None:
                    open(marker, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
        return real(task)

    portfolio.run_task = run_task
'''


def clients(folder: Path, count: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    base = BASE.read_text(encoding="utf-8")
    for index in range(count):
        (folder / f"c{index}.yaml").write_text(f"output_name: client-{index}\n" + base, encoding="utf-8")
    return folder


def run(tmp_path: Path, args: list[str], hook: dict[str, object] | None = None, **popen: object
        ) -> subprocess.Popen[bytes]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}", "KZP_TEST_HOOK": json.dumps(hook or {})}
    command = [sys.executable, "-m", "kzpolicy_gen", "build", *args, "--ui-lang", "en"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=env, cwd=ROOT, preexec_fn=as_in_a_terminal, **popen)


def finish(process: subprocess.Popen[bytes], timeout: float = 180) -> tuple[int, str]:
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err.decode("utf-8", "replace")


def index_of(site: Path) -> dict[str, str]:
    data = json.loads((site / "portfolio.json").read_text(encoding="utf-8"))
    return {client["slug"]: client["status"] for client in data["clients"]}


# ---------------------------------------------------------------- item 11: a dead worker


def test_one_killed_worker_costs_one_retry_not_the_queue(tmp_path: Path) -> None:
    folder, site = clients(tmp_path / "clients", 6), tmp_path / "site"
    hook = {"kill": "c1.yaml", "once": str(tmp_path / "killed-once")}
    code, err = finish(run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-j", "2", "-q"], hook))
    assert code == 0, err
    assert (tmp_path / "killed-once").exists(), "the fault was injected"
    assert set(index_of(site).values()) == {"built"} and len(index_of(site)) == 6
    assert "worker-died" not in err and "Traceback" not in err


def test_a_profile_that_always_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    folder, site = clients(tmp_path / "clients", 6), tmp_path / "site"
    code, err = finish(run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-j", "2", "-q"],
                           {"kill": "c2.yaml"}))
    assert code == 5, err
    statuses = index_of(site)
    assert statuses.pop("client-2") == "failed" and set(statuses.values()) == {"built"}
    assert err.count("worker-died") == 1 and "Traceback" not in err


# ---------------------------------------------------------------- item 12: the parent killed


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            with_children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, with_children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the worker processes")
def test_workers_and_helpers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    folder, site = clients(tmp_path / "clients", 4), tmp_path / "site"
    process = run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-j", "2", "-q"],
                  {"sleep": {f"c{i}.yaml": 60 for i in range(4)}})
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children) < 2:
        time.sleep(0.3)
        children = descendants(process.pid)
    assert len(children) >= 2, "the workers did not start"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if alive(pid)]


# ---------------------------------------------------------------- item 13: Ctrl-C during start-up


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see the workers start")
@pytest.mark.parametrize("delay", [0.0, 0.1, 0.3, 0.7, 1.5])
def test_ctrl_c_at_any_moment_is_one_line_and_exit_130(delay: float, tmp_path: Path) -> None:
    """SIGINT to the whole process group `delay` s after the first worker process appears (while workers
    start, import and warm up, or build)."""
    folder, site = clients(tmp_path / "clients", 4), tmp_path / "site"
    process = run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-j", "2", "-q"],
                  {"sleep": {f"c{i}.yaml": 30 for i in range(4)}}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not descendants(process.pid):
        time.sleep(0.02)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
    code, err = finish(process, 60)
    if code == 0:  # finished before the signal (cannot happen with the sleeps, but never a false failure)
        return
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "interrupted", err
    assert "Traceback" not in err and "internal error" not in err
    time.sleep(0.5)
    assert not [pid for pid in descendants(process.pid) if alive(pid)]


# ---------------------------------------------------------------- item 14: two builds into one folder


def test_a_second_portfolio_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    folder, site = clients(tmp_path / "clients", 3), tmp_path / "site"
    first = run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-j", "1", "-q"],
                {"sleep": {"c0.yaml": 4}})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not site.exists():
        time.sleep(0.1)
    time.sleep(1.0)
    code, err = finish(run(tmp_path, [str(folder), "-o", str(site), "--format", "md", "-q"]))
    assert code == 4 and "error[out-locked]" in err, err
    code, err = finish(first)
    assert code == 0, err
    assert set(index_of(site).values()) == {"built"}


# ---------------------------------------------------------------- item 15 and 8: names and FIFOs


@pytest.mark.parametrize("name", [b"caf\xe9.yaml", b"\xff\xfe.yaml", b"a\x1b]0;title\x07b.yaml",
                                  "клиент\u202e.yaml".encode()])
def test_odd_client_file_names_build_and_index(name: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    folder = clients(tmp_path / "clients", 1)
    odd = folder / os.fsdecode(name)
    shutil.copy(BASE, odd)
    site = tmp_path / "site"
    assert main(["build", str(folder), "-o", str(site), "--format", "md", "--lang", "en", "-j", "1"]) == 0
    out = capsys.readouterr()
    assert not any(ch in out.err for ch in "\x1b\x07\u202e"), out.err
    json.loads((site / "portfolio.json").read_text(encoding="utf-8"))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert not any(ch in html for ch in "\x1b\x07")
    assert len(index_of(site)) == 2 and set(index_of(site).values()) == {"built"}


def test_a_fifo_named_in_a_portfolio_does_not_hang(tmp_path: Path) -> None:
    folder = clients(tmp_path / "clients", 2)
    os.mkfifo(tmp_path / "pipe.yaml")
    site = tmp_path / "site"
    process = run(tmp_path, [str(folder / "c0.yaml"), str(tmp_path / "pipe.yaml"), str(folder / "c1.yaml"),
                             "-o", str(site), "--format", "md", "-j", "1", "-q"])
    code, err = finish(process, 60)
    assert code == 5 and "not-regular-file" in err, err
    assert index_of(site) == {"client-0": "built", "pipe": "failed", "client-1": "built"}


# ---------------------------------------------------------------- item 16: exit 4, not 70


def test_output_below_a_regular_file_is_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    folder = clients(tmp_path / "clients", 2)
    for target in (tmp_path / "file" / "out", tmp_path / "file" / "deeper" / "out"):
        assert main(["build", str(BASE), "-o", str(target), "--format", "md"]) == 4
        assert main(["build", str(folder), "-o", str(target), "--format", "md"]) == 4
    err = capsys.readouterr().err
    assert "error[out-not-dir]" in err and "internal error" not in err


def test_an_index_that_cannot_be_written_is_exit_4_and_leaves_nothing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import kzpolicy_gen.output as output

    folder, site = clients(tmp_path / "clients", 2), tmp_path / "site"
    real = output.os.fsync

    def full(fd: int) -> None:
        if "portfolio" in str(Path(f"/proc/self/fd/{fd}").readlink()):
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(output.os, "fsync", full)
    assert main(["build", str(folder), "-o", str(site), "--format", "md", "-j", "1", "-q"]) == 4
    assert "error[out-io]" in capsys.readouterr().err
    assert not list(site.glob(".portfolio.json.*")) and not list(site.glob(".index.html.*"))


def _file_size_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("portfolio", [False, True], ids=["single", "portfolio"])
def test_a_file_size_limit_is_exit_4(portfolio: bool, tmp_path: Path) -> None:
    target = [str(clients(tmp_path / "clients", 2))] if portfolio else [str(BASE)]
    result = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "build", *target, "-o", str(tmp_path / "out"),
                             "--format", "md,html", "-j", "1"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_file_size_limit, timeout=120,
                            check=False)
    assert result.returncode in (4, 5), result.stderr[-1500:]
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "out-io" in result.stderr
    assert not [p for p in tmp_path.rglob("*kzpolicy-stage*")]


def test_stdout_on_a_full_device_is_exit_4(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path we own
        result = subprocess.run([sys.executable, "-m", "kzpolicy_gen", "build", str(BASE), "-o",
                                 str(tmp_path / "out"), "--format", "md"], stdout=full, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
                                check=False)
    assert result.returncode == 4, result.stderr
    assert result.stderr.strip().splitlines() == ["error[out-io]: could not write: No space left on device"]


# ---------------------------------------------------------------- item 18: SOURCE_DATE_EPOCH


@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "-1", "1.5", "soon", "１２３"])
@pytest.mark.parametrize("portfolio", [False, True], ids=["single", "portfolio"])
def test_a_bad_source_date_epoch_is_a_usage_error(value: str, portfolio: bool, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    target = str(clients(tmp_path / "clients", 2)) if portfolio else str(BASE)
    assert main(["build", target, "-o", str(tmp_path / "out"), "--format", "md", "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("SOURCE_DATE_EPOCH: error[usage]") and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_largest_source_date_epoch_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    folder = clients(tmp_path / "clients", 2)
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--format", "md", "-j", "1", "-q"]) == 0
    data = json.loads((tmp_path / "out" / "portfolio.json").read_text(encoding="utf-8"))
    assert {c["built_at"] for c in data["clients"]} == {"9999-12-31T23:59:59Z"}
