"""``postmortem-lint server``: a language server over stdio, built on pygls.

Diagnostics come on open and save, and on change after a pause in typing; closing a document
clears them. Each document gets the config ``check`` would discover for its path, read again
on open and save; an error (a bad config, a failing plugin) is shown once. Positions
are sent in the encoding negotiated with the client (UTF-16 code units unless it offers
another). Code actions apply the safe fixes one by one or all at once
(``source.fixAll.postmortem-lint``); hovering a finding shows its rule's documentation.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from postmortem_lint import __version__
from postmortem_lint import config as config_module
from postmortem_lint._ruledoc import help_markdown
from postmortem_lint.checks import Rule, lookup, one_line
from postmortem_lint.config import Config, ConfigError
from postmortem_lint.document import LINE_BREAK, parse
from postmortem_lint.engine import InputError, fix_text, lint_fixable
from postmortem_lint.violation import Fix, Violation

SOURCE = "postmortem-lint"
FIX_ALL = types.CodeActionKind.SourceFixAll + ".postmortem-lint"
DEBOUNCE = 0.3
"""Seconds without a change before a changed document is linted again."""

_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}


class _Linted(NamedTuple):
    """A document's text as last linted (its lines as the client has them), its findings
    and their fixes; *shift*: 1 when the text opens with a BOM, which the findings' columns
    on line 1 do not count and the client's do."""

    version: int | None
    lines: list[str]
    found: list[tuple[Violation, Fix | None]]
    shift: int = 0

    def position(self, units: _Units, line: int, column: int) -> types.Position:
        """The client's position of a finding's 1-based line and column."""
        return units.to_client(self.lines, line, column + (self.shift if line == 1 else 0))

    def point(self, units: _Units, position: types.Position) -> tuple[int, int]:
        """A finding's (line, column) for the client's position."""
        line, column = units.from_client(self.lines, position)
        return line, max(1, column - self.shift) if line == 1 else column


class _Units:
    """Columns in the client's position encoding, from code points and back."""

    def __init__(self, encoding: str | None) -> None:
        self.codec = {
            types.PositionEncodingKind.Utf8: "utf-8",
            types.PositionEncodingKind.Utf32: None,
        }.get(types.PositionEncodingKind(encoding or "utf-16"), "utf-16-le")

    def count(self, text: str) -> int:
        if self.codec is None:
            return len(text)
        size = len(text.encode(self.codec, "surrogatepass"))
        return size // 2 if self.codec == "utf-16-le" else size

    def to_client(self, lines: list[str], line: int, column: int) -> types.Position:
        """An LSP position for a 1-based *line* and code-point *column*."""
        if not lines:
            return types.Position(line=0, character=0)
        index = min(max(line, 1), len(lines)) - 1
        return types.Position(line=index, character=self.count(lines[index][: column - 1]))

    def from_client(self, lines: list[str], position: types.Position) -> tuple[int, int]:
        """A 1-based (line, code-point column) for an LSP position."""
        if position.line >= len(lines):
            return len(lines) + 1, 1
        units = 0
        for column, char in enumerate(lines[position.line]):
            units += self.count(char)
            if units > position.character:
                return position.line + 1, column + 1
        return position.line + 1, len(lines[position.line]) + 1


