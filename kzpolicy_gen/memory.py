"""How much memory this process holds, on any platform, without a compiled helper.

Why a module of its own: the `resource` module does not exist on Windows, and importing it at the top of
a module made every Windows run fail; these probes answer None where the platform has no cheap answer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_STATM = Path("/proc/self/statm")


def resident_bytes() -> int | None:
    """Current resident set size: /proc on Linux; elsewhere the peak (it only grows, which is what a growth
    limit needs); None where neither exists."""
    try:
        pages = int(_STATM.read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return peak_bytes()


def peak_bytes() -> int | None:
    """Peak resident set size of this process: VmHWM on Linux (unlike ru_maxrss it is not inherited from the
    parent at fork/exec, so a worker reports only its own peak), ru_maxrss elsewhere, None on Windows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # bytes on macOS, KiB elsewhere
