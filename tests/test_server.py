"""The language server in a real LSP session: the server runs as ``postmortem-lint server``
in a subprocess and pytest-lsp's client talks to it over stdio."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from postmortem_lint.cli import cli

# Ours: a short postmortem with a wide emoji before a broken link and a bold pseudo-heading.
TEXT = """# Postmortem: 🔥 the disk filled up

## Issue Summary

🚨🚨 Read [the summary](#issue-summary) and [the end](#nowhere).

**Timeline:**

- 10:00 UTC - the disk is full.
"""
BROKEN = 4  # 0-based line of the broken link
PSEUDO = 6  # 0-based line of '**Timeline:**'


def _capabilities(*encodings: str) -> types.ClientCapabilities:
    general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind(e) for e in encodings] or None
    )
    return types.ClientCapabilities(general=general)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "postmortem_lint", "server"])
)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=_capabilities(), root_uri=tmp_path.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """Send the whole new *text* of the document at *uri*."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def _by_code(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply single-line edits (UTF-16 columns), last first."""
    lines = text.split("\n")
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        assert edit.range.start.line == edit.range.end.line
        units = lines[edit.range.start.line].encode("utf-16-le")
        start, end = edit.range.start.character * 2, edit.range.end.character * 2
        new = units[:start] + edit.new_text.encode("utf-16-le") + units[end:]
        lines[edit.range.start.line] = new.decode("utf-16-le")
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_in_utf16_units(
    client: LanguageClient, tmp_path: Path
) -> None:
    diagnostics = await _open(client, tmp_path / "README.md", TEXT)
    (broken,) = _by_code(diagnostics, "PM006")
    line = TEXT.split("\n")[BROKEN]
    column = line.index("#nowhere")  # code points; two emoji before it take two units each
    assert broken.range.start == types.Position(line=BROKEN, character=column + 2)
    assert broken.range.end == types.Position(line=BROKEN, character=column + 2 + len("#nowhere"))
    assert broken.severity == types.DiagnosticSeverity.Warning
    assert broken.source == "postmortem-lint"
    assert broken.code_description is not None
    assert broken.code_description.href.endswith("#pm006-broken-anchor")
    assert _by_code(diagnostics, "PM001")[0].severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_code_actions_fix_one_finding_or_all(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    diagnostics = await _open(client, path, TEXT)
    (pseudo,) = _by_code(diagnostics, "PM002")
    actions = await _actions(client, path.as_uri(), pseudo.range)
    (fix,) = [a for a in actions if a.kind == "quickfix"]
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = _apply(TEXT, list(fix.edit.changes[path.as_uri()]))
    assert fixed.split("\n")[PSEUDO] == "## Timeline"
    assert fixed.replace("## Timeline", "**Timeline:**") == TEXT  # nothing else changed
    (every,) = [a for a in actions if a.kind == "source.fixAll.postmortem-lint"]
    assert every.edit is not None and every.edit.changes is not None
    assert _apply(TEXT, list(every.edit.changes[path.as_uri()])) == fixed
    # nothing to fix on the broken link: no quick fix there
    (broken,) = _by_code(diagnostics, "PM006")
    there = await _actions(client, path.as_uri(), broken.range)
    assert not [a for a in there if a.kind == "quickfix"]


@pytest.mark.asyncio
async def test_change_relints_after_a_pause_and_close_clears(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "README.md"
    uri = path.as_uri()
    await _open(client, path, TEXT)
    for version, text in enumerate(("x", TEXT.replace("**Timeline:**", "## Timeline")), start=2):
        _change(client, uri, version, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = {d.code for d in client.diagnostics[uri]}
    assert "PM002" not in codes and "PM006" in codes  # the first publish is of the last text
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_hover_explains_the_rule(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    diagnostics = await _open(client, path, TEXT)
    (broken,) = _by_code(diagnostics, "PM006")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=broken.range.start,
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "PM006 `broken-anchor`" in hover.contents.value
    assert "#pm006-broken-anchor" in hover.contents.value
    nowhere = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=types.Position(line=PSEUDO + 2, character=0),
        )
    )
    assert nowhere is None


@pytest.mark.asyncio
async def test_each_document_gets_its_discovered_config(
    client: LanguageClient, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / ".git").mkdir()
    (team / ".postmortem-lint.yaml").write_text("rules:\n  PM006: off\n", encoding="utf-8")
    assert "PM006" not in {d.code for d in await _open(client, team / "README.md", TEXT)}
    assert "PM006" in {d.code for d in await _open(client, tmp_path / "README.md", TEXT)}
    # an edited config takes effect on save
    (team / ".postmortem-lint.yaml").write_text("rules:\n  PM002: off\n", encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=(team / "README.md").as_uri())
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = {d.code for d in client.diagnostics[(team / "README.md").as_uri()]}
    assert "PM006" in codes and "PM002" not in codes


@pytest.mark.asyncio
async def test_a_bad_config_is_shown_not_fatal(client: LanguageClient, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").mkdir()
    (broken / ".postmortem-lint.yaml").write_text("rules: [\n", encoding="utf-8")
    assert await _open(client, broken / "README.md", TEXT) == []
    await asyncio.sleep(0)  # the message was sent before the diagnostics
    (message,) = client.messages
    assert message.type == types.MessageType.Error
    assert ".postmortem-lint.yaml" in message.message and "\n" not in message.message
    assert "PM006" in {d.code for d in await _open(client, tmp_path / "README.md", TEXT)}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "postmortem_lint", "server"])
)
async def utf8_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=_capabilities("utf-8", "utf-16"), root_uri=tmp_path.as_uri()
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_utf8_positions_when_the_client_prefers_them(
    utf8_client: LanguageClient, tmp_path: Path
) -> None:
    diagnostics = await _open(utf8_client, tmp_path / "README.md", TEXT)
    (broken,) = _by_code(diagnostics, "PM006")
    line = TEXT.split("\n")[BROKEN]
    before = line[: line.index("#nowhere")]
    assert broken.range.start.character == len(before.encode("utf-8"))


def test_without_pygls_the_server_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "postmortem_lint.server", raising=False)
    result = CliRunner().invoke(cli, ["server"])
    assert result.exit_code == 2
    assert "pip install 'postmortem-lint[lsp]'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bad_server_config_fails_before_serving(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: 5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["server", "--config", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml:1" in result.output


