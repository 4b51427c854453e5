"""Hostile inputs, each one file linted by one whole process: its wall time (and a bare
markdown-it-py parse of it, for the machine's speed), peak memory and exit code, against
the bound every one must keep (findings or a one-line error, never a traceback, within
20 s and 1 GiB). The inputs are made from our own fixtures and generated text.

    python bench/hostile.py [--only NAME]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 20
LIMIT_MIB = 1024


def _one_line_postmortem() -> str:
    """Our clean fixture joined into one line, repeated to about 5.5 MB."""
    line = " ".join((ROOT / "fixtures" / "clean.md").read_text(encoding="utf-8").split())
    return "# Postmortem " + " ".join([line] * (5_500_000 // len(line))) + "\n"


INPUTS: dict[str, Callable[[], str]] = {
    "10^5 distinct headings, a sentence under each": lambda: "".join(
        f"# Heading {i} of the incident review\n\nSome text {i}.\n\n" for i in range(100_000)
    ),
    "10^5 distinct level-2 headings, nothing under them": lambda: "".join(
        f"## {i} " + " ".join(str(i * k) for k in range(3)) + "\n" for i in range(100_000)
    ),
    "10^5 one-line list items": lambda: "".join(f"- item {i} of it\n" for i in range(100_000)),
    "10^5 bold lines": lambda: "".join(f"**Bold line {i}**\n\n" for i in range(100_000)),
    "10^5 lines of <!--": lambda: "<!--\n" * 100_000,
    "2,000 broken anchors": lambda: (
        "## Issue Summary\n\n"
        + "".join(f"See [part {i}](#missing-part-{i}).\n" for i in range(2_000))
    ),
    "a 5.5 MB postmortem on one line": _one_line_postmortem,
    "50,000 [ on a line": lambda: "## Issue Summary\n\n" + "[" * 50_000 + "\n",
    "50,000 *a on a line": lambda: "## Issue Summary\n\n" + "*a " * 50_000 + "\n",
}

PROBE = (
    "import resource, subprocess, sys, time; start = time.perf_counter(); "
    "code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, "
    "stderr=open(sys.argv[1], 'wb')).returncode; "
    "print(time.perf_counter() - start, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


def measure(path: Path) -> tuple[float, float, int, str]:
    """Wall seconds, max RSS in MiB, exit code and error output of
    ``postmortem-lint check PATH``."""
    errors = path.with_suffix(".err")
    command = [sys.executable, "-m", "postmortem_lint", "check", str(path)]
    probe = [sys.executable, "-c", PROBE, str(errors), *command]
    out = subprocess.run(probe, capture_output=True, text=True, timeout=LIMIT_SECONDS * 6)
    seconds, rss, code = out.stdout.split()
    return float(seconds), int(rss) / 1024, int(code), errors.read_text(errors="replace")


PARSE = """
import sys, time
from pathlib import Path
from markdown_it import MarkdownIt
text = Path(sys.argv[1]).read_text(encoding="utf-8")
start = time.perf_counter()
MarkdownIt("commonmark").enable("table").parse(text)
print(time.perf_counter() - start)
"""


def parse_seconds(path: Path) -> float:
    """Seconds a bare markdown-it-py parse of *path* takes (in a fresh process): the
    machine's speed, to read the linter's time against."""
    command = [sys.executable, "-c", PARSE, str(path)]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=LIMIT_SECONDS * 6)
        return float(out.stdout)
    except (subprocess.TimeoutExpired, ValueError):  # no figure: the row says nan
        return float("nan")


def kept_the_bound(seconds: float, mib: float, code: int, errors: str) -> bool:
    """Findings (exit 0 or 1) or a one-line error (exit 2), no traceback, in time and
    memory."""
    clean = "Traceback" not in errors and (code in (0, 1) or len(errors.splitlines()) == 1)
    return clean and code in (0, 1, 2) and seconds <= LIMIT_SECONDS and mib <= LIMIT_MIB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the inputs whose name holds this")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    failed = 0
    print(f"{'input':52s} {'time':>8s} {'parse':>7s} {'x parse':>7s} {'max RSS':>9s}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in INPUTS.items():
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / "README.md"
            path.write_text(make(), encoding="utf-8")
            seconds, mib, code, errors = measure(path)
            parse = parse_seconds(path)
            within = kept_the_bound(seconds, mib, code, errors)
            failed += not within
            mark = "" if within else "  OVER THE BOUND"
            ratio = seconds / parse if parse > 0.05 else float("nan")  # none for a tiny parse
            print(
                f"{name:52s} {seconds:7.1f}s {parse:6.1f}s {ratio:7.1f} {mib:7.0f}Mi  {code}{mark}"
            )
            time.sleep(0.1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
