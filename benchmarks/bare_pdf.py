"""A pure rendering job for the machine-ceiling measurement: bare WeasyPrint over pickled pages.

run.py times it once alone and twice side by side: the ratio is what two processes can gain on this
machine at best, the yardstick for `--jobs 2` against `--jobs 1`.
"""

import pickle
import sys
from pathlib import Path

from weasyprint import HTML


def main(path: str, rounds: int) -> int:
    pages, base = pickle.loads(Path(path).read_bytes())  # written by run.py a moment ago
    size = 0
    for _ in range(rounds):
        for page in pages:
            size += len(HTML(string=page, base_url=base).write_pdf())
    return 0 if size else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2])))
