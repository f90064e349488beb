"""One profile's PDFs printed by the build's own process and `jobs - 1` worker processes together.

Why this shape: printing is most of a full build, and on two cores a pool of two workers beside a busy
parent means three processes sharing two cores, plus two interpreter start-ups on the critical path. So
the workers are started before the profile is even loaded (their WeasyPrint import overlaps the parent's
validation and wording), the parent prints too once its own work (Markdown, HTML, DOCX) is done, and every
printer takes the largest page still waiting (largest first, so the last to finish are the short forms).
Who printed a page does not change its bytes (tests/render/test_pdf.py compares them with `--jobs 1`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context


def print_page(page: str, path: str, epoch: int) -> bytes:
    from kzpolicy_gen.render.pdf import render_pdf

    return render_pdf(page, path, epoch)


def _warm_up() -> None:
    from kzpolicy_gen.render.pdf import warm_up

    warm_up()


def _ready() -> None:
    """A no-op task: submitting one per worker starts the workers now rather than at the first page."""


class PrintPool:
    """A queue of pages, worker processes that feed on it (one feeder thread each) and the parent's share."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                            initializer=_warm_up)
        self.started: list[Future[None]] = [self.executor.submit(_ready) for _ in range(workers)]
        self.waiting: list[tuple[int, int, str, str, int]] = []  # (size, order, path, page, epoch)
        self.results: dict[str, bytes] = {}
        self.by_workers = 0
        self.error: BaseException | None = None
        self.closed = False
        self.used = False
        self.turn = threading.Condition()
        self.feeders = [threading.Thread(target=self._feed, daemon=True) for _ in range(workers)]
        for feeder in self.feeders:
            feeder.start()

    def add(self, path: str, page: str, epoch: int) -> None:
        """Queue a page; a free worker takes it at once."""
        with self.turn:
            self.used = True
            self.waiting.append((len(page), -len(self.waiting), path, page, epoch))
            self.turn.notify()

    def _take(self, block: bool) -> tuple[str, str, int] | None:
        """The largest page waiting (the earliest among equals), or None when there is none (or an error)."""
        with self.turn:
            while block and not self.waiting and not self.closed and self.error is None:
                self.turn.wait()
            if not self.waiting or self.error is not None:
                return None
            best = max(self.waiting)
            self.waiting.remove(best)
            return best[2], best[3], best[4]

    def _feed(self) -> None:
        while (item := self._take(block=True)) is not None:
            path, page, epoch = item
            try:
                data = self.executor.submit(print_page, page, path, epoch).result()
            except BaseException as exc:  # re-raised in the parent by finish()
                with self.turn:
                    self.error = self.error or exc
                    self.turn.notify_all()
                return
            with self.turn:
                self.results[path] = data
                self.by_workers += 1

    def finish(self, print_here: Callable[[str, str, int], bytes]) -> dict[str, bytes]:
        """Print what is left together with the workers; every page's PDF, or the first error raised."""
        with self.turn:
            self.closed = True
            self.turn.notify_all()
        while (item := self._take(block=False)) is not None:
            path, page, epoch = item
            data = print_here(page, path, epoch)
            with self.turn:
                self.results[path] = data
        _join(self.feeders)
        if self.error is not None:
            raise self.error
        return self.results

    def stop(self) -> None:
        """Stop the workers (also after a failed build); a queue left unfinished is dropped."""
        with self.turn:
            self.closed = True
            self.waiting.clear()
            self.turn.notify_all()
        _join(self.feeders)
        if not self.used:
            # Nothing to print (every PDF reused, or the build failed first): do not wait for the workers'
            # WeasyPrint import to finish.
            for process in list(self.executor._processes.values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def _join(threads: list[threading.Thread]) -> None:
    """Join in half-second steps, so that a Ctrl-C handed to another thread still reaches the main thread."""
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)


_current: PrintPool | None = None


def start(workers: int) -> PrintPool | None:
    """Start `workers` printing processes for the build about to run (none when `workers` < 1)."""
    global _current
    stop()
    _current = PrintPool(workers) if workers >= 1 else None
    return _current


def take(workers: int) -> PrintPool:
    """The pool started for this build, or a new one."""
    global _current
    if _current is None or _current.closed:
        _current = PrintPool(workers)
    return _current


def stop() -> None:
    """Stop the current pool, if any."""
    global _current
    if _current is not None:
        pool, _current = _current, None
        pool.stop()
