"""Benchmark: lint the ALX corpus copied N times (default 4 = 892 files), side by side.

Each contender runs as a whole process over the same files, several times; the script
prints the median wall time, the median CPU time (user + system, the process and its
workers), peak memory (max RSS of the largest process) and both ratios to a bare
markdown-it-py parse of the same files. Peers run when they are on PATH: ``pymarkdown``
(pip install pymarkdownlnt) and ``markdownlint`` (npm i -g markdownlint-cli). Then one
file end to end, which is what a pre-commit run pays, against ``import markdown_it``; and
peak memory at 1 copy (223 files) and 16 copies (3,568 files), which should not grow.

    python bench/bench.py [--corpus ../shared/corpus/alx] [--copies 4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT = "import markdown_it"  # the one-file baseline

BARE_PARSE = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    md.parse(path.read_text(encoding="utf-8-sig"))
"""


def measure(command: list[str], repeat: int, memory: bool = True) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (with the children it waited for) and peak
    RSS in MiB (with *memory*; else 0) of *command*."""
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    peak = peak_memory(command) if memory else 0.0
    return statistics.median(times), statistics.median(cpu), peak


def peak_memory(command: list[str]) -> float:
    """Max RSS in MiB of one run of *command*, its largest process (measured from a fresh
    child, so no earlier contender's figure leaks in)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
    return int(out.stdout) / 1024


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
            ("postmortem-lint check --jobs 1", [lint, "check", "-j", "1", "-q", tmp]),
            ("postmortem-lint check --jobs 2", [lint, "check", "-j", "2", "-q", tmp]),
            ("postmortem-lint check (json)", [lint, "check", "--format", "json", tmp]),
        ]
        if shutil.which("pymarkdown"):
            contenders.append(("pymarkdown scan", ["pymarkdown", "scan", "-r", tmp]))
        if shutil.which("markdownlint"):
            contenders.append(("markdownlint (node)", ["markdownlint", tmp]))
        print(f"{count} files, median of {args.repeat} runs, whole process\n")
        header = ("contender", "wall s", "files/s", "CPU s", "max RSS", "x wall", "x CPU")
        print("{:<34} {:>7} {:>8} {:>7} {:>8} {:>7} {:>7}".format(*header))
        base_wall = base_cpu = 0.0
        for name, command in contenders:
            wall, cpu, rss = measure(command, args.repeat)
            base_wall, base_cpu = base_wall or wall, base_cpu or cpu
            print(
                f"{name:<34} {wall:>7.2f} {count / wall:>8.0f} {cpu:>7.2f} {rss:>6.1f}Mi"
                f" {wall / base_wall:>7.2f} {cpu / base_cpu:>7.2f}"
            )
    one = ROOT / "fixtures" / "clean.md"
    runs = max(args.repeat, 10) * 2
    lint_one, import_one = [lint, "check", str(one)], [sys.executable, "-c", IMPORT]
    pairs = [  # in turn, so the machine's drift reaches both alike
        (measure(lint_one, 1, memory=False)[0], measure(import_one, 1, memory=False)[0])
        for _ in range(runs)
    ]
    wall = statistics.median(pair[0] for pair in pairs)
    imported = statistics.median(pair[1] for pair in pairs)
    print(
        f"\none file (pre-commit cost): {wall * 1000:.0f} ms wall, "
        f"{peak_memory(lint_one):.1f} MiB max RSS; 'import markdown_it' "
        f"{imported * 1000:.0f} ms: {wall / imported:.2f}x (median of {runs} runs each, in turn)"
    )
    for copies in (1, 16):
        with tempfile.TemporaryDirectory() as tmp:
            count = copy_corpus(args.corpus, copies, Path(tmp))
            text = peak_memory([lint, "check", "-j", "1", tmp])
            sarif = peak_memory([lint, "check", "-j", "1", "--format", "sarif", tmp])
            print(f"peak memory, {count} files: {text:.1f} MiB (text), {sarif:.1f} MiB (sarif)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
