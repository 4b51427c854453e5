"""The ``postmortem-lint`` command: a thin layer over the library.

Exit codes: 0 no errors; 1 errors found (or warnings, with ``--strict``); 2 a usage,
configuration or input error (the other files are still linted); 130 interrupted; 143
terminated.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import click

from postmortem_lint import __version__, _batch
from postmortem_lint import config as config_module
from postmortem_lint._batch import AUTO_FILES, Batch, Failed, Linted, Target
from postmortem_lint.checklist import RENDER, render_text
from postmortem_lint.checks import PluginError, lookup, registry
from postmortem_lint.config import Config, ConfigError
from postmortem_lint.engine import (
    InputError,
    output_file,
    resolve_rules,
    write_atomic,
)
from postmortem_lint.reporters import FORMATS, Report, Style, renderer, streamer

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # as a shell reports SIGINT and SIGTERM
_EXIT_UNFLUSHED = 120  # what Python exits with when its output cannot be flushed at the end
_LITERAL_BLOCK = re.compile(r"::$", re.MULTILINE)  # docstring "Fails::" reads "Fails:"
_SKIP_DIRS = {"node_modules", "__pycache__", "venv"}
_SHOWS_SOURCE = {"text", "sarif"}  # formats that quote the source lines


class _Failure(Exception):
    """Stop with a one-line message and exit code 2."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="postmortem-lint")
def cli() -> None:
    """Lint incident postmortems written in Markdown."""


def _config_options(command: Callable[..., None]) -> Callable[..., None]:
    """--config FILE and --profile NAME: the config to lint with, as check takes them."""
    command = click.option(
        "--profile", help="Use this shipped pack (see 'postmortem-lint profiles')."
    )(command)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this config file instead of discovering one.",
    )(command)


_jobs_option = click.option(
    "-j",
    "--jobs",
    metavar="N|auto",
    help=f"Lint in N processes; auto (the default): one per core from {AUTO_FILES} files up.",
)

_no_inline_option = click.option(
    "--no-inline-config",
    is_flag=True,
    help="Ignore the <!-- postmortem-lint ... --> comments that switch rules off.",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="Output format; auto is github when GITHUB_ACTIONS=true (unless --statistics), else text.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the output to this file instead of standard output.",
)
@click.option("--select", multiple=True, help="Only these rules (IDs or names, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (IDs or names, comma-separated).")
@_config_options
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option(
    "--fix",
    "apply_fixes",
    is_flag=True,
    help="Apply safe fixes to the files in place, then report what is left.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the findings: no context, no totals.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@_no_inline_option
@click.option(
    "--stdin-filename",
    help="With '-': the path to report and to discover the config from.",
)
@_jobs_option
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    profile: str | None,
    strict: bool,
    apply_fixes: bool,
    quiet: bool,
    color: str,
    statistics: bool,
    no_inline_config: bool,
    stdin_filename: str | None,
    jobs: str | None,
) -> None:
    """Lint PATHS (files, directories of *.md, or - for stdin).

    With no PATHS, lint the `files:` globs of the config found from the current directory.
    """
    if output_format == "auto":  # counts are text in Actions too: annotations list findings
        actions = os.environ.get("GITHUB_ACTIONS") == "true" and not statistics
        output_format = "github" if actions else "text"
    annotate = output_format == "github"
    try:
        selected, ignored = resolve_rules(select), resolve_rules(ignore)
        explicit, targets = _inputs(paths, config_path, profile)
        if apply_fixes and any(target is None for target, _label in targets):
            raise _Failure("--fix cannot rewrite standard input; pass the file instead")
        if stdin_filename and all(target is not None for target, _label in targets):
            raise _Failure("--stdin-filename goes with '-' (standard input)")
        if statistics and output_format not in ("auto", "text", "json"):
            raise _Failure("--statistics works with the text and json formats")
    except (ValueError, ConfigError, _Failure) as error:
        _fail(str(error), annotate=annotate)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY") if output_format == "github" else None
    batch = Batch(
        explicit,
        frozenset(selected),
        frozenset(ignored),
        inline=not no_inline_config,
        stdin_filename=stdin_filename,
        apply_fixes=apply_fixes,
        sources=output_format in _SHOWS_SOURCE,
        checklists=output_format == "markdown" or summary_path is not None,
    )
    use_color = output is None and output_format == "text" and _use_color(color)
    style = Style(color=use_color, quiet=quiet, statistics=statistics)
    writer = streamer(output_format, style)
    keep = writer is None or summary_path is not None  # the whole run is rendered at the end
    report = Report()
    failed: list[str] = []
    try:
        with _destination(output, use_color) as emit:
            for linted in _lint_all(batch, targets, jobs, failed, annotate=annotate):
                part = Report(
                    violations=linted.found,
                    files=[linted.label],
                    sources={linted.label: linted.lines} if linted.lines else {},
                    fixed=linted.fixed,
                    checklists=[linted.checklist] if linted.checklist else [],
                )
                if writer is not None:
                    emit(writer.part(part))
                report.absorb(part, keep=keep)
            emit(
                writer.end(report) if writer is not None else renderer(output_format)(report, style)
            )
    except InputError as error:
        _fail(f"{output}: {error}")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(renderer("summary")(report, style))
    if failed:
        sys.exit(EXIT_USAGE)
    failing = report.count("error") + (report.count("warning") if strict else 0)
    sys.exit(EXIT_FAIL if failing else EXIT_OK)


