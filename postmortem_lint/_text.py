"""Text as a case-blind pattern of ASCII words sees it, and patterns compiled on use."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial


def on_first_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``re.compile(pattern, flags)``, done the first time the result is asked for
    (``_NAME()``): compiling costs more than a file's use of a pattern needed only now and
    then, and a run of one file pays for every pattern compiled at start-up."""
    return cache(partial(re.compile, pattern, flags))


def folded(text: str) -> str:
    """*text* in lower case, with the letters a case-blind regex takes for ASCII ones
    (U+0130, U+0131 and U+017F; the Kelvin sign lowers to "k") made those: what a
    case-blind pattern of ASCII words matches in *text* is a substring of this, at the
    same offsets."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")
