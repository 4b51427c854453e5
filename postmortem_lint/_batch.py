"""Linting the files of one command: in this process or in worker processes, each result
in the order of the files, as it comes.

A worker starts once and lints many files; what it sends back is only what the output
needs (the findings, the lines they quote, the checklist), never the parsed document.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from postmortem_lint import config as config_module
from postmortem_lint.checklist import FileChecklist, evaluate
from postmortem_lint.checks import PluginError, lookup
from postmortem_lint.config import Config, ConfigError
from postmortem_lint.document import DecodeError, decode, parse
from postmortem_lint.engine import InputError, fix_file, lint_document, read_text
from postmortem_lint.violation import Violation

AUTO_FILES = 64
"""With ``--jobs auto``, fewer files than this are linted in this process: starting the
workers would cost more than they save."""

Target = tuple[Path | None, str]
"""A file to lint (None: standard input) and the label it is reported under."""


class Linted(NamedTuple):
    """One file's outcome: its findings, the fixes applied, its lines (only the ones a
    finding quotes, the others empty, when the output quotes lines), its checklist when
    asked for, and notes for the user."""

    label: str
    found: list[Violation]
    fixed: int
    lines: list[str]
    checklist: FileChecklist | None
    notes: tuple[str, ...]


class Failed(NamedTuple):
    """A file that could not be linted; *fatal*: a config or plugin error, which stops
    the run."""

    label: str
    message: str
    fatal: bool = False


class Batch(NamedTuple):
    """How the files of one command are linted: config, selection, inline comments, fixes,
    and what the output needs of each file."""

    explicit: Path | None
    selected: frozenset[str]
    ignored: frozenset[str]
    inline: bool = True
    stdin_filename: str | None = None
    apply_fixes: bool = False
    sources: bool = False
    checklists: bool = False

    def one(self, target: Path | None, label: str) -> Linted | Failed:
        """Lint one file; its errors become a :class:`Failed`."""
        try:
            with _collection_paused():
                return self._lint(target, label)
        except InputError as error:
            return Failed(label, str(error))
        except (ConfigError, PluginError) as error:
            return Failed(label, str(error), fatal=True)

    def _lint(self, target: Path | None, label: str) -> Linted:
        fixed = 0
        if target is None:
            config = config_module.for_file(Path(self.stdin_filename or "-"), self.explicit)
            text = _read_stdin()
            label = self.stdin_filename or label
        else:
            config = config_module.for_file(target, self.explicit)
            if self.apply_fixes:
                fixed = fix_file(
                    target, config, select=self.selected, ignore=self.ignored, inline=self.inline
                )
            text = read_text(target)
        doc = parse(text, config.catalogue, config.date_order)
        found = lint_document(
            doc, config, label, select=self.selected, ignore=self.ignored, inline=self.inline
        )
        lines: list[str] = []
        if self.sources and found:
            lines = [""] * len(doc.lines)
            for v in found:
                if 0 < v.line <= len(lines):
                    lines[v.line - 1] = doc.lines[v.line - 1]
        checklist = None
        if self.checklists:
            checklist = evaluate(doc, config, label, found, set(self.selected), set(self.ignored))
        return Linted(label, found, fixed, lines, checklist, _notes(config, self.selected))


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection while one file is linted; it resumes after. What linting makes
    is freed by reference counting (it makes no cycles to speak of), yet a collection of
    the older generations during it walks every object the parse holds: on a file of 10⁵
    headings those walks took a sixth of the run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_stdin() -> str:
    try:
        return decode(sys.stdin.buffer.read())
    except DecodeError as error:
        raise InputError(str(error)) from None


def _notes(config: Config, selected: frozenset[str]) -> tuple[str, ...]:
    """What to tell the user about a selected rule that has nothing to read in the pack."""
    notes = []
    for rule_id in sorted(selected):
        rule = lookup(rule_id)
        if rule is not None and not rule.applies(config.catalogue):
            notes.append(
                f"postmortem-lint: note: {rule.id} does not run under {config.source}: "
                f"its pack has no section with role {rule.roles_text}"
            )
    return tuple(notes)


def cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: str | None, files: int) -> int:
    """How many processes lint *files* files for ``--jobs`` *jobs* (None: auto); 1 means
    this process. :class:`ValueError` for a value that is not a count or ``auto``."""
    if jobs is None or jobs == "auto":
        return min(cores(), files) if files >= AUTO_FILES else 1
    if not jobs.isdecimal() or not jobs.isascii() or int(jobs) < 1:
        raise ValueError(f"--jobs takes a number of processes (1 or more) or 'auto', not {jobs!r}")
    return min(int(jobs), max(files, 1))


def run(batch: Batch, targets: list[Target], jobs: int) -> Iterator[Linted | Failed]:
    """The outcome of each target, in order: in this process when *jobs* is 1 (or the
    input is standard input), else in *jobs* worker processes started once. Every
    file's config is read first, so a bad one stops the run before any file is linted
    (or fixed)."""
    for target, label in targets:
        try:
            if target is not None:
                config_module.for_file(target, batch.explicit)
        except (ConfigError, PluginError) as error:
            yield Failed(label, str(error), fatal=True)
            return
    if jobs <= 1 or any(target is None for target, _label in targets):
        for target, label in targets:
            yield batch.one(target, label)
        return
    yield from _parallel(batch, targets, jobs)


def _parallel(batch: Batch, targets: list[Target], jobs: int) -> Iterator[Linted | Failed]:
    """:func:`run` in worker processes: chunks of files, a few per worker in flight at a
    time (a slow reader of the output does not make results pile up); on an early end
    (an error, Ctrl-C) the chunks not started are cancelled."""
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(16, len(targets) // (jobs * 4)))
    chunks = iter([targets[i : i + size] for i in range(0, len(targets), size)])
    pool = ProcessPoolExecutor(jobs, initializer=_start, initargs=(batch,))
    pending: deque[Future[list[Linted | Failed]]] = deque()
    try:
        for chunk in islice(chunks, jobs * 2):
            pending.append(pool.submit(_work, chunk))
        while pending:
            done = pending.popleft().result()
            for chunk in islice(chunks, 1):
                pending.append(pool.submit(_work, chunk))
            yield from done
    except BrokenProcessPool:
        yield Failed("-", "a worker process died (killed, or out of memory)", fatal=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_BATCH: Batch | None = None  # a worker's batch, set once when it starts


def _start(batch: Batch) -> None:
    global _BATCH
    _BATCH = batch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _work(chunk: list[Target]) -> list[Linted | Failed]:
    assert _BATCH is not None
    return [_BATCH.one(*target) for target in chunk]