def _lint_all(
    batch: Batch,
    targets: list[Target],
    jobs: str | None,
    failed: list[str],
    *,
    annotate: bool = False,
) -> Iterator[Linted]:
    """Each linted file in order. A file that cannot be linted is reported (on standard
    error, and with *annotate* as an ``::error`` command) and added to *failed*; a config
    error stops the run."""
    try:
        count = _batch.workers(jobs, len(targets))
    except ValueError as error:
        _fail(str(error), annotate=annotate)
    noted: set[str] = set()
    for outcome in _batch.run(batch, targets, count):
        if isinstance(outcome, Failed):
            if outcome.fatal:
                _fail(outcome.message, annotate=annotate)
            click.echo(f"{outcome.label}: error: {outcome.message}", err=True)
            if annotate:
                click.echo(_annotation(outcome.message, outcome.label))
            failed.append(outcome.label)
            continue
        for note in outcome.notes:
            if note not in noted:
                noted.add(note)
                click.echo(note, err=True)
        yield outcome


@contextlib.contextmanager
def _destination(output: Path | None, color: bool) -> Iterator[Callable[[str], None]]:
    """Where rendered output goes as it comes: standard output, or *output* (replaced
    atomically once the run is over when it is a regular file)."""
    if output is None:
        yield lambda text: click.echo(text, nl=False, color=color)
        return
    with output_file(output) as handle:

        def write(text: str) -> None:
            handle.write(text.encode("utf-8"))

        yield write


def _inputs(
    paths: tuple[str, ...], config_path: Path | None, profile: str | None
) -> tuple[Path | None, list[tuple[Path | None, str]]]:
    """The config given on the command line (loaded once, so a bad one fails first) and
    the files to read."""
    explicit = _explicit(config_path, profile)
    if explicit is not None:
        config_module.load(explicit)
    return explicit, list(_targets(paths, explicit))


def _explicit(config_path: Path | None, profile: str | None) -> Path | None:
    """The config file given on the command line: --config, or --profile's pack."""
    if config_path is not None and profile is not None:
        raise _Failure("--config and --profile both choose the config: give one")
    if profile is not None:
        return config_module.pack_path(profile)
    return Path(os.path.realpath(config_path)) if config_path else None


def _targets(paths: tuple[str, ...], explicit: Path | None) -> Iterator[tuple[Path | None, str]]:
    """(path or None for stdin, label) for each file to lint."""
    if not paths:
        yield from _configured_files(explicit)
        return
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            found: list[tuple[Path | None, str]] = [(None, "-")]
        elif os.path.isdir(raw):
            found = [(path, str(path)) for path in _markdown_files(Path(raw))]
            if not found:
                click.echo(f"{raw}: warning: no Markdown (*.md) files found", err=True)
        else:
            found = [(Path(raw), raw)]
        for path, label in found:
            key = os.path.realpath(path) if path is not None else "-"
            if key not in seen:
                seen.add(key)
                yield path, label


