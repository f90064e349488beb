"""Writing outputs: everything rendered in memory first, then the whole set swapped in at once.

Why a staging folder and an exchange: per-file atomic renames still leave a mix of old and new files
if the process dies between two of them. We build the complete new folder in a sibling staging folder,
then atomically exchange the two (Linux `renameat2(RENAME_EXCHANGE)`), so at every instant `-o` holds
either the old or the new complete set. Without the exchange (other systems) two renames do it, and a
run killed between them is repaired by the next. A mount point cannot be renamed: there the files are
replaced one by one (each atomically, the manifest last).

Ownership of `-o`: the tool owns exactly the files its previous manifest lists. The new folder holds
what this build produced plus everything else that was in `-o` (the user's files, folders, even empty
ones, FIFOs, a `.git`), as it was; an owned file this build does not produce any more is removed. A
produced file would never overwrite something the tool does not own: that is refused (`out-not-ours`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kzpolicy_gen.errors import Issue, OutputError, safe_text

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
STAGE = "kzpolicy-stage-"
"""Prefix of staging folders: `.<name>.kzpolicy-stage-*` beside `-o`, or `.kzpolicy-stage-*` inside a mount point."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _refuse(code: str, message: str, where: Path) -> OutputError:
    return OutputError([Issue(code, message, str(where))])


def check_output_dir(out: Path) -> None:
    """Refuse an output path that is a symlink, an existing non-directory, or below a regular file."""
    if out.is_symlink():
        raise _refuse("out-symlink", f"{safe_text(str(out), 200)} is a symbolic link; refusing to write through it",
                      out)
    if out.exists() and not out.is_dir():
        raise _refuse("out-not-dir", f"{safe_text(str(out), 200)} exists and is not a folder", out)
    for parent in out.absolute().parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise _refuse("out-not-dir", f"{safe_text(str(out), 200)} is inside {safe_text(str(parent), 200)}, "
                              "which is not a folder", out)
            break


def _check_names(files: dict[str, bytes], out: Path) -> None:
    for name in files:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or any(p.startswith(".kzpolicy-") for p in parts):
            raise _refuse("out-path", f"refusing to write {name} outside the output folder", out)


def _lock_dir() -> Path:
    """A private folder for lock files, outside every output tree (lock files must not be published)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    folder = Path(tempfile.gettempdir()) / f"kzpolicy-gen-locks-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise _refuse("out-io", f"the lock folder {folder} is not a private folder of this user", folder)
    return folder


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: named after the folder's real path, kept in the lock folder."""
    key = hashlib.sha256(os.fsencode(str(out.resolve()))).hexdigest()[:32]
    return _lock_dir() / f"{key}.lock"


