"""Timezone abbreviations and names, as plain data for :mod:`postmortem_lint.timegrammar`.

Offsets are minutes east of UTC (``+60`` is one hour ahead of UTC). An ambiguous
abbreviation carries its most common reading; ``others`` names the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class ZoneInfo(NamedTuple):
    """One timezone abbreviation.

    ``kind`` is "standard" or "daylight" (half of a ``pair`` that switches with the
    season), "fixed" (no daylight saving), or "generic" ("Eastern Time": the season decides
    between ``name``'s standard offset and ``pair``).
    """

    abbr: str
    offset_minutes: int
    kind: str
    pair: str | None
    name: str
    ambiguous: bool = False
    others: str = ""


# abbr, offset, kind, pair, usual reading, other readings (non-empty means ambiguous)
_ROWS: tuple[tuple[str, int, str, str | None, str, str], ...] = (
    ("UTC", 0, "fixed", None, "Coordinated Universal Time", ""),
    ("GMT", 0, "standard", "BST", "Greenwich Mean Time", ""),
    ("Z", 0, "fixed", None, "Zulu (UTC)", ""),
    ("EST", -300, "standard", "EDT", "Eastern Standard Time", ""),
    ("EDT", -240, "daylight", "EST", "Eastern Daylight Time", ""),
    ("CST", -360, "standard", "CDT", "Central Standard Time", "China Standard Time (UTC+8)"),
    ("CDT", -300, "daylight", "CST", "Central Daylight Time", ""),
    ("MST", -420, "standard", "MDT", "Mountain Standard Time", ""),
    ("MDT", -360, "daylight", "MST", "Mountain Daylight Time", ""),
    ("PST", -480, "standard", "PDT", "Pacific Standard Time", ""),
    ("PDT", -420, "daylight", "PST", "Pacific Daylight Time", ""),
    ("AKST", -540, "standard", "AKDT", "Alaska Standard Time", ""),
    ("AKDT", -480, "daylight", "AKST", "Alaska Daylight Time", ""),
    ("HST", -600, "fixed", None, "Hawaii Standard Time", ""),
    ("AST", -240, "standard", "ADT", "Atlantic Standard Time", "Arabia Standard Time (UTC+3)"),
    ("ADT", -180, "daylight", "AST", "Atlantic Daylight Time", ""),
    ("CET", 60, "standard", "CEST", "Central European Time", ""),
    ("CEST", 120, "daylight", "CET", "Central European Summer Time", ""),
    ("WET", 0, "standard", "WEST", "Western European Time", ""),
    ("WEST", 60, "daylight", "WET", "Western European Summer Time", ""),
    ("EET", 120, "standard", "EEST", "Eastern European Time", ""),
    ("EEST", 180, "daylight", "EET", "Eastern European Summer Time", ""),
    ("BST", 60, "daylight", "GMT", "British Summer Time", "Bangladesh Standard Time (UTC+6)"),
    (
        "IST",
        330,
        "fixed",
        None,
        "India Standard Time",
        "Irish Standard Time (UTC+1), Israel Standard Time (UTC+2)",
    ),
    ("WAT", 60, "fixed", None, "West Africa Time", ""),
    ("CAT", 120, "fixed", None, "Central Africa Time", ""),
    ("EAT", 180, "fixed", None, "East Africa Time", ""),
    ("SAST", 120, "fixed", None, "South Africa Standard Time", ""),
    ("MSK", 180, "fixed", None, "Moscow Standard Time", ""),
    ("JST", 540, "fixed", None, "Japan Standard Time", ""),
    ("KST", 540, "fixed", None, "Korea Standard Time", ""),
    ("AEST", 600, "standard", "AEDT", "Australian Eastern Standard Time", ""),
    ("AEDT", 660, "daylight", "AEST", "Australian Eastern Daylight Time", ""),
    ("ACST", 570, "standard", "ACDT", "Australian Central Standard Time", ""),
    ("ACDT", 630, "daylight", "ACST", "Australian Central Daylight Time", ""),
    ("AWST", 480, "fixed", None, "Australian Western Standard Time", ""),
    ("NZST", 720, "standard", "NZDT", "New Zealand Standard Time", ""),
    ("NZDT", 780, "daylight", "NZST", "New Zealand Daylight Time", ""),
    ("PKT", 300, "fixed", None, "Pakistan Standard Time", ""),
    ("SGT", 480, "fixed", None, "Singapore Time", ""),
    ("HKT", 480, "fixed", None, "Hong Kong Time", ""),
    ("ICT", 420, "fixed", None, "Indochina Time", ""),
    ("WIB", 420, "fixed", None, "Western Indonesia Time", ""),
    ("GST", 240, "fixed", None, "Gulf Standard Time", "South Georgia Time (UTC-2)"),
    ("ART", -180, "fixed", None, "Argentina Time", ""),
    ("BRT", -180, "fixed", None, "Brasilia Time", ""),
)

ZONES: Mapping[str, ZoneInfo] = MappingProxyType(
    {
        abbr: ZoneInfo(abbr, offset, kind, pair, name, bool(others), others)
        for abbr, offset, kind, pair, name, others in _ROWS
    }
)
"""Abbreviation -> zone (case-sensitive; "Z" is only read glued to an ISO time)."""

# US zones named without the season; the offset is the standard one.
_GENERIC = {"ET": "EST", "CT": "CST", "MT": "MST", "PT": "PST"}
_GENERIC_NAMES = {"eastern": "ET", "central": "CT", "mountain": "MT", "pacific": "PT"}


def _generic(abbr: str) -> ZoneInfo:
    standard = ZONES[_GENERIC[abbr]]
    name = standard.name.replace(" Standard", "")
    return ZoneInfo(abbr, standard.offset_minutes, "generic", standard.pair, name, True)


def _long_names() -> dict[str, ZoneInfo]:
    names = {
        info.name.lower(): info._replace(ambiguous=False, others="") for info in ZONES.values()
    }
    del names["zulu (utc)"]
    for word, abbr in _GENERIC_NAMES.items():
        names[f"{word} time"] = _generic(abbr)
    aliases = {
        "universal time": "UTC",
        "west african time": "WAT",
        "central african time": "CAT",
        "east african time": "EAT",
        "south african standard time": "SAST",
        "indian standard time": "IST",
        "moscow time": "MSK",
        "singapore standard time": "SGT",
        "central european standard time": "CET",
        "hawaii-aleutian standard time": "HST",
    }
    for alias, abbr in aliases.items():
        names[alias] = names[ZONES[abbr].name.lower()]
    extra: tuple[tuple[str, str, int, str, str | None], ...] = (
        ("Arabia Standard Time", "AST", 180, "fixed", None),
        ("Irish Standard Time", "IST", 60, "daylight", "GMT"),
        ("Israel Standard Time", "IST", 120, "standard", "IDT"),
        ("China Standard Time", "CST", 480, "fixed", None),
        ("Bangladesh Standard Time", "BST", 360, "fixed", None),
    )
    for name, abbr, offset, kind, pair in extra:
        names[name.lower()] = ZoneInfo(abbr, offset, kind, pair, name)
    return names


GENERIC: Mapping[str, ZoneInfo] = MappingProxyType({abbr: _generic(abbr) for abbr in _GENERIC})
"""US zones without the season ("5 PM ET"); read only right after a time, being short words."""

LONG_NAMES: Mapping[str, ZoneInfo] = MappingProxyType(_long_names())
"""Lower-case long name ("pacific standard time") -> zone; never ambiguous about the region."""