class PostmortemServer(LanguageServer):
    """The server's state: each open document as last linted, and pending re-lints."""

    def __init__(self, explicit: Path | None) -> None:
        super().__init__(SOURCE, __version__)
        self.explicit = explicit
        self.linted: dict[str, _Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.failed: dict[str, str] = {}  # the error last shown for a document
        self.fixed: dict[str, types.CodeAction | None] = {}  # fix-all, per linted text

    @property
    def units(self) -> _Units:
        return _Units(self.workspace.position_encoding)

    def config_for(self, uri: str) -> Config:
        """The config for the document at *uri*: the server's own, else the one discovered
        from the document's folder (from the workspace's for a document not on disk)."""
        if self.explicit is not None:
            return config_module.load(self.explicit)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        folder = Path(path).parent if path else Path(self.workspace.root_path or os.getcwd())
        return config_module.load(config_module.discover(folder))

    def lint(self, uri: str, *, reread: bool = False) -> None:
        """Lint the document at *uri* and publish what is found; *reread*: read the configs
        again first (on open and save, so an edited or new config takes effect). An error
        (a bad config, a failing plugin) is shown once, until it changes."""
        self.cancel(uri)
        if uri not in self.workspace.text_documents:
            return  # closed meanwhile, or never opened
        if reread:
            config_module.forget()
        document = self.workspace.get_text_document(uri)
        try:
            config = self.config_for(uri)
            doc = parse(document.source, config.catalogue, config.date_order)
            found = lint_fixable(doc, config, uri)
            self.failed.pop(uri, None)
        except Exception as error:  # a config's, a plugin's: the server must go on
            known = isinstance(error, ConfigError | InputError)  # their text says it all
            message = str(error) if known else one_line(error)
            if self.failed.get(uri) != message:
                self.failed[uri] = message
                self.tell(types.MessageType.Error, message)
            found = []
        lines = LINE_BREAK.split(document.source)
        self.fixed.pop(uri, None)
        shift = 1 if document.source.startswith("\ufeff") else 0
        linted = self.linted[uri] = _Linted(document.version, lines, found, shift)
        diagnostics = [self.diagnostic(linted, v) for v, _fix in found]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=document.version
            )
        )

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint *uri* after *delay* seconds unless it changes again first."""
        self.cancel(uri)
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.lint, uri)

    def cancel(self, uri: str) -> None:
        """Forget a pending lint of *uri*, if any."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

    def clear(self, uri: str) -> None:
        self.cancel(uri)
        self.linted.pop(uri, None)
        self.failed.pop(uri, None)
        self.fixed.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def tell(self, kind: types.MessageType, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"{SOURCE}: {message}"))

    def range(self, linted: _Linted, v: Violation) -> types.Range:
        units = self.units
        return types.Range(
            start=linted.position(units, v.line, v.column),
            end=linted.position(units, v.end_line, v.end_column),
        )

    def diagnostic(self, linted: _Linted, v: Violation) -> types.Diagnostic:
        rule = lookup(v.rule)
        return types.Diagnostic(
            range=self.range(linted, v),
            message=v.message,
            severity=_SEVERITY.get(v.level, types.DiagnosticSeverity.Warning),
            code=v.rule,
            code_description=types.CodeDescription(href=rule.url) if rule else None,
            source=SOURCE,
        )

    def current(self, uri: str) -> _Linted | None:
        """The document at *uri* as last linted, linted again first when it has changed
        since (a request between a change and its debounced lint)."""
        if uri not in self.workspace.text_documents:
            return None
        linted = self.linted.get(uri)
        if linted is None or linted.version != self.workspace.get_text_document(uri).version:
            self.lint(uri)
        return self.linted.get(uri)

    def edit(self, uri: str, linted: _Linted, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        """Edits of the text as linted: tied to its version when the client takes that."""
        versioned = self.client_capabilities.workspace
        if versioned and versioned.workspace_edit and versioned.workspace_edit.document_changes:
            document = types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=linted.version
            )
            return types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=document, edits=list(edits))]
            )
        return types.WorkspaceEdit(changes={uri: edits})

    def findings_at(self, uri: str, span: types.Range) -> list[tuple[Violation, Fix | None]]:
        """The findings of *uri*'s current text whose range meets *span*."""
        linted = self.current(uri)
        if linted is None:
            return []
        units = self.units
        start = linted.point(units, span.start)
        end = linted.point(units, span.end)
        return [
            (v, fix)
            for v, fix in linted.found
            if (v.line, v.column) <= end and start <= (v.end_line, v.end_column)
        ]

    def code_actions(
        self, uri: str, span: types.Range, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        """Quick fixes for the findings in *span*, and fix-all, as far as *only* (the
        kinds the client asked for) allows."""
        linted = self.current(uri)
        if linted is None:
            return []
        wanted = only or [types.CodeActionKind.QuickFix, FIX_ALL]
        actions = []
        quick = any(types.CodeActionKind.QuickFix.startswith(kind) for kind in wanted)
        for v, fix in self.findings_at(uri, span) if quick else []:
            if fix is None:
                continue
            edit = types.TextEdit(
                range=types.Range(
                    start=linted.position(self.units, fix.line, fix.column),
                    end=linted.position(self.units, fix.line, fix.end_column),
                ),
                new_text=fix.text,
            )
            actions.append(
                types.CodeAction(
                    title=f"Fix {v.rule}: {v.message}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[self.diagnostic(linted, v)],
                    edit=self.edit(uri, linted, [edit]),
                    is_preferred=True,
                )
            )
        every = any(FIX_ALL.startswith(kind) for kind in wanted)
        if every and any(fix for _v, fix in linted.found):
            if uri not in self.fixed:  # once per text: editors ask on every cursor move
                self.fixed[uri] = self.fix_all(uri, linted)
            every_fix = self.fixed[uri]
            if every_fix is not None:
                actions.append(every_fix)
        return actions

    def fix_all(self, uri: str, linted: _Linted) -> types.CodeAction | None:
        """One action applying every safe fix: an edit per changed line (the whole text
        when a fix changed the number of lines)."""
        document = self.workspace.get_text_document(uri)
        try:
            fixed = fix_text(document.source, self.config_for(uri))
        except Exception:  # the lint itself reported it
            return None
        if not fixed.applied:
            return None
        before = LINE_BREAK.split(document.source)
        after = LINE_BREAK.split(fixed.text)
        units = self.units

        def replace(first: int, last: int, text: str) -> types.TextEdit:
            end = types.Position(line=last, character=units.count(before[last]))
            return types.TextEdit(
                range=types.Range(start=types.Position(line=first, character=0), end=end),
                new_text=text,
            )

        if len(before) != len(after):
            edits = [replace(0, len(before) - 1, fixed.text)]
        else:
            edits = [
                replace(number, number, new)
                for number, (old, new) in enumerate(zip(before, after, strict=True))
                if old != new
            ]
        noun = "fix" if fixed.applied == 1 else "fixes"
        return types.CodeAction(
            title=f"Fix all postmortem-lint problems ({fixed.applied} {noun})",
            kind=FIX_ALL,
            edit=self.edit(uri, linted, edits),
        )

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        found = self.findings_at(uri, types.Range(start=position, end=position))
        parts = [_explain(v, rule) for v, _fix in found if (rule := lookup(v.rule))]
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            )
        )


def _explain(v: Violation, rule: Rule) -> str:
    heading = f"**{rule.id} `{rule.name}`** ({v.level}): {v.message}"
    return f"{heading}\n\n{help_markdown(rule, rule.url)}"


def build(explicit: Path | None = None) -> PostmortemServer:
    """A server whose documents all use the config at *explicit*, or each its own."""
    server = PostmortemServer(explicit)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PostmortemServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint(params.text_document.uri, reread=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PostmortemServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.workspace.text_documents:
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PostmortemServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint(params.text_document.uri, reread=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PostmortemServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: PostmortemServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        only = list(params.context.only) if params.context.only else None
        return ls.code_actions(params.text_document.uri, params.range, only)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PostmortemServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    return server
