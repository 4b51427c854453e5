"""The source: bytes to text, one kind of newline, front matter and conflict lines set aside."""

from __future__ import annotations

import re
from typing import NamedTuple

LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line: LF, CRLF or a lone CR (as the LSP specification says too)."""
_CONFLICT = re.compile(r"^(?:<{7}(?:\s.*)?|={7}\s*|>{7}(?:\s.*)?|\|{7}(?:\s.*)?)$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_FRONT_MATTER_LINES = 200  # how far the closing '---' of front matter may be


class DecodeError(ValueError):
    """The bytes are not UTF-8 text (binary or another encoding)."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) to text; raise :class:`DecodeError` for anything else."""
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes), not a Markdown postmortem")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start}; "
            "save the file as UTF-8"
        ) from None


class Source(NamedTuple):
    """A file's text split into lines, and what is set aside before Markdown parsing.

    ``lines`` are the text's lines (BOM dropped, CRLF and CR read as LF); ``parsed`` the
    same lines with front matter and merge-conflict marker lines blanked (so a ``=======``
    does not turn the line above it into a heading).
    """

    text: str
    lines: tuple[str, ...]
    parsed: tuple[str, ...]
    conflicts: tuple[int, ...]


def read(text: str) -> Source:
    """Split *text* into a :class:`Source`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    conflicts = conflict_lines(lines)
    parsed = tuple(
        "" if number in conflicts else line
        for number, line in enumerate(_mask_front_matter(lines), start=1)
    )
    return Source(text, tuple(lines), parsed, conflicts)


def _mask_front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].strip() != "---":
        return lines
    for index in range(1, min(len(lines), _FRONT_MATTER_LINES)):
        if _FRONT_MATTER_END.match(lines[index]):
            body = lines[1:index]
            if body and all(":" in line or not line.strip() or line[:1] in " -#" for line in body):
                return [""] * (index + 1) + lines[index + 1 :]
            break
    return lines


def conflict_lines(lines: list[str]) -> tuple[int, ...]:
    """Lines (1-based) that are Git merge-conflict markers, in a file that has a conflict."""
    if not any(line.startswith("<<<<<<<") for line in lines):
        return ()
    return tuple(number for number, line in enumerate(lines, start=1) if _CONFLICT.match(line))
