"""Benchmark: lint the ALX corpus copied N times (default 4 = 892 files), side by side.

Each contender runs as a whole process over the same files, several times; the script
prints the median wall time, peak memory (max RSS) and the ratio to a bare markdown-it-py
parse of the same files. Peers run when they are on PATH:
``pymarkdown`` (pip install pymarkdownlnt) and ``markdownlint`` (npm i -g markdownlint-cli).
It also times one file end to end, which is what a pre-commit run pays.

    python bench/bench.py [--corpus ../shared/corpus/alx] [--copies 4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_PARSE = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    md.parse(path.read_text(encoding="utf-8-sig"))
"""


def measure(command: list[str], repeat: int) -> tuple[float, float, int]:
    """Median wall seconds, peak RSS in MiB, and the last exit code of *command*."""
    times: list[float] = []
    peak = 0
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), peak / 1024, code


def copy_corpus(corpus: Path, copies: int, into: Path) -> int:
    files = sorted(corpus.glob("*.md"))
    for copy in range(copies):
        target = into / f"copy{copy}"
        target.mkdir()
        for path in files:
            shutil.copyfile(path, target / path.name)
    return len(files) * copies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "alx")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lint = shutil.which("postmortem-lint") or str(Path(sys.executable).with_name("postmortem-lint"))
    with tempfile.TemporaryDirectory() as tmp:
        count = copy_corpus(args.corpus, args.copies, Path(tmp))
        contenders: list[tuple[str, list[str]]] = [
            ("markdown-it-py parse only", [sys.executable, "-c", BARE_PARSE, tmp]),
            ("postmortem-lint check", [lint, "check", "--quiet", "--format", "json", tmp]),
            ("postmortem-lint check --statistics", [lint, "check", "--statistics", tmp]),
        ]
        if shutil.which("pymarkdown"):
            contenders.append(("pymarkdown scan", ["pymarkdown", "scan", "-r", tmp]))
        if shutil.which("markdownlint"):
            contenders.append(("markdownlint (node)", ["markdownlint", tmp]))
        print(f"{count} files, median of {args.repeat} runs, whole process\n")
        print(f"{'contender':<36} {'wall s':>8} {'files/s':>9} {'max RSS MiB':>12} {'ratio':>7}")
        baseline = None
        for name, command in contenders:
            wall, rss, _code = measure(command, args.repeat)
            baseline = baseline or wall
            print(
                f"{name:<36} {wall:>8.3f} {count / wall:>9.0f} {rss:>12.1f} {wall / baseline:>7.2f}"
            )
    one = ROOT / "fixtures" / "clean.md"
    wall, rss, _code = measure([lint, "check", str(one)], max(args.repeat, 10))
    print(f"\none file (pre-commit cost): {wall * 1000:.0f} ms wall, {rss:.1f} MiB max RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
