"""Micro-benchmark of the time grammar on every line of the ALX corpus.

1. Runs ``find_moments``, ``find_window``, ``find_durations`` and ``find_zones`` over
   every line of every corpus file, with the paragraph cache bypassed so every call does
   the real work; prints lines/second and MB/second for each (best of ``--repeat``).
2. Lints the whole corpus with ``lint_text`` (parse and all rules) and prints the share
   of that time spent inside :mod:`postmortem_lint.timegrammar`, measured by wrapping
   its public functions with a timer (no profiler overhead on the rest), with the cache
   on as in real use, and again with it cleared before every file.

    python bench/grammar_bench.py [--corpus ../shared/corpus/alx] [--repeat 5]
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from postmortem_lint import config as config_module  # noqa: E402
from postmortem_lint import lint_text  # noqa: E402
from postmortem_lint import timegrammar as tg  # noqa: E402
from postmortem_lint.engine import read_text  # noqa: E402
from postmortem_lint.timegrammar import _moments as tg_moments  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "alx"
FUNCTIONS: dict[str, Callable[[str], object]] = {
    "find_moments": tg.find_moments,
    "find_window": tg.find_window,
    "find_durations": tg.find_durations,
    "find_zones": tg.find_zones,
}
PUBLIC = ("find_moments", "find_window", "find_durations", "find_zones", "leading_moment")


@contextmanager
def no_cache() -> Iterator[None]:
    """Every call parses its text afresh: the paragraph cache is stepped around."""
    cached = tg_moments._paragraph_moments
    tg_moments._paragraph_moments = cached.__wrapped__  # type: ignore[assignment]
    try:
        yield
    finally:
        tg_moments._paragraph_moments = cached


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def per_function(lines: list[str], repeat: int) -> list[tuple[str, float, float]]:
    size = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    rows = []
    with no_cache():
        for name, function in FUNCTIONS.items():

            def run(function: Callable[[str], object] = function) -> None:
                for line in lines:
                    function(line)

            seconds = best(repeat, run)
            rows.append((name, len(lines) / seconds, size / seconds))
    return rows


class Stopwatch:
    """Time spent inside the wrapped functions (outermost calls only)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._depth = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth += 1
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.seconds += time.perf_counter() - began
                    self.calls += 1

        return timed


def lint_share(texts: list[str], repeat: int, clear: bool) -> tuple[float, float, int]:
    """(total lint seconds, seconds inside the grammar, grammar calls) for the corpus."""
    config = config_module.load()
    originals = {name: getattr(tg, name) for name in PUBLIC}
    results = []
    for _ in range(repeat):
        watch = Stopwatch()
        for name, function in originals.items():
            setattr(tg, name, watch.wrap(function))
        try:
            tg_moments._paragraph_moments.cache_clear()
            began = time.perf_counter()
            for text in texts:
                if clear:
                    tg_moments._paragraph_moments.cache_clear()
                lint_text(text, "README.md", config)
            total = time.perf_counter() - began
        finally:
            for name, function in originals.items():
                setattr(tg, name, function)
        results.append((total, watch.seconds, watch.calls))
    return min(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.md"))
    if not files:
        print(f"no *.md files in {args.corpus}", file=sys.stderr)
        return 2
    texts = [read_text(path) for path in files]
    lines = [line for text in texts for line in text.splitlines()]
    size = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    print(f"corpus: {len(files)} files, {len(lines)} lines, {size:.2f} MB")
    print(f"{'function':<16}{'lines/s':>12}{'MB/s':>8}")
    for name, rate, megabytes in per_function(lines, args.repeat):
        print(f"{name:<16}{rate:>12,.0f}{megabytes:>8.2f}")
    lint_text(texts[0], "README.md")  # warm up: config, rules, imports
    for label, clear in (("cache on", False), ("cache cleared per file", True)):
        total, inside, calls = lint_share(texts, args.repeat, clear)
        print(
            f"lint whole corpus ({label}): {total * 1000:.0f} ms, time grammar "
            f"{inside * 1000:.0f} ms in {calls} calls = {100 * inside / total:.1f}% of lint time"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