@contextlib.contextmanager
def folder_lock(out: Path, *, wait: bool = False) -> Iterator[None]:
    """One build at a time per output folder, on every platform (filelock: flock on POSIX, msvcrt on Windows).
    Refuses (`out-locked`) when another build holds it, unless `wait`."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(out)), timeout=-1 if wait else 0)
    try:
        lock.acquire()
    except Timeout:
        raise _refuse("out-locked", f"another build is writing into {safe_text(str(out), 200)}", out) from None
    try:
        yield
    finally:
        lock.release()


def clean_leftovers(out: Path) -> None:
    """Remove what a killed build left (staging folders, the old set of a two-rename swap, the lock files
    older versions kept beside the folder), and restore `-o` if a kill came between the two renames.

    Runs at the start of every build, also one that then finds everything up to date; skipped while
    another build holds the folder (its staging folder is in use)."""
    try:
        with folder_lock(out):
            _clean(out)
    except OutputError:
        return
    except OSError:
        return


def _clean(out: Path) -> None:
    parent = out.parent
    if not parent.is_dir():
        return
    backup = _backup_path(out)
    if backup.is_dir() and not backup.is_symlink():
        if not out.exists() and not out.is_symlink():
            backup.rename(out)
        else:
            shutil.rmtree(backup, ignore_errors=True)
    for stale in parent.glob(f".{out.name}.{STAGE}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    legacy = parent / f".{out.name}.kzpolicy-lock"
    if legacy.is_file() and not legacy.is_symlink():
        with contextlib.suppress(OSError):
            legacy.unlink()
    if out.is_dir() and not out.is_symlink():
        for stale in out.glob(f".{STAGE}*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)


def _backup_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.kzpolicy-old")


@dataclass
class _Survey:
    """What the old folder holds, sorted by what happens to it."""

    keep_files: list[str] = field(default_factory=list)  # the user's regular files, linked into the new set
    keep_fifos: list[tuple[str, int]] = field(default_factory=list)
    keep_dirs: set[str] = field(default_factory=set)
    stale: list[str] = field(default_factory=list)  # owned files this build does not produce
    produced_dirs: set[str] = field(default_factory=set)


def _owned(out: Path) -> set[str]:
    """The files the previous build wrote: those its manifest lists, and the manifest itself."""
    from kzpolicy_gen.manifest import read_manifest

    manifest = read_manifest(out)
    if manifest is None:
        return set()
    entries = manifest.get("files")
    paths = {str(e.get("path")) for e in entries if isinstance(e, dict)} if isinstance(entries, list) else set()
    return paths | {"manifest.json"}


def _survey(out: Path, files: dict[str, bytes]) -> _Survey:
    """Walk the old folder once: refuse what must not be touched, sort the rest."""
    survey = _Survey()
    if not out.is_dir():
        return survey
    owned = _owned(out)
    produced_dirs = {Path(name).parent.as_posix() for name in files}
    produced_dirs |= {p.as_posix() for name in files for p in Path(name).parents}
    survey.produced_dirs = produced_dirs

    def refuse_symlink(path: Path) -> OutputError:
        return _refuse("out-symlink", f"{safe_text(str(path), 200)} is a symbolic link; refusing to write "
                       "through it", path)

    def walk(folder: Path, relative: str) -> bool:
        """True when something in `folder` is kept (so the folder is kept too)."""
        kept = False
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            path = Path(entry.path)
            if not relative and entry.name.startswith(f".{STAGE}"):
                continue
            if entry.is_symlink():
                raise refuse_symlink(path)
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                if rel in files:
                    raise _not_ours(path)
                if walk(path, rel) or rel in produced_dirs:
                    survey.keep_dirs.add(rel)
                    kept = True
                continue
            if rel in produced_dirs:
                raise _not_ours(path)
            if rel in owned and stat.S_ISREG(info.st_mode):
                if rel not in files:
                    survey.stale.append(rel)
                continue
            if rel in files:
                raise _not_ours(path)
            if stat.S_ISREG(info.st_mode):
                survey.keep_files.append(rel)
            elif stat.S_ISFIFO(info.st_mode):
                survey.keep_fifos.append((rel, stat.S_IMODE(info.st_mode)))
            else:
                raise _refuse("out-special", f"{safe_text(str(path), 200)} is a socket or device; the tool will not "
                              "move it", path)
            kept = True
        if not entries and relative:
            kept = True  # a folder that was empty stays
        return kept

    walk(out, "")
    return survey


def _not_ours(path: Path) -> OutputError:
    return OutputError([Issue("out-not-ours", f"{safe_text(str(path), 200)} was not written by kzpolicy-gen (its "
                              "manifest does not list it); refusing to replace it", str(path),
                              hint="move it away, or build into another folder")])


class _CannotRename(Exception):
    """`-o` cannot be renamed (a mount point, a folder another program holds open on Windows)."""


def publish(files: dict[str, bytes], out: Path) -> list[Path]:
    """Replace what the tool owns under `out` with `files`, all at once. Returns the written paths."""
    check_output_dir(out)
    _check_names(files, out)
    mode = 0o666 & ~_umask()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with folder_lock(out):
            _clean(out)
            survey = _survey(out, files)
            if out.is_dir() and os.path.ismount(out):
                _replace_contents(out, files, survey, mode)
            else:
                _publish_by_swap(out, files, survey, mode)
    except OSError as exc:
        raise OutputError([Issue("out-io", f"could not write {safe_text(str(out), 200)}: "
                                 f"{exc.strerror or type(exc).__name__}", str(out))]) from None
    return [out / name for name in sorted(files, key=lambda n: (n == "manifest.json", n))]


def _publish_by_swap(out: Path, files: dict[str, bytes], survey: _Survey, mode: int) -> None:
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.{STAGE}"))
    try:
        _fill_stage(stage, out, files, survey, mode)
        try:
            _swap_in(stage, out)
        except _CannotRename:
            _replace_contents(out, files, survey, mode)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def replace_file(path: Path, text: str) -> None:
    """One file replaced atomically (temporary file in the same folder, fsync, rename): readers see the
    old or the new file. For files outside a published set, such as a portfolio's index. Any I/O failure
    is an `out-io` error and leaves no temporary file."""
    if path.is_symlink():
        raise _refuse("out-symlink", f"{safe_text(str(path), 200)} is a symbolic link; refusing to write through it",
                      path)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(path)
        temporary = None
    except OSError as exc:
        raise OutputError([Issue("out-io", f"could not write {safe_text(str(path), 200)}: "
                                 f"{exc.strerror or type(exc).__name__}", str(path))]) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _fill_stage(stage: Path, out: Path, files: dict[str, bytes], survey: _Survey, mode: int) -> None:
    """The complete new folder: the user's entries as they were, then the produced files."""
    for rel in sorted(survey.keep_dirs):
        (stage / rel).mkdir(parents=True, exist_ok=True)
        shutil.copymode(out / rel, stage / rel)
    for rel in survey.keep_files:
        _link_or_copy(out / rel, stage / rel)
    for rel, fifo_mode in survey.keep_fifos:
        os.mkfifo(stage / rel, fifo_mode)  # type: ignore[attr-defined,unused-ignore]
    written = _write_all(stage, files, mode)
    for rel, _mode in survey.keep_fifos:
        shutil.copystat(out / rel, stage / rel, follow_symlinks=False)
    for rel in sorted(survey.keep_dirs - survey.produced_dirs, reverse=True):  # innermost first
        shutil.copystat(out / rel, stage / rel, follow_symlinks=False)  # the user's folders keep their times
    stage.chmod(0o777 & ~_umask())
    if out.is_dir():
        shutil.copymode(out, stage)
    _make_durable(stage, written)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link keeps the user's file exactly (bytes, times, mode) at no cost; a copy where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_all(root: Path, files: dict[str, bytes], mode: int) -> list[Path]:
    written = []
    for name in sorted(files, key=lambda n: (n == "manifest.json", n)):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
        target.chmod(mode)
        written.append(target)
    return written


