"""How PM001 judges sections on real postmortems, against hand labels.

For each labelled file of ``../shared/corpus`` (``tests/data/section_labels.yaml``), lint it
with PM001 under a pack (``alx`` by default) and compare with what a reader sees:

* **false missing**: PM001 says a section is missing that the reader sees (the worst finding);
* **missed missing**: a required section the reader does not see, and PM001 is quiet;
* **false not-a-postmortem**: the one "not a postmortem" finding on a real postmortem;
* **missed not-a-postmortem**: a file that is not a postmortem, given ordinary findings.

A pack section is matched to the labels by its role (a combined root cause and resolution
section is seen when both parts are). Run from the repository root::

    python bench/section_accuracy.py                  # held-out files (never tuned on)
    python bench/section_accuracy.py --split tune     # the files matching was tuned on
    python bench/section_accuracy.py --split all -v   # every file, listing each miss
    python bench/section_accuracy.py --split all --pack google-sre --family google-sre
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postmortem_lint import config as config_module  # noqa: E402
from postmortem_lint.engine import lint_text, read_text  # noqa: E402

LABELS = ROOT / "tests" / "data" / "section_labels.yaml"
CORPUS = ROOT.parent / "shared" / "corpus"
STUB_START = "file "  # PM001's not-a-postmortem messages all begin so ("file is empty", ...)


@dataclass
class Outcome:
    """One file's comparison."""

    file: str
    corpus: str
    false_missing: list[str] = field(default_factory=list)
    missed_missing: list[str] = field(default_factory=list)
    false_stub: bool = False
    missed_stub: bool = False


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _seen(label: dict[str, object], roles: tuple[str, ...]) -> bool:
    return all(label.get(role) is not None for role in roles)


def _spec_roles(pack: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each required section of *pack*: title -> (id, label roles it needs)."""
    catalogue = config_module.load(config_module.pack_path(pack)).catalogue
    out = {}
    for spec in catalogue.required():
        parts = [catalogue.by_id[part] for part in spec.parts]
        roles = tuple(str(part.role) for part in parts) if parts else (str(spec.role),)
        out[spec.title] = (spec.id, roles)
    return out


def compare(label: dict[str, object], corpus: Path = CORPUS, pack: str = "alx") -> Outcome:
    name, where = str(label["file"]), str(label["corpus"])
    path = corpus / where / name
    text = read_text(path)
    config = config_module.load(config_module.pack_path(pack))
    found = lint_text(text, str(path), config, select={"PM001"})
    outcome = Outcome(name, where)
    stub = any(v.message.startswith(STUB_START) for v in found)
    missing = {v.message.split("'")[1] for v in found if v.message.startswith("missing section '")}
    if not label["postmortem"]:
        outcome.missed_stub = not stub
        return outcome
    outcome.false_stub = stub
    for title, (_spec_id, roles) in _spec_roles(pack).items():
        seen = _seen(label, roles)
        if title in missing and seen:
            outcome.false_missing.append(title)
        elif title not in missing and not seen and not stub:
            outcome.missed_missing.append(title)
    return outcome


def evaluate(
    labels: list[dict[str, object]], corpus: Path = CORPUS, pack: str = "alx"
) -> list[Outcome]:
    return [compare(label, corpus, pack) for label in labels]


def families(corpus: Path = CORPUS) -> dict[str, str]:
    """Each team file's template family, from the corpus MANIFEST."""
    manifest = corpus / "teams" / "MANIFEST.tsv"
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: row[5] for row in rows if len(row) > 5}


def report(outcomes: list[Outcome], verbose: bool) -> None:
    for where in sorted({o.corpus for o in outcomes}):
        group = [o for o in outcomes if o.corpus == where]
        real = [o for o in group if not o.missed_stub and not o.false_stub]
        false_missing = sum(len(o.false_missing) for o in group)
        files_false = sum(bool(o.false_missing) for o in group)
        print(
            f"{where}: {len(group)} files; false 'missing section': {false_missing} in "
            f"{files_false} files ({false_missing / max(1, len(group)):.3f} per file); "
            f"missed missing: {sum(len(o.missed_missing) for o in group)}; "
            f"false not-a-postmortem: {sum(o.false_stub for o in group)}; "
            f"missed not-a-postmortem: {sum(o.missed_stub for o in group)}; "
            f"clean judgements: {len(real)}"
        )
        if verbose:
            for o in group:
                for title in o.false_missing:
                    print(f"  FALSE MISSING  {o.file}: {title}")
                for title in o.missed_missing:
                    print(f"  missed         {o.file}: {title}")
                if o.false_stub:
                    print(f"  FALSE STUB     {o.file}")
                if o.missed_stub:
                    print(f"  missed stub    {o.file}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "tune", "all"), default="heldout")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--pack", default="alx", help="the shipped pack to lint with")
    parser.add_argument("--family", help="only team files of this template family (MANIFEST)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    family = families() if args.family else {}
    labels = [
        label
        for label in load_labels(args.labels)
        if (args.split == "all" or label["split"] == args.split)
        and (not args.family or family.get(str(label["file"])) == args.family)
    ]
    report(evaluate(labels, CORPUS, args.pack), args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