def _configured_files(explicit: Path | None) -> Iterator[tuple[Path | None, str]]:
    """The config's ``files:`` globs, read from the config file's directory."""
    source = explicit or config_module.discover(Path.cwd())
    config = config_module.load(source)
    if not config.files:
        raise _Failure("no paths given and the config has no 'files:' globs")
    base = source.parent if source is not None else Path.cwd()
    matched = sorted(
        {m for pattern in config.files for m in glob.glob(pattern, root_dir=base, recursive=True)}
    )
    if not matched:
        owner = str(source) if source is not None else f"the '{config_module.DEFAULT_PACK}' pack"
        raise _Failure(f"no files match the 'files:' globs of {owner}: {', '.join(config.files)}")
    for name in matched:
        path = base / name
        yield path, os.path.relpath(path)


def _markdown_files(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(".md"):
                yield Path(root) / name


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _annotation(message: str, path: str | None = None) -> str:
    """The ``::error`` command for *message* (the github reporter, imported when needed)."""
    from postmortem_lint.reporters import github

    return github.input_error(message, path)


def _fail(message: str, *, annotate: bool = False) -> NoReturn:
    """Stop with exit code 2 and *message* on standard error (*annotate*: and as an
    ``::error`` workflow command on standard output)."""
    click.echo(f"postmortem-lint: error: {message}", err=True)
    if annotate:
        click.echo(_annotation(message))
    sys.exit(EXIT_USAGE)


@cli.command("rules")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show levels from this config instead of the discovered one.",
)
@click.option("--profile", help="Show levels from this shipped pack.")
def list_rules(config_path: Path | None, profile: str | None) -> None:
    """List every rule with its level and what it checks."""
    config = _current_config(config_path, profile)
    for rule in registry():
        level = config.setting(rule).level.value if rule.applies(config.catalogue) else "n/a"
        click.echo(f"{rule.id}  {rule.name:<22} {level:<8} {rule.summary}")


@cli.command()
@click.argument("rule")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show option values from this config instead of the discovered one.",
)
@click.option("--profile", help="Show option values from this shipped pack.")
def explain(rule: str, config_path: Path | None, profile: str | None) -> None:
    """Show the documentation of RULE (an ID such as PM101, or a name)."""
    found = lookup(rule)
    if found is None:
        _fail(f"unknown rule {rule!r} (see 'postmortem-lint rules')")
    config = _current_config(config_path, profile)
    setting = config.setting(found)
    now = setting.level.value
    if not found.applies(config.catalogue):
        now = f"n/a (the pack has no section with role {found.roles_text})"
    levels = f"default level: {found.level.value}; now: {now}"
    click.echo(f"{found.id} {found.name} ({levels})\n")
    click.echo(_LITERAL_BLOCK.sub(":", found.doc))
    if found.options:
        click.echo("\nCurrent option values:")
        for name, value in setting.options.items():
            shown = ", ".join(value) if isinstance(value, tuple) else value
            option = found.options.get(name)
            about = f"  ({option.kind}: {option.help})" if option else ""
            click.echo(f"  {name}: {shown}{about}")


def _current_config(config_path: Path | None, profile: str | None = None) -> Config:
    try:
        explicit = _explicit(config_path, profile)
        return config_module.load(explicit or config_module.discover(Path.cwd()))
    except (ConfigError, _Failure) as error:
        _fail(str(error))
        raise


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(RENDER)),
    default="text",
    show_default=True,
    help="text: a list per file; markdown: for a job summary; json: for scripts.",
)
@_config_options
@click.option("-q", "--quiet", is_flag=True, help="text: one line per file, then the summary.")
@_jobs_option
def checklist(
    paths: tuple[str, ...],
    output_format: str,
    config_path: Path | None,
    profile: str | None,
    quiet: bool,
    jobs: str | None,
) -> None:
    """Tick the pack's requirements one by one for each of PATHS: met, not met, not judged.

    Exit 1 when a file does not meet a requirement. With several files, a grader's summary
    follows: how many files meet every requirement, and how many miss each.
    """
    try:
        explicit, targets = _inputs(paths, config_path, profile)
    except (ValueError, ConfigError, _Failure) as error:
        _fail(str(error))
    batch = Batch(explicit, frozenset(), frozenset(), inline=False, checklists=True)
    failed: list[str] = []  # inline comments are ignored: a file cannot tick its own requirements
    lists = [
        linted.checklist
        for linted in _lint_all(batch, targets, jobs, failed)
        if linted.checklist is not None
    ]
    if lists and not any(checklist.ticks for checklist in lists):
        _fail("the pack lists no requirements (add 'requirements:' to the config)")
    rendered = render_text(lists, brief=True) if quiet and output_format == "text" else None
    click.echo(rendered or RENDER[output_format](lists), nl=False)
    if failed:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if all(checklist.passed for checklist in lists) else EXIT_FAIL)


