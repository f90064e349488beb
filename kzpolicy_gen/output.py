"""Writing outputs: everything rendered in memory first, then each file replaced atomically.

Why: a failed build must leave the previous output untouched, and a reader of the folder must
never see a half-written file; `manifest.json` goes last so it always describes a complete set.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kzpolicy_gen.errors import Issue, OutputError


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


def publish(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write `files` (relative path → bytes) under `out`; manifest.json last. Returns written paths."""
    check_output_dir(out)
    mode = 0o666 & ~_umask()
    order = sorted(files, key=lambda name: (name == "manifest.json", name))
    written = []
    root = out.resolve() if out.exists() else None
    for name in order:
        target = out / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise OutputError([Issue("out-path", f"refusing to write {name} outside the output folder", str(out))])
        for parent in [target.parent, *target.parent.parents]:
            if parent == out.parent:
                break
            if parent.is_symlink():
                raise OutputError([Issue("out-symlink", f"{parent} is a symbolic link; refusing to write through it",
                                         str(parent))])
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if root is not None and not target.parent.resolve().is_relative_to(root):
                raise OutputError([Issue("out-path", f"{target} leaves the output folder", str(target))])
            _atomic_write(target, files[name], mode)
        except OSError as exc:
            raise OutputError([Issue("out-io", f"could not write {target}: {exc.strerror}", str(target))]) from None
        written.append(target)
    return written


def _atomic_write(target: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kzpolicy-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode)
        Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
