"""Instructions (callgrind) to lint a corpus in one process, against a bare markdown-it-py
parse of the same files: wall times on a shared machine vary by a third from run to run,
instruction counts repeat exactly, so two versions are compared by these. Each figure is
a run over every file less a run over one (the start-up); needs valgrind.

    python bench/instructions.py [CORPUS_DIR ...]   # default: ../shared/corpus
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LINT = """
import sys
from pathlib import Path
from postmortem_lint import config
from postmortem_lint.document import parse
from postmortem_lint.engine import lint_document, read_text
files = sys.argv[1:]
pack = config.load()
for name in files:
    doc = parse(read_text(Path(name)), pack.catalogue, pack.date_order)
    lint_document(doc, pack, name)
"""

PARSE = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
for name in sys.argv[1:]:
    md.parse(Path(name).read_text(encoding="utf-8-sig"))
"""


def instructions(script: str, files: list[str]) -> int:
    """Instructions of one run of *script* over *files* (pyc files written beforehand)."""
    command = [sys.executable, "-c", script, *files]
    subprocess.run(command, check=True, capture_output=True)  # the .pyc files, once
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.findall(r"Collected : (\d+)", out.stderr)[-1])


def main() -> int:
    folders = [Path(arg) for arg in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus"]
    files = sorted(str(path) for folder in folders for path in folder.rglob("*.md"))
    if not files:
        print("no Markdown files in " + ", ".join(map(str, folders)), file=sys.stderr)
        return 2
    parse = instructions(PARSE, files) - instructions(PARSE, files[:1])
    lint = instructions(LINT, files) - instructions(LINT, files[:1])
    print(f"{len(files)} files, instructions beyond the start-up:")
    print(f"  markdown-it-py parse   {parse / 1e6:8,.0f} M")
    print(f"  postmortem-lint        {lint / 1e6:8,.0f} M   {lint / parse:.2f}x the parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
