"""How the content rules judge real team postmortems, against blind hand labels.

Each file of ``../shared/corpus/teams`` (``tests/data/team_labels.yaml``) is linted with the
pack of its template family (``google-sre``, ``pagerduty``, ``incident`` for a team's own,
``alx`` for the ALX-shaped ones) and each finding of a scored rule is compared with what
a reader sees:

* PM101 "no outage window" is false when the file states a start and an end; "no
  timezone" is false when the reader can tell the zone;
* PM201 (too few timeline entries) is false when the reader counts at least the rule's
  ``min-entries``; PM202 (out of order) when the reader does not see that entry out of
  order; PM203 (no timezone) when the reader can tell the timeline's zone;
* PM401 (too few tasks) is false when the reader counts at least ``min-tasks`` action
  items; PM403 (no owner, no ticket) when every open item has one;
* PM009 (placeholder) is false when the reader sees no placeholder on that line.

A miss is the reverse: the reader sees the defect and the rule, switched on, is quiet.
Run from the repository root::

    python bench/team_accuracy.py          # per pack: false alarms per file, misses
    python bench/team_accuracy.py -v       # and each false alarm and miss
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postmortem_lint import config as config_module  # noqa: E402
from postmortem_lint.checks import registry  # noqa: E402
from postmortem_lint.engine import lint_text, read_text  # noqa: E402
from postmortem_lint.violation import Violation  # noqa: E402

LABELS = ROOT / "tests" / "data" / "team_labels.yaml"
CORPUS = ROOT.parent / "shared" / "corpus" / "teams"
PACKS = {"google-sre": "google-sre", "pagerduty": "pagerduty", "other": "incident"}
SCORED = ("PM101", "PM201", "PM202", "PM203", "PM401", "PM403", "PM009")
Label = dict[str, Any]


@dataclass
class Outcome:
    """One file's comparison: false alarms and misses, each 'RULE line: why'."""

    file: str
    pack: str
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def load_labels(path: Path = LABELS) -> list[Label]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def pack_for(label: Label) -> str:
    return PACKS.get(str(label["family"]), "alx")


def compare(label: Label, corpus: Path = CORPUS) -> Outcome:
    pack = pack_for(label)
    config = config_module.load(config_module.pack_path(pack))
    path = corpus / str(label["file"])
    found = lint_text(read_text(path), str(path), config, select=set(SCORED))
    outcome = Outcome(str(label["file"]), pack)
    on = {r.id for r, _ in config.enabled()}
    option = {r.id: config.setting(r).options for r in registry()}
    timeline, items, window = label["timeline"], label["action_items"], label["window"]
    open_items = [line for line in items["items"] if line not in items["done"]]
    by_rule: dict[str, list[Violation]] = {}
    for violation in found:
        by_rule.setdefault(violation.rule, []).append(violation)

    def judge(rule: str, wrong: Callable[[Violation], str | None], miss: str | None) -> None:
        for violation in by_rule.get(rule, []):
            why = wrong(violation)
            if why:
                outcome.false.append(f"{rule} {violation.line}: {why}")
        if miss and rule in on and not by_rule.get(rule):
            outcome.missed.append(f"{rule}: {miss}")

    def pm101(v: Violation) -> str | None:
        if "no outage window" in v.message and window["stated"]:
            return f"the file states the window (line {window['line']})"
        if "no timezone" in v.message and window["zone"]:
            return "the window's zone is known"
        return None

    judge("PM101", pm101, None if window["stated"] else "the file states no window")
    entries = len(timeline["entries"])
    least = option["PM201"].integer("min-entries")
    judge(
        "PM201",
        lambda v: f"the reader counts {entries} entries" if entries >= least else None,
        f"{entries} entries" if timeline["present"] and entries < least else None,
    )
    disorder = set(timeline["out_of_order"])
    judge("PM202", lambda v: None if v.line in disorder else "in order to a reader", None)
    for line in disorder - {v.line for v in by_rule.get("PM202", [])}:
        if "PM202" in on:
            outcome.missed.append(f"PM202 {line}: out of order")
    judge(
        "PM203",
        lambda v: "the reader knows the zone" if timeline["zone_known"] else None,
        "no zone" if entries and not timeline["zone_known"] else None,
    )
    count, fewest = len(items["items"]), option["PM401"].integer("min-tasks")
    judge(
        "PM401",
        lambda v: f"the reader counts {count} items" if count >= fewest else None,
        f"{count} items" if items["present"] and count < fewest else None,
    )
    owners = option["PM403"]
    no_owner = [line for line in items["no_owner"] if line in open_items]
    no_ticket = [line for line in items["no_ticket"] if line in open_items]

    def pm403(v: Violation) -> str | None:
        if "no owner" in v.message and not no_owner:
            return "every open item has an owner"
        if "no ticket" in v.message and not no_ticket:
            return "every open item has a ticket"
        return None

    judge("PM403", pm403, None)
    said = " ".join(v.message for v in by_rule.get("PM403", []))
    if "PM403" in on and no_owner and owners.flag("require-owner") and "no owner" not in said:
        outcome.missed.append(f"PM403: {len(no_owner)} open items have no owner")
    if "PM403" in on and no_ticket and owners.flag("require-ticket") and "no ticket" not in said:
        outcome.missed.append(f"PM403: {len(no_ticket)} open items have no ticket")
    places = set(timeline["placeholders"])
    judge("PM009", lambda v: None if v.line in places else "no placeholder there", None)
    for line in places - {v.line for v in by_rule.get("PM009", [])}:
        if "PM009" in on:
            outcome.missed.append(f"PM009 {line}: placeholder")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    outcomes = [compare(label) for label in load_labels(args.labels)]
    for pack in sorted({o.pack for o in outcomes}):
        mine = [o for o in outcomes if o.pack == pack]
        false = sum(len(o.false) for o in mine)
        files = sum(1 for o in mine if o.false)
        missed = sum(len(o.missed) for o in mine)
        print(
            f"{pack}: {len(mine)} files; false alarms: {false} in {files} files "
            f"({false / len(mine):.3f} per file); missed: {missed}"
        )
        if args.verbose:
            for o in mine:
                for line in o.false:
                    print(f"  FALSE   {o.file}: {line}")
                for line in o.missed:
                    print(f"  MISSED  {o.file}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
