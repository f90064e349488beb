"""Writing outputs: everything rendered in memory first, then the whole set swapped in at once.

Why a staging folder and an exchange: per-file atomic renames still leave a mix of old and new files
if the process dies between two of them. We write the complete new set (plus any files of the old
folder we did not produce) into a sibling staging folder, then atomically exchange the two folders
(Linux `renameat2(RENAME_EXCHANGE)`), so at every instant `-o` holds either the old or the new
complete set. Where the exchange is unavailable we fall back to two renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, OutputError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def check_output_dir(out: Path) -> None:
    """Refuse an output path that is a symlink or an existing non-directory."""
    if out.is_symlink():
        raise OutputError([Issue("out-symlink", f"{out} is a symbolic link; refusing to write through it", str(out))])
    if out.exists() and not out.is_dir():
        raise OutputError([Issue("out-not-dir", f"{out} exists and is not a folder", str(out))])


def _check_names(files: dict[str, bytes], out: Path) -> None:
    for name in files:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or any(p.startswith(".kzpolicy-") for p in parts):
            raise OutputError([Issue("out-path", f"refusing to write {name} outside the output folder", str(out))])


def _refuse_symlinks_inside(out: Path) -> None:
    """A planted symlink inside the old output (out/ru -> elsewhere) is never followed or kept."""
    if not out.is_dir():
        return
    for path in out.rglob("*"):
        if path.is_symlink():
            raise OutputError([Issue("out-symlink", f"{path} is a symbolic link; refusing to write through it",
                                     str(path))])


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder (a lock file beside it)."""
    import fcntl

    lock_path = out.parent / f".{out.name}.kzpolicy-lock"
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError([Issue("out-locked", f"another build is writing into {out}", str(out))]) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_stale(out: Path) -> None:
    for stale in out.parent.glob(f".{out.name}.kzpolicy-stage-*"):
        shutil.rmtree(stale, ignore_errors=True)


def publish(files: dict[str, bytes], out: Path) -> list[Path]:
    """Replace the contents we produce under `out` with `files`, all at once. Returns the written paths."""
    check_output_dir(out)
    _check_names(files, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~_umask()
    try:
        with _lock(out):
            _refuse_symlinks_inside(out)
            _remove_stale(out)
            stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.kzpolicy-stage-"))
            try:
                _fill_stage(stage, files, out, mode)
                _swap_in(stage, out)
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as exc:
        raise OutputError([Issue("out-io", f"could not write {out}: {exc.strerror or exc}", str(out))]) from None
    return [out / name for name in sorted(files, key=lambda n: (n == "manifest.json", n))]


def replace_file(path: Path, text: str) -> None:
    """One file replaced atomically (temporary file in the same folder, fsync, rename): readers see the
    old or the new file. For files outside a published set, such as a portfolio's index."""
    if path.is_symlink():
        raise OutputError([Issue("out-symlink", f"{path} is a symbolic link; refusing to write through it",
                                 str(path))])
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary = Path(handle.name)
    temporary.chmod(0o666 & ~_umask())
    temporary.replace(path)


def _fill_stage(stage: Path, files: dict[str, bytes], out: Path, mode: int) -> None:
    if out.is_dir():
        for old in out.rglob("*"):
            relative = old.relative_to(out)
            if old.is_file() and relative.as_posix() not in files:
                target = stage / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(old, target)
    written = []
    for name in sorted(files, key=lambda n: (n == "manifest.json", n)):
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
        target.chmod(mode)
        written.append(target)
    stage.chmod(0o777 & ~_umask())
    _make_durable(stage, written)


def _make_durable(stage: Path, written: list[Path]) -> None:
    """Staged files reach the disk before the swap: one syncfs(2) for the whole set where Linux has it
    (one journal commit instead of one fsync per file: a set is over a hundred files), else fsync each."""
    if _syncfs(stage):
        return
    for path in written:
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    for folder in {path.parent for path in written}:
        _fsync_dir(folder)


@cache
def _libc() -> Any:
    """The C library, looked up once (`find_library` runs a helper program)."""
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def _syncfs(path: Path) -> bool:
    func = getattr(_libc(), "syncfs", None)
    if func is None:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        return bool(func(fd) == 0)
    finally:
        os.close(fd)


def _swap_in(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        _fsync_dir(out.parent)
        return
    if _exchange(stage, out):
        _fsync_dir(out.parent)
        return
    backup = out.with_name(f".{out.name}.kzpolicy-stage-old")
    out.rename(backup)
    stage.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux); False where the call is not available."""
    func = getattr(_libc(), "renameat2", None)
    if func is None:
        return False
    result = func(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
