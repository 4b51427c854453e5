"""Long fuzz runs: the properties of tests/test_fuzz.py on many more examples.

Generated postmortems and mutated fixtures (``tests/fuzzing.py``), spread evenly over
every shipped pack, each checked with every property (lint_text never raises and its
findings lie inside the text; fix_text is idempotent, loss-free and adds no finding of
the fixed rules). A failing example does not stop the run: it is counted, and the
shortest of each kind is printed and written to ``--out``. Prints examples run, failures,
examples per second, and the most CPU time and memory (peak traced by tracemalloc, which
slows the run about twofold; ``--no-memory`` skips it) any one example took.

    python bench/fuzz.py --examples 100000 [--seed 1] [--chunk 500] [--out .fuzz-failures]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import fuzzing as fz  # noqa: E402


@dataclass
class Tally:
    examples: int = 0
    failures: int = 0
    max_seconds: float = 0.0
    max_bytes: int = 0
    slowest: str = ""
    shortest: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # kind -> ...


def run_one(tally: Tally, text: str, pack: str, memory: bool) -> None:
    if memory:
        tracemalloc.start()
    began = time.process_time()
    try:
        fz.check_all(text, fz.pack(pack))
    except Exception as error:  # a property failed, or the linter raised: count, go on
        kind = error.name if isinstance(error, fz.PropertyFailed) else type(error).__name__
        tally.failures += 1
        known = tally.shortest.get(kind)
        if known is None or len(text) < len(known[0]):
            tally.shortest[kind] = (text, pack, str(error)[:500])
    finally:
        spent = time.process_time() - began
        if memory:
            tally.max_bytes = max(tally.max_bytes, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    tally.examples += 1
    if spent > tally.max_seconds:
        tally.max_seconds, tally.slowest = spent, f"{len(text):,} characters under {pack}"


def campaign(
    tally: Tally, strategy: st.SearchStrategy[str], pack: str, examples: int, memory: bool
) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # a failure is recorded, not raised: nothing to shrink
        suppress_health_check=list(HealthCheck),
    )
    @given(text=strategy)
    def body(text: str) -> None:
        run_one(tally, text, pack, memory)

    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples in all")
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed (repeatable)")
    parser.add_argument("--out", type=Path, default=Path(".fuzz-failures"))
    parser.add_argument("--no-memory", action="store_true", help="do not trace memory")
    parser.add_argument("--chunk", type=int, default=500, help="examples per hypothesis run")
    args = parser.parse_args(argv)
    sources = {"generated": fz.documents(), "mutated": fz.mutated_fixtures()}
    runs = [(name, pack) for name in sources for pack in fz.PACKS]
    # hypothesis keeps a tree of every example it ran: chunks bound its memory
    chunks = -(-args.examples // (len(runs) * args.chunk))
    runs = [(name, pack) for _round in range(chunks) for name, pack in runs]
    for pack in fz.PACKS:  # imports, parser and caches warm: not the first example's cost
        fz.check_all(fz.fixture_texts()[0], fz.pack(pack))
    tally = Tally()
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    for index, (name, pack) in enumerate(runs):
        share = args.examples // len(runs) + (index < args.examples % len(runs))
        before = tally.examples
        body = campaign(tally, sources[name], pack, share, not args.no_memory)
        seed(args.seed * 1000 + index)(body)()
        done = f"{tally.examples:,} done, {tally.failures} failures"
        print(f"{name:9} {pack:10} {tally.examples - before:6,} examples ({done})", flush=True)
    wall, cpu = time.perf_counter() - began_wall, time.process_time() - began_cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"examples run:   {tally.examples:,}")
    print(f"failures found: {tally.failures:,} ({len(tally.shortest)} kinds)")
    print(f"examples/s:     {tally.examples / wall:,.1f} (wall {wall:,.0f} s, CPU {cpu:,.0f} s)")
    most = f"{tally.max_seconds * 1000:,.0f} ms CPU for one example ({tally.slowest})"
    print(f"max time:       {most}")
    if not args.no_memory:
        print(f"max memory:     {tally.max_bytes / 2**20:,.1f} MiB traced for one example")
    print(f"max RSS:        {rss:,.0f} MiB (the whole run)")
    if tally.shortest:
        args.out.mkdir(parents=True, exist_ok=True)
    for kind, (text, pack, message) in sorted(tally.shortest.items()):
        path = args.out / f"{kind}-{pack}.md"
        path.write_text(text, encoding="utf-8", newline="")
        print(f"\n{kind} under {pack} ({path}): {message}\n    {text[:300]!r}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