def _replace_contents(out: Path, files: dict[str, bytes], survey: _Survey, mode: int) -> None:
    """For a folder that cannot be renamed (a mount point: a Docker volume, a CI cache): the new files are
    staged inside it, then each is renamed into place (the manifest last), then stale owned files go."""
    stage = Path(tempfile.mkdtemp(dir=out, prefix=f".{STAGE}"))
    try:
        written = _write_all(stage, files, mode)
        _make_durable(stage, written)
        for name in sorted(files, key=lambda n: (n == "manifest.json", n)):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (stage / name).replace(target)
        for rel in survey.stale:
            with contextlib.suppress(FileNotFoundError):
                (out / rel).unlink()
            for parent in (out / rel).parents:
                if parent == out or parent.relative_to(out).as_posix() in survey.keep_dirs:
                    break
                with contextlib.suppress(OSError):
                    parent.rmdir()
        _fsync_dir(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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
    """The C library, looked up once (`find_library` runs a helper program); None off Linux-like systems."""
    try:
        name = ctypes.util.find_library("c")
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


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
    """Put the staged folder at `out`; afterwards `stage` holds the old set (or nothing)."""
    if not out.exists():
        stage.rename(out)
        _fsync_dir(out.parent)
        return
    if _exchange(stage, out):
        _fsync_dir(out.parent)
        return
    _two_renames(stage, out)


def _two_renames(stage: Path, out: Path) -> None:
    """The swap without an atomic exchange (macOS, Windows, old kernels, some file systems): `-o` moves aside,
    the stage takes its place. A kill between the two leaves `-o` missing and the old set in the backup,
    which the next run puts back (`clean_leftovers`)."""
    backup = _backup_path(out)
    try:
        out.rename(backup)
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV, errno.EACCES, errno.EPERM):
            raise _CannotRename from None
        raise
    try:
        stage.rename(out)
    except OSError:
        backup.rename(out)
        raise
    _fsync_dir(out.parent)
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
    if err in (errno.EBUSY, errno.EXDEV):
        raise _CannotRename
    raise OSError(err, os.strerror(err))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
