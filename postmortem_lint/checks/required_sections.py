"""The postmortem has every section the pack requires.

Why: graders (and readers) look for each required part by its heading; a part that is
missing or named beyond recognition is marked missing. The ALX pack requires Issue
Summary, Timeline, Root Cause and Resolution (one combined section, or a Root Cause
section plus a Resolution section) and Corrective and Preventative Measures.

A section a reader sees counts, wherever it sits and however it is written: headings
match whatever their case, punctuation, emoji, numbering, parentheticals or instruction
words ("must contain:"), by the pack's aliases ("Summary", "Action Items", ...), despite
small misspellings ("Time line"), and as a phrase inside a longer heading ("The Plot
Twist: Root Cause and the Heroic Resolution"); a heading naming two sections counts for
both. A heading in disguise (bold text, a bold label with text after it, a list item, a
plain line run on from the line above, ``#NoSpace``, a heading swallowed by HTML, a
centred title indented into a code block) counts too: PM002 reports the disguise. A label
used as a field of another section ("**Root Cause:**" in the summary) still shows that
part. The message names the closest heading that names nothing else, and says when a
code fence left open swallows the rest of the file.

A file that is not a postmortem at all gets one finding saying which, and no other rule
reports on it: empty; a title or a line or two; headings with only placeholders under
them; and, at any length, with no time of day anywhere: a link to a postmortem hosted
elsewhere (Google Docs, Medium, ...) with filler, the assignment's requirement lists
pasted in (requirement wording, instructions to the writer), or a template with its
prompts still in it.

Fails::

    ## Summary
    ...
    ## Root cause
    ...            (no Timeline, no Resolution, no Corrective measures)

Passes::

    ## Issue Summary
    ## Timeline
    ## Root Cause and Resolution
    ## Corrective and Preventative Measures

Options: none; the sections and their aliases are the pack's ``sections``.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks.helpers import at_file
from postmortem_lint.document import Document, Section, Stub, StubKind
from postmortem_lint.sections import SectionSpec
from postmortem_lint.violation import Claim, Level, Problem

ID = "PM001"
NAME = "required-sections"
LEVEL = Level.ERROR
OPTIONS: dict[str, Option] = {}
YIELDS_TO: tuple[Claim, ...] = ()

_CLOSE_ENOUGH = 0.6


def check(doc: Document, options: Options) -> Iterator[Problem]:
    if doc.stub is not None:
        yield _stub_problem(doc.stub, doc)
        return
    present: dict[str, Section] = {}
    for section in reversed(doc.sections):  # a part a reader sees counts, even as a field
        for spec in section.names:
            present[spec.id] = section
    unnamed = [section for section in doc.sections if not section.names]
    for spec in doc.catalogue.required():
        if spec.id in present:
            continue
        if spec.parts and all(part in present for part in spec.parts):
            continue
        yield _missing(spec, doc, present, unnamed)


def _missing(
    spec: SectionSpec, doc: Document, present: dict[str, Section], unnamed: list[Section]
) -> Problem:
    catalogue = doc.catalogue
    message = f"missing section '{spec.title}'"
    found = [present[part] for part in spec.parts if part in present]
    line = 1
    if found:
        absent = next(catalogue.by_id[part].title for part in spec.parts if part not in present)
        line = found[0].line
        message += f": found '{found[0].title}' (line {line}) but no '{absent}' section"
    elif (
        closest := catalogue.closest(spec, (section.title for section in unnamed), _CLOSE_ENOUGH)
    ) is not None:  # asked only when no part is found: comparing titles costs
        line = next(section.line for section in unnamed if section.title == closest[0])
        message += f"; closest heading is '{closest[0]}' (line {line})"
    else:
        message += f"; add a '## {spec.title}' heading"
    if doc.unclosed_fence is not None and any(
        line.strip() for line in doc.lines[doc.unclosed_fence :]
    ):
        message += (
            f"; note the code fence opened at line {doc.unclosed_fence} is never closed "
            "and swallows the rest of the file"
        )
    if line == 1:  # nowhere in particular
        return at_file(message, spec.id, Claim.MISSING)
    return Problem(line, 1, message, region=spec.id, claim=Claim.MISSING)


def _stub_problem(stub: Stub, doc: Document) -> Problem:
    return Problem(stub.line, 1, _stub_message(stub, doc), claim=Claim.NOT_A_POSTMORTEM)


def _stub_message(stub: Stub, doc: Document) -> str:
    wanted = ", ".join(spec.title for spec in doc.catalogue.required())
    match stub.kind:
        case StubKind.EMPTY:
            return "file is empty: write the postmortem in this file"
        case StubKind.SKELETON:
            return "file has section headings but no text under them: write the postmortem"
        case StubKind.SHORT:
            words = f"{doc.words} word{'s' * (doc.words != 1)}"
            listed = f" ({wanted})" if wanted else ""
            return (
                f"file holds only {words} and none of the required sections: write the "
                f"postmortem here{listed}"
            )
        case StubKind.LINK:
            return (
                f"file only links to a postmortem hosted elsewhere ({stub.detail}); graders "
                "read this file: put the postmortem itself here, with its required sections"
            )
        case StubKind.ASSIGNMENT:
            return (
                "file holds the requirements for a postmortem, not an incident: replace them "
                f"with the postmortem of a real or invented outage ({wanted})"
            )
        case StubKind.TEMPLATE:
            return (
                "file is a template with its instructions or placeholders still in it: fill "
                "each section with the incident's facts and delete the instructions"
            )
