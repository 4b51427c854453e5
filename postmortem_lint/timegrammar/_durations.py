"""Lengths of time: "16 hours", "4h 30m", "half an hour"."""

from __future__ import annotations

import re

from postmortem_lint._text import folded, on_first_use
from postmortem_lint.timegrammar._atoms import _alternation
from postmortem_lint.timegrammar._values import Duration

# --- durations ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_UNITS = {"w": 10080.0, "d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_AMOUNT = (
    r"(?:(?<![\d.:/,])(?P<{0}n>\d{{1,3}}(?:\.\d\d?)?)|\b(?P<{0}w>"
    + _alternation(_NUMBER_WORDS)
    + r"|an?(?=\s{{1,3}}(?:hour|minute|second)\b)))"
)
_UNIT = r"(?P<{0}u>weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"


def _part(tag: str) -> str:
    return (_AMOUNT + r"[\s-]{{0,2}}" + _UNIT).format(tag)


# A length of time: one of the costliest patterns to compile, and most files never need it
# (36 of the 305 corpus files did).
_DURATION = on_first_use(
    r"(?P<half>\bhalf[\s-]{1,3}an?[\s-]{1,3}hour\b|\ba\s{1,3}half[\s-]{1,3}hour\b)"
    r"|(?<![\d.:/,])(?P<sh>\d{1,3}(?:\.\d)?)h(?:\s{0,2}(?P<sm>\d\d?)m(?:ins?)?)?\b"
    r"|"
    + _part("a")
    + r"(?:[\s,]{1,3}(?:and\s{1,3})?(?:"
    + _part("b")
    + r"|(?P<bhalf>a\s{1,3}half\b)))?(?:[\s,]{1,3}(?:and\s{1,3})?"
    + _part("c")
    + ")?",
    re.IGNORECASE,
)


_UNIT_STEMS = ("hour", "hr", "min", "day", "sec", "week")
_GLUED_HOURS = re.compile(r"\d[hH]")


def _amount(match: re.Match[str], tag: str) -> tuple[float, float]:
    """(count, minutes per unit) of part *tag*, which matched."""
    number, word, unit = match.group(tag + "n", tag + "w", tag + "u")
    count = float(number) if number else _NUMBER_WORDS.get(folded(word), 1)
    return count, _UNITS[folded(unit[0])]


def find_durations(text: str) -> list[Duration]:
    """Every length of time in *text* ("4 hours and 30 minutes", "an hour", "4h 30m")."""
    found: list[Duration] = []
    lower = folded(text)  # as the case-blind pattern reads it (a long s is an s)
    if not any(unit in lower for unit in _UNIT_STEMS) and not _GLUED_HOURS.search(text):
        return found
    position = 0
    pattern = _DURATION()
    while match := pattern.search(text, position):
        end = match.end()
        if match.group("half"):
            minutes = 30.0
        elif match.group("sh"):
            minutes = float(match.group("sh")) * 60 + int(match.group("sm") or 0)
        else:
            count, unit = _amount(match, "a")
            minutes, end = count * unit, match.end("au")
            if match.group("bhalf"):
                minutes, end = minutes + unit / 2, match.end("bhalf")
            for tag in "bc":  # later parts must be smaller units: "2 hours, 3 hours" is two
                if match.group(tag + "u") is None:
                    break
                more, smaller = _amount(match, tag)
                if smaller >= unit:
                    break
                minutes, unit, end = minutes + more * smaller, smaller, match.end(tag + "u")
        found.append(Duration(minutes, match.start(), end, text[match.start() : end]))
        position = end
    return found
