"""Accuracy of the time grammar on real writing, against hand labels.

Reads ``tests/data/corpus_labels.yaml`` (labels written by reading the files of
``../shared/corpus/alx``, never by running the grammar), extracts each labelled file's
outage window the way rule PM101 does (the Issue Summary's prose, or the whole file when
there is none, through ``checks._timeline.outage_window``), and compares start, end and zone.

    python bench/grammar_accuracy.py [--corpus ../shared/corpus/alx] [--labels FILE]

A label's ``start``/``end`` is the wall time as written: ``2024-03-02T14:05``,
``--08-21T13:10`` (no year), ``14:05`` (no date), ``2023-09-28`` (no time); seconds when
written. An end is right when every part the label has matches (a date found where the
label has none is not counted against it); the zone is right when both ends carry the
label's UTC offset, or none when the label has no zone.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from postmortem_lint import timegrammar as tg  # noqa: E402
from postmortem_lint.checks._timeline import entries, outage_window  # noqa: E402
from postmortem_lint.document import parse  # noqa: E402
from postmortem_lint.engine import read_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "alx"
LABELS = ROOT / "tests" / "data" / "corpus_labels.yaml"

_WALL = re.compile(
    r"(?:(?:(?P<y>\d{4})|-)-(?P<mo>\d\d)-(?P<d>\d\d))?T?"
    r"(?:(?P<h>\d\d):(?P<mi>\d\d)(?::(?P<s>\d\d))?)?"
)


@dataclass(frozen=True)
class Wall:
    """A labelled wall time; any part may be missing."""

    year: int | None
    month: int | None
    day: int | None
    hour: int | None
    minute: int | None
    second: int | None

    @classmethod
    def parse(cls, text: str) -> Wall:
        match = _WALL.fullmatch(text)
        if match is None or not text:
            raise ValueError(f"not a labelled wall time: {text!r}")
        values = [None if v is None else int(v) for v in match.group("y", "mo", "d")]
        clock = [None if v is None else int(v) for v in match.group("h", "mi", "s")]
        return cls(*values, *clock)

    def __str__(self) -> str:
        date = ""
        if self.month is not None:
            year = "--" if self.year is None else f"{self.year:04d}"
            date = f"{year}-{self.month:02d}-{self.day:02d}"
        clock = ""
        if self.hour is not None:
            clock = f"{self.hour:02d}:{self.minute:02d}"
            clock += f":{self.second:02d}" if self.second is not None else ""
        return "T".join(part for part in (date, clock) if part) or "-"


def moment_wall(moment: tg.Moment) -> Wall:
    """The wall time a parsed moment holds (seconds always, as the grammar knows them)."""
    date, time = moment.date, moment.time
    return Wall(
        date.year if date else None,
        date.month if date else None,
        date.day if date else None,
        time.hour if time else None,
        time.minute if time else None,
        time.second if time else None,
    )


def wall_matches(label: Wall, found: Wall) -> bool:
    """Every part the label has is what was found."""
    if label.month is not None and (label.year, label.month, label.day) != (
        found.year,
        found.month,
        found.day,
    ):
        return False
    if label.hour is not None:
        second = found.second if label.second is not None else None
        if (label.hour, label.minute, label.second or None) != (
            found.hour,
            found.minute,
            second or None,
        ):
            return False
    elif found.hour is not None:
        return False
    return True


@dataclass
class Outcome:
    """One labelled file, compared."""

    file: str
    stated: bool
    found: bool
    start_ok: bool = False
    end_ok: bool = False
    zone_ok: bool = False
    entries_labelled: int = 0
    entries_found: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.start_ok and self.end_ok and self.zone_ok


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        labels = yaml.safe_load(handle)
    assert isinstance(labels, list)
    return labels


def extract(path: Path) -> tuple[tg.Moment, tg.Moment] | None:
    """The outage window of *path* as rule PM101 reads it."""
    found = outage_window(parse(read_text(path)))
    return None if found is None else (found.start, found.end)


def timed_entries(path: Path) -> int:
    """Timeline entries led by a time or date, as the timeline rules read them."""
    return len(entries(parse(read_text(path))))


def _zone_text(moment: tg.Moment) -> str:
    zone = moment.zone
    if zone is None:
        return "none"
    return f"{zone.text} ({zone.offset_minutes})"


def compare(label: dict[str, object], corpus: Path = CORPUS) -> Outcome:
    """The label of one file against what PM101's extraction finds in it."""
    name = str(label["file"])
    stated = bool(label["window"])
    window = extract(corpus / name)
    outcome = Outcome(name, stated, window is not None)
    outcome.entries_labelled = int(str(label.get("timeline_timed_entries") or 0))
    outcome.entries_found = timed_entries(corpus / name)
    if not stated:
        if window is not None:
            outcome.differences.append("a window was found where the summary states none")
        return outcome
    if window is None:
        outcome.differences.append("no window found")
        return outcome
    start, end = window
    for which, moment in (("start", start), ("end", end)):
        want = Wall.parse(str(label[which]))
        got = moment_wall(moment)
        ok = wall_matches(want, got)
        setattr(outcome, f"{which}_ok", ok)
        if not ok:
            outcome.differences.append(f"{which} {got} (label {want})")
    offset = label["offset_minutes"]
    offsets = {m.zone.offset_minutes if m.zone else None for m in (start, end)}
    outcome.zone_ok = offsets == {offset}
    if not outcome.zone_ok:
        zones = f"{_zone_text(start)} / {_zone_text(end)}"
        outcome.differences.append(f"zone {zones} (label {label['zone']}, {offset})")
    return outcome


def evaluate(labels: list[dict[str, object]] | None = None, corpus: Path = CORPUS) -> list[Outcome]:
    return [compare(label, corpus) for label in (labels or load_labels())]


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def report(outcomes: list[Outcome]) -> str:
    stated = [o for o in outcomes if o.stated]
    lines = [
        f"files labelled:            {len(outcomes)}",
        f"windows stated:            {len(stated)}",
        f"  window found:            {_percent(sum(o.found for o in stated), len(stated))}",
        f"  start correct:           {_percent(sum(o.start_ok for o in stated), len(stated))}",
        f"  end correct:             {_percent(sum(o.end_ok for o in stated), len(stated))}",
        f"  zone correct:            {_percent(sum(o.zone_ok for o in stated), len(stated))}",
        f"  all three (accuracy):    {_percent(sum(o.correct for o in stated), len(stated))}",
    ]
    unstated = [o for o in outcomes if not o.stated]
    if unstated:
        spurious = sum(o.found for o in unstated)
        lines.append(f"no window stated:          {len(unstated)}, window found anyway: {spurious}")
    same = sum(o.entries_labelled == o.entries_found for o in outcomes)
    lines.append(
        f"timeline timed entries:    {sum(o.entries_labelled for o in outcomes)} labelled, "
        f"{sum(o.entries_found for o in outcomes)} found; same count in "
        f"{_percent(same, len(outcomes))} files (informative: the timeline rules read list "
        "items and table rows; the labels count plain lines too)"
    )
    misses = [o for o in outcomes if o.differences]
    if misses:
        lines.append("misses:")
        lines.extend(f"  {o.file}: {'; '.join(o.differences)}" for o in misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus} is absent: nothing to measure", file=sys.stderr)
        return 2
    print(report(evaluate(load_labels(args.labels), args.corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