async def _actions(
    client: LanguageClient, uri: str, span: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=span,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [a for a in actions or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_a_quick_fix_asked_right_after_a_change_fixes_the_new_text(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "README.md"
    uri = path.as_uri()
    await _open(client, path, TEXT)
    moved = "# Notes\n\n" + TEXT  # two lines above everything, linted only after a pause
    _change(client, uri, 2, moved)
    line = types.Range(
        start=types.Position(line=PSEUDO + 2, character=0),
        end=types.Position(line=PSEUDO + 2, character=1),
    )
    (fix,) = await _actions(client, uri, line, only=["quickfix"])  # quick fixes only
    assert fix.edit is not None and fix.edit.changes is not None
    assert _apply(moved, list(fix.edit.changes[uri])).split("\n")[PSEUDO + 2] == "## Timeline"
    assert [a.kind for a in await _actions(client, uri, line, only=["source.fixAll"])] == [
        "source.fixAll.postmortem-lint"
    ]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "postmortem_lint", "server"])
)
async def versioned_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    capabilities = _capabilities()
    capabilities.workspace = types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
    )
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, root_uri=tmp_path.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_edits_name_the_version_they_were_made_for(
    versioned_client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "README.md"
    (pseudo,) = _by_code(await _open(versioned_client, path, TEXT), "PM002")
    for action in await _actions(versioned_client, path.as_uri(), pseudo.range):
        assert action.edit is not None and action.edit.document_changes
        (change,) = action.edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.version == 1


@pytest.mark.asyncio
async def test_a_broken_config_is_shown_once_not_after_every_pause(
    client: LanguageClient, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").mkdir()
    (broken / ".postmortem-lint.yaml").write_text("rules: [\n", encoding="utf-8")
    path = broken / "README.md"
    await _open(client, path, TEXT)
    for version in (2, 3):
        _change(client, path.as_uri(), version, TEXT * version)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert len(client.messages) == 1


@pytest.mark.asyncio
async def test_a_bom_the_client_sends_keeps_line_1_columns_right(
    client: LanguageClient, tmp_path: Path
) -> None:
    first = "See [the end](#nowhere) first."
    diagnostics = await _open(client, tmp_path / "README.md", "\ufeff" + first + "\n\n" + TEXT)
    (on_line_1,) = [d for d in _by_code(diagnostics, "PM006") if d.range.start.line == 0]
    start = 1 + first.index("#nowhere")  # the BOM is a character of the client's line
    assert on_line_1.range.start.character == start
    assert on_line_1.range.end.character == start + len("#nowhere")
