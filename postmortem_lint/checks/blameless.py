"""The postmortem is blameless: it names what let the failure happen, not whom to blame.

Why: Google SRE and PagerDuty both ask for blameless postmortems. People who fear blame
hide what they saw, and the next outage finds the same gap. "Human error" explains
nothing, because the question is what let the error through. Hindsight ("should have
noticed") judges a person by what only the postmortem knows.

Reported, one finding for each:

* a word of ``blame-words`` ("careless", "negligence", "incompetent", "stupid",
  "ridiculous", ...), and blame said outright ("Ana's fault", "his mistake", "is to
  blame", "blamed"); "no one is to blame" is not;
* one of ``error-words`` ("human error", "operator error") given as the cause: after
  "was", "due to", "caused by", "the root cause ... as", or opening an item of the root
  cause or contributing factors. In a list of what makes systems fail ("bugs, traffic
  spikes, human error") it blames no one;
* a counterfactual about people: a person ("we", "she", "the engineer", a name) who
  "should have" or "could have" done one of ``hindsight-verbs`` ("should have noticed",
  "could have tested it first"); "the monitoring should have seen it" is about the system;
* a person as the cause: "Ana's mistake", "@ana broke the build";
* an action item aimed at a person: one of ``person-actions`` ("retrain", "reprimand")
  before a name or an ``@handle``.

A name is a capitalised word that appears nowhere else in lower case, so "Retrain staff"
is not one when the file also says "staff". Naming people as responders is not blame:
"escalated to the storage lead, Omar" and "Lena, on call, restarted the workers" stay
quiet. Code, inline code, HTML comments and URLs are not read.

Fails::

    The root cause was human error: Priya should have noticed the typo.
    - [ ] Retrain Priya on deploys

Passes::

    The deploy script accepted a config that no test had loaded.
    - [ ] Make the deploy script load the config before it ships it

Options:
  blame-words (words): words and phrases that blame people.
  error-words (words): "errors" that blame people when given as the cause.
  hindsight-verbs (words): what "should have" or "could have" judges a person for.
  person-actions (words): actions that target a person rather than the system.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from itertools import accumulate

from postmortem_lint._text import on_first_use
from postmortem_lint.checks import Option, Options, vocabulary
from postmortem_lint.checks.helpers import (
    blank_urls,
    folded,
    may_hold,
    outside_comments,
    phrase_pattern,
    quote,
    word_starts,
)
from postmortem_lint.document import Document, mask_code_spans
from postmortem_lint.sections import Role
from postmortem_lint.violation import Claim, Level, Problem

ID = "PM701"
NAME = "blameless"
LEVEL = Level.WARNING
OPTIONS = {
    "blame-words": Option(
        "words",
        vocabulary(
            "careless*, negligen*, incompeten*, stupid*, idiot*, dumb, sloppy, lazy, laziness, "
            "ridiculous, reckless*, clueless, pathetic, inexcusable, moron*, "
            "been more careful, paid more attention"
        ),
        "words and phrases that blame people",
    ),
    "error-words": Option(
        "words",
        vocabulary("human error, operator error, engineer error, developer error"),
        '"errors" that blame people when given as the cause',
    ),
    "hindsight-verbs": Option(
        "words",
        vocabulary(
            "noticed, tested, checked, caught, known, realized, realised, seen, reviewed, "
            "read, followed, verified, double-checked, looked, asked, waited"
        ),
        "what 'should have' or 'could have' judges a person for",
    ),
    "person-actions": Option(
        "words",
        vocabulary("retrain, re-train, reprimand, discipline, punish, fire, scold, warn, remind"),
        "actions that target a person rather than the system",
    ),
}
YIELDS_TO = (Claim.NOT_A_POSTMORTEM,)

_FAULT_WORDS = ("fault", "mistake", "error", "oversight", "typo")
_FAULT = on_first_use(
    r"(?:\b(?:his|her|their|my)|(?<![\w@])(?P<name>@[\w-]+|[A-Z][a-z]+)'s)\s+"
    rf"(?:{'|'.join(_FAULT_WORDS)})\b|\bto\s+blame\b|\bblamed\b",
    re.IGNORECASE,
)
_FAULT_NEEDS = (*_FAULT_WORDS, "blame")  # what a line holds for _FAULT to match
_NOBODY = re.compile(r"\b(?:no\s*one|nobody|not)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_HANDLE_CAUSE = on_first_use(r"(?<![\w.])@[\w-]+\s+(?:caused|broke|crashed|took\s+down)\b")
_NAME = r"(?:@[\w-]+|[A-Z][a-z]+)"
_PEOPLE = frozenset(
    [
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "someone",
        "somebody",
        "engineer",
        "engineers",
        "developer",
        "developers",
        "team",
        "operator",
        "operators",
        "admin",
        "administrator",
        "intern",
        "on-call",
        "oncall",
        "reviewer",
        "owner",
        "author",
    ]
)
_WORD = re.compile(r"[a-z]+")
_SUBJECT = re.compile(r"(@?[\w-]+)\s+$")  # the word before "should have"
_THING = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ure|ism|ics|ery|ers?)$")
_ENABLING = re.compile(r"\bso(?:\s+that)?\s+$", re.IGNORECASE)  # "so (that) they could have"

_BLAME = "blames people: say what in the system let it happen, e.g. 'no test loaded the config'"
_HINDSIGHT = (
    "judges a person with hindsight: say what happened and what would have caught it, "
    "e.g. 'no alert covered the disk'"
)
_CAUSE = "names a person as the cause: say what was done and what let it through"
_TARGET = (
    "aims the task at a person: make it about the system, e.g. 'add a review step for "
    "config changes'"
)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    written: set[str] = set()  # the file's words in lower case, read when a name needs it

    def lower() -> set[str]:
        if not written:
            written.update(_WORD.findall(doc.text))
        return written

    def named(match: re.Match[str]) -> bool:  # a capitalised word also in lower case is no name
        name = match.groupdict().get("name")
        return name is None or name.startswith("@") or name.lower() not in lower()

    def person(match: re.Match[str]) -> bool:  # hindsight about someone, not the monitoring
        before = _SUBJECT.search(match.string, 0, match.start())
        who = before.group(1) if before else ""
        if before and _ENABLING.search(match.string, 0, before.start()):
            return False  # "so (that) they could have": a chance not given, not hindsight
        opens = (
            before is not None and not match.string[: before.start()].strip(" *_-")[-1:].isalnum()
        )
        if opens and who.lower() not in _PEOPLE and _THING.search(who):
            return False  # "Alerting should have ...": a noun that opens a sentence
        return (
            who.lower() in _PEOPLE
            or who.startswith("@")
            or (who[:1].isupper() and who.lower() not in lower())
        )

    blame, errors = options.words("blame-words"), options.words("error-words")
    actions = options.words("person-actions")
    error_stems, action_stems = word_starts(errors), word_starts(actions)
    verbs = options.words("hindsight-verbs")
    # each pattern (compiled when a line may match), its advice, and what a line (folded)
    # holds for it to match: nothing, for an empty vocabulary
    checks: list[tuple[Callable[[], re.Pattern[str]], str, tuple[str, ...]]] = [
        (partial(phrase_pattern, blame), _BLAME, word_starts(blame)),
        (partial(_as_cause, errors), _BLAME, error_stems),
        (partial(_hindsight, verbs), _HINDSIGHT, ("have",) if verbs else ()),
        (_FAULT, _CAUSE, _FAULT_NEEDS),
        (_HANDLE_CAUSE, _CAUSE, ("@",)),
    ]
    hot = _hot_lines(doc, word_starts(blame + errors + actions + _TRIGGERS))
    if not hot:
        return
    cause_lines = _lines(
        doc, Role.ROOT_CAUSE, Role.CONTRIBUTING_FACTORS, Role.ROOT_CAUSE_RESOLUTION
    )
    task_lines = _lines(doc, Role.ACTION_ITEMS)
    in_comment = False
    for number, source in enumerate(doc.lines, start=1):
        visible = mask_code_spans(source)  # a `<!--` in code opens no comment
        if in_comment or "<!--" in visible:  # the comment state must follow every line
            visible, in_comment = outside_comments(visible, in_comment)
        if number not in hot or number in doc.code_lines:
            continue  # most lines: none of the words any check starts from
        line = blank_urls(visible)
        seen = folded(line)
        found = [
            (match, advice)
            for compiled, advice, needs in checks
            if may_hold(seen, needs)
            for match in compiled().finditer(line)
            if (
                advice is not _CAUSE or (named(match) and not _NOBODY.search(line[: match.start()]))
            )
            and (advice is not _HINDSIGHT or person(match))
        ]
        if number in cause_lines and may_hold(seen, error_stems):
            found += [(m, _BLAME) for m in _opening_error(errors).finditer(line)]
        if number in task_lines and may_hold(seen, action_stems):
            found += [(m, _TARGET) for m in _targeting(actions).finditer(line) if named(m)]
        reached = 0
        for match, advice in sorted(found, key=lambda pair: pair[0].start()):
            group = "hit" if match.groupdict().get("hit") else 0  # the words, not their lead
            start, end = match.span(group)
            if start < reached:
                continue  # one finding for words two checks both see
            reached = end
            said = f"'{quote(line[start:end])}' {advice}"
            yield Problem(number, start + 1, said, number, end + 1)


_TRIGGERS = (  # what each check needs on a line, besides the option words
    *("should have", "could have", "shouldn't have", "couldn't have", "not have"),
    *("fault", "mistake", "oversight", "typo", "blame", "caused", "broke", "crashed", "took down"),
    *("'s error", "his error", "her error", "their error", "my error"),
)


def _hot_lines(doc: Document, stems: tuple[str, ...]) -> set[int]:
    """The lines holding any of *stems* (in lower case, :func:`folded`): the only ones
    worth reading; all lines when a stem is empty or not ASCII (its other case forms may
    lower to other letters)."""
    if not all(stem and stem.isascii() for stem in stems):
        return set(range(1, len(doc.lines) + 1))
    lowered = [folded(line) for line in doc.lines]
    text = "\n".join(lowered)
    starts = list(accumulate((len(line) + 1 for line in lowered), initial=0))
    hot = set()
    for stem in stems:
        at = text.find(stem)
        while at >= 0:
            hot.add(bisect_right(starts, at))
            at = text.find(stem, at + len(stem))
    return hot


def _lines(doc: Document, *roles: Role) -> set[int]:
    """The source lines of the sections playing *roles*."""
    return {
        number
        for role in roles
        if (section := doc.section(role)) is not None
        for number in range(section.line, section.end_line + 1)
    }


_CAUSAL = (
    r"(?:\broot\s+cause\b[^.]{0,40}?|\b(?:was|were|is|due\s+to|caused\s+by|because\s+of|"
    r"result(?:ed|s)?\s+(?:of|from)|attributed\s+to|down\s+to)\s+)(?:(?:an?|the|simple|pure|plain)\s+)*"
)


@lru_cache(maxsize=8)
def _as_cause(errors: tuple[str, ...]) -> re.Pattern[str]:
    """An error word given as the cause: "was human error", "due to operator error"."""
    return re.compile(_CAUSAL + f"(?P<hit>{phrase_pattern(errors).pattern})", re.IGNORECASE)


@lru_cache(maxsize=8)
def _opening_error(errors: tuple[str, ...]) -> re.Pattern[str]:
    """An error word opening a line of the root cause: "- Human error in ..."."""
    return re.compile(rf"^\W*(?P<hit>{phrase_pattern(errors).pattern})", re.IGNORECASE)


@lru_cache(maxsize=8)
def _hindsight(verbs: tuple[str, ...]) -> re.Pattern[str]:
    verb = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(
        rf"\b(?:should|could)(?:n't|\s+not)?\s+have\s+(?:{verb})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=8)
def _targeting(actions: tuple[str, ...]) -> re.Pattern[str]:
    action = "|".join(re.escape(a) for a in sorted(actions, key=len, reverse=True))
    return re.compile(rf"(?i:\b(?:{action}))\s+(?P<name>{_NAME})\b")