@cli.command()
@click.argument("path", default="-", required=False)
@click.option("--profile", help="The shipped pack to follow (default: the discovered config's).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: str, profile: str | None, force: bool) -> None:
    """Write a postmortem skeleton to PATH (- for standard output) from the pack's sections."""
    config = _current_config(None, profile)
    from postmortem_lint._skeleton import skeleton  # only init writes one

    text = skeleton(config)
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path)
    if target.is_dir():
        _fail(f"{path} is a directory: give the file to write")
    if (target.exists() or target.is_symlink()) and not force:
        _fail(f"{path} exists: pass --force to overwrite it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # docs/postmortems/ in a new repo
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        _fail(f"{path}: cannot write: {error.strerror or error}")
    except InputError as error:
        _fail(f"{path}: {error}")
    click.echo(f"wrote {path}: fill in every section and delete the REPLACE: markers", err=True)


@cli.command()
def profiles() -> None:
    """List the shipped packs: what each is for (use one with --profile or extends)."""
    for name in config_module.pack_names():
        config = _current_config(config_module.pack_path(name))
        default = " (default)" if name == config_module.DEFAULT_PACK else ""
        click.echo(f"{name:<12} {config.description}{default}")


@cli.command()
@_config_options
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default).")
def server(config_path: Path | None, profile: str | None, stdio: bool) -> None:
    """Run the language server, for editors (needs the lsp extra)."""
    try:
        from postmortem_lint.server import build
    except ImportError as error:
        _fail(f"the language server needs pygls ({error}): pip install 'postmortem-lint[lsp]'")
    try:
        explicit = _explicit(config_path, profile)
        if explicit is not None:
            config_module.load(explicit)  # a bad config fails here, not in the editor
    except (ConfigError, _Failure) as error:
        _fail(str(error))
    build(explicit).start_io()


def main() -> NoReturn:
    """Console-script entry point. Ctrl-C ends the run with exit code 130 and SIGTERM with
    143, each with one line (and the output file, if any, left as it was)."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        try:
            if sys.stdout is None:  # started with its descriptor closed
                _fail("standard output is closed")
            ended = cli(standalone_mode=False)  # an exit code from --help, --version
        except PluginError as error:  # an installed plugin that cannot be used
            _fail(str(error))
        except ImportError as error:  # a broken install, here or in a --jobs worker
            _fail(f"a module it needs cannot be imported ({error}): reinstall postmortem-lint")
        except (KeyboardInterrupt, click.Abort):
            click.echo("postmortem-lint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except OSError as error:  # output that cannot be written (a full disk); a reader
            _fail(f"cannot write the output: {error.strerror or error}")  # gone is exit 1
    except SystemExit as stop:
        code = stop.code
    else:
        code = ended if isinstance(ended, int) else EXIT_OK
    _end(code)  # outside the handler: the frames it unwound, a --jobs pool's too, are closed


def _end(code: object) -> NoReturn:
    """End the process as a normal exit does (the exit hooks run, the output is flushed;
    status 120 when that fails, as Python's own exit reports it), but without the
    interpreter's teardown: freeing its objects one by one, which the system does at once
    when the process ends, took a sixth of a one-file run. Threads still running are not
    waited for; the command leaves none (a --jobs pool is shut down when its run ends)."""
    if code is not None and not isinstance(code, int):  # sys.exit("message")
        click.echo(code, err=True)
        code = EXIT_FAIL
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the descriptor closed
                stream.flush()
        except (OSError, ValueError):  # closed, or its reader gone
            code = code or _EXIT_UNFLUSHED
    os._exit(code or EXIT_OK)


def _terminated(_signal: int, _frame: object) -> None:
    click.echo("postmortem-lint: terminated", err=True)
    sys.exit(EXIT_TERMINATED)
