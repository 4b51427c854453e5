"""A postmortem skeleton from a pack: the header fields it requires, its sections in order,
each with guidance in an HTML comment (the word count skips it) and example lines marked
to be replaced."""

from __future__ import annotations

from postmortem_lint.checks import header_fields, registry
from postmortem_lint.config import Config
from postmortem_lint.sections import Role, SectionSpec
from postmortem_lint.violation import Level

_FEW = "REPLACE: a few sentences."
_GUIDANCE = {
    Role.SUMMARY: (
        "What happened, in a few sentences: the outage window (start and end, each with a "
        "date, a time and a timezone), what was affected and for how many users, and the "
        "root cause in one sentence.",
        "REPLACE: On 2024-03-02 from 14:05 to 16:30 UTC the checkout API returned errors "
        "to 40% of users. The root cause was an expired TLS certificate on the gateway.",
    ),
    Role.IMPACT: (
        "Who and what was affected, with numbers: users, requests, revenue, data.",
        "REPLACE: 40% of checkout requests failed; about 1,200 orders were delayed.",
    ),
    Role.TIMELINE: (
        "One entry per line, each a time (with its zone, or once in the heading) and what "
        "happened: detection, what was tried, escalation, resolution.",
        "- 14:05 UTC: REPLACE: the error-rate alert fires for the checkout API\n"
        "- 14:20 UTC: REPLACE: the on-call engineer suspects the payment provider, a "
        "misleading lead\n"
        "- 15:10 UTC: REPLACE: escalated to the platform team, who find the expired "
        "certificate\n"
        "- 16:30 UTC: REPLACE: the new certificate is installed and the issue is resolved",
    ),
    Role.ROOT_CAUSE: (
        "Why it happened, in detail: the technical cause and what let it through.",
        "REPLACE: the gateway's TLS certificate was renewed by hand once a year, and the "
        "renewal reminder went to the mailbox of an engineer who had left, so nothing warned "
        "the team before it expired at 14:05 and every new connection was refused.",
    ),
    Role.ROOT_CAUSE_RESOLUTION: (
        "Why it happened and how it was fixed, each in detail.",
        "REPLACE: the gateway's TLS certificate was renewed by hand once a year, and the "
        "renewal reminder went to the mailbox of an engineer who had left, so nothing warned "
        "the team before it expired and every new connection was refused. Resolution: the "
        "on-call engineer issued a new certificate, installed it on both gateways, restarted "
        "them one at a time and watched the error rate fall back to zero within minutes.",
    ),
    Role.RESOLUTION: (
        "How service was restored, and how the fix was checked.",
        "REPLACE: the on-call engineer issued a new certificate, installed it on both "
        "gateways, restarted them one at a time, and confirmed with test orders and the "
        "dashboards that checkouts succeeded again and the error rate was back to zero.",
    ),
    Role.ACTION_ITEMS: (
        "Specific tasks, one per line, each an action and what it applies to; add an owner "
        "and a ticket where your team tracks them.",
        "- [ ] REPLACE: Move the gateway certificate to automatic renewal (owner: @ana, OPS-1)\n"
        "- [ ] REPLACE: Alert 30 days before any certificate expires (owner: @li, OPS-2)\n"
        "- [ ] REPLACE: Send renewal notices to the team channel (owner: @sam, OPS-3)",
    ),
    Role.TRIGGER: ("What set the failure off: the change, event or load behind it.", _FEW),
    Role.DETECTION: ("How and when the problem was noticed: alert, report, engineer.", _FEW),
    Role.LESSONS_LEARNED: ("What went well, what went wrong, where you got lucky.", _FEW),
    Role.RESPONDERS: ("Who responded, in which role (commander, scribe, experts).", _FEW),
    Role.CONTRIBUTING_FACTORS: ("What made the failure possible or worse.", _FEW),
}
_OTHER = ("Fill in this part of your team's template.", _FEW)


def skeleton(config: Config, title: str = "Postmortem: REPLACE: a short title") -> str:
    """The skeleton of a postmortem for *config*'s pack, as Markdown text."""
    out = [f"# {title}", ""]
    fields = _fields(config)
    if fields:
        out += [*(f"{name}: REPLACE: {name.lower()}  " for name in fields), ""]
    for spec in _sections(config):
        guidance, example = _GUIDANCE.get(spec.role, _OTHER) if spec.role else _OTHER
        required = "required" if spec.required else "optional"
        out += [f"## {spec.title}", "", f"<!-- {required}: {guidance} -->", "", example, ""]
    return "\n".join(out)


def _fields(config: Config) -> list[str]:
    """The header fields the pack requires, by their first names."""
    rule = next(rule for rule in registry() if rule.id == header_fields.ID)
    setting = config.setting(rule)
    if setting.level is Level.OFF:
        return []
    return [entry.split("/")[0].strip() for entry in setting.options.words("fields")]


def _sections(config: Config) -> list[SectionSpec]:
    """The pack's sections in order; the parts of a section written inside it are left
    out (the whole's example covers them)."""
    parts = {part for spec in config.catalogue.specs for part in spec.parts}
    return [spec for spec in config.catalogue.specs if spec.id not in parts]
