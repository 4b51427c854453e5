"""Text as a case-blind pattern of ASCII words sees it."""

from __future__ import annotations


def folded(text: str) -> str:
    """*text* in lower case, with the letters a case-blind regex takes for ASCII ones
    (U+0130, U+0131 and U+017F; the Kelvin sign lowers to "k") made those: what a
    case-blind pattern of ASCII words matches in *text* is a substring of this, at the
    same offsets."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")
