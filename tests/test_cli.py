"""The command line, through click's runner and once as a real installed script."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint.cli import cli
from tests.conftest import FIXTURES, fixture

KEYS = {"path", "line", "column", "end_line", "end_column", "rule", "name", "level", "message"}


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_clean_file_exits_0() -> None:
    code, out, _ = run("check", str(fixture("clean.md")))
    assert code == 0
    assert out == "0 errors, 0 warnings in 1 file\n"


def test_text_output_has_location_rule_context_and_totals() -> None:
    code, out, _ = run("check", "--color", "never", str(fixture("conflict.md")))
    assert code == 1
    lines = out.splitlines()
    first = next(line for line in lines if " PM005 " in line)
    assert first.startswith(f"{fixture('conflict.md')}:12:1: PM005 conflict-markers [error] ")
    index = lines.index(first)
    assert lines[index + 1] == "   12 | <<<<<<< HEAD"
    assert lines[index + 2] == "      | ^^^^^^^^^^^^"
    assert lines[-1].endswith("in 1 file") and "errors" in lines[-1]


def test_json_output_is_stable() -> None:
    code, out, _ = run("check", "--format", "json", str(fixture("conflict.md")))
    assert code == 1
    data = json.loads(out)
    assert data and all(set(item) == KEYS for item in data)
    assert any(item["rule"] == "PM005" and item["line"] == 12 for item in data)


def test_strict_makes_warnings_fail() -> None:
    path = str(fixture("bold-headings.md"))
    assert run("check", path)[0] == 0
    assert run("check", "--strict", path)[0] == 1


def test_select_ignore_quiet_and_statistics() -> None:
    path = str(fixture("conflict.md"))
    _, out, _ = run("check", "--quiet", "--select", "PM005", path)
    assert all(" PM005 " in line for line in out.splitlines())
    _, out, _ = run("check", "--quiet", "--ignore", "conflict-markers,PM006", path)
    assert " PM005 " not in out and " PM006 " not in out
    _, out, _ = run("check", "--statistics", path)
    assert out.splitlines()[0].split()[:2] == ["3", "PM005"]
    code, _, err = run("check", "--select", "PM999", path)
    assert code == 2 and "unknown rule 'PM999'" in err


def test_quiet_prints_nothing_for_a_clean_file() -> None:
    assert run("check", "--quiet", str(fixture("clean.md"))) == (0, "", "")


def test_stdin_with_filename() -> None:
    text = fixture("conflict.md").read_text(encoding="utf-8")
    code, out, _ = run(
        "check", "-", "--stdin-filename", "docs/pm.md", "--format", "json", stdin=text
    )
    assert code == 1
    assert {item["path"] for item in json.loads(out)} == {"docs/pm.md"}
    code, out, _ = run("check", "-", "--format", "json", stdin=text)
    assert {item["path"] for item in json.loads(out)} == {"-"}
    latin = CliRunner().invoke(cli, ["check", "-"], input=b"caf\xe9\n")
    assert latin.exit_code == 2
    assert latin.stderr.startswith("-: error: not UTF-8 text: byte 0xe9 at offset 3")


def test_directory_recurses_into_markdown(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(fixture("clean.md"), tmp_path / "a" / "b" / "README.md")
    (tmp_path / "a" / "notes.txt").write_text("not markdown", encoding="utf-8")
    code, out, _ = run("check", str(tmp_path))
    assert code == 0 and out.endswith("in 1 file\n")


def test_empty_directory_warns(tmp_path: Path) -> None:
    code, out, err = run("check", str(tmp_path))
    assert code == 0 and out == "0 errors, 0 warnings in 0 files\n"
    assert err == f"{tmp_path}: warning: no Markdown (*.md) files found\n"


def test_bad_input_is_one_line_exit_2_and_others_still_linted(tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"caf\xe9\n")
    code, out, err = run(
        "check", str(binary), str(latin), str(tmp_path / "missing.md"), str(fixture("conflict.md"))
    )
    assert code == 2
    assert err.splitlines() == [
        f"{binary}: error: binary file (contains NUL bytes), not a Markdown postmortem",
        f"{latin}: error: not UTF-8 text: byte 0xe9 at offset 3; save the file as UTF-8",
        f"{tmp_path / 'missing.md'}: error: no such file",
    ]
    assert " PM005 " in out


def test_bad_config_exits_2_with_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "pm.yaml"
    config.write_text("rules:\n  PM501:\n    max: many\n", encoding="utf-8")
    code, _, err = run("check", "--config", str(config), str(fixture("clean.md")))
    assert code == 2
    assert err.strip() == (
        f"postmortem-lint: error: {config}:3: rules.PM501.max: expected int, got str 'many'"
    )


def test_files_globs_used_without_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "0x19-postmortem").mkdir()
    shutil.copy(fixture("conflict.md"), tmp_path / "0x19-postmortem" / "README.md")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--quiet")
    assert code == 1 and "0x19-postmortem/README.md:12:1: PM005" in out


def test_color() -> None:
    path = str(fixture("conflict.md"))
    assert "\x1b[" in run("check", "--color", "always", path)[1]
    assert "\x1b[" not in run("check", "--color", "never", path)[1]
    assert "\x1b[" not in run("check", path, env={"NO_COLOR": "1"})[1]


def test_rules_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["PM001", "required-sections", "error"]
    code, out, _ = run("explain", "word-count")
    assert code == 0 and out.startswith("PM501 word-count") and "max: 600" in out
    assert run("explain", "PM999")[0] == 2


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "postmortem-lint" in out


def test_installed_script_runs_as_a_real_process() -> None:
    script = Path(sys.executable).with_name("postmortem-lint")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    result = subprocess.run(
        [str(script), "check", "--format", "json", str(FIXTURES / "conflict.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert any(item["rule"] == "PM005" for item in json.loads(result.stdout))
    module = subprocess.run(
        [sys.executable, "-m", "postmortem_lint", "check", str(FIXTURES / "clean.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0, module.stdout + module.stderr


def test_no_inline_config(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    text = "<!-- postmortem-lint disable-file -->\n# T\n\n[a](#nowhere)\n\n## Timeline\n\nx\n"
    path.write_text(text, encoding="utf-8")
    assert run("check", "--quiet", str(path))[1] == ""
    code, out, _ = run("check", "--quiet", "--no-inline-config", "--select", "PM006", str(path))
    assert code == 0 and ":4:" in out and "PM006" in out


def test_files_globs_are_read_from_the_config_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".postmortem-lint.yaml").write_text("rules: {}\n", encoding="utf-8")
    (tmp_path / "0x19-postmortem").mkdir()
    shutil.copy(fixture("conflict.md"), tmp_path / "0x19-postmortem" / "README.md")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    code, out, _ = run("check", "--quiet", "--select", "PM005")
    assert code == 1
    assert out.splitlines()[0].startswith("../0x19-postmortem/README.md:12:1: PM005")


def test_the_same_file_twice_is_linted_once() -> None:
    path = str(fixture("clean.md"))
    assert run("check", path, path)[1].endswith("in 1 file\n")


def test_options_that_do_not_go_together() -> None:
    path = str(fixture("clean.md"))
    code, _, err = run("check", "--stdin-filename", "x.md", path)
    assert code == 2 and "--stdin-filename goes with '-'" in err
    code, _, err = run("check", "--statistics", "--format", "sarif", path)
    assert code == 2 and "--statistics works with the text and json formats" in err


def test_caret_lines_up_after_wide_characters(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(
        "## Issue Summary\n\n\N{FIRE}\N{FIRE} On Friday, November 12, 2023 it broke.\n",
        encoding="utf-8",
    )
    _, out, _ = run("check", "--select", "PM601", "--color", "never", str(path))
    source, caret = out.splitlines()[1:3]
    assert caret == "      | " + " " * 8 + "^" * 25
    assert source.endswith("\N{FIRE}\N{FIRE} On Friday, November 12, 2023 it broke.")


def test_markdown_report_for_graders() -> None:
    code, out, _ = run("check", "--format", "markdown", str(FIXTURES))
    assert code == 1
    assert out.startswith("### ")
    assert "| file | errors | warnings |" in out
    assert "clean.md` | 0 | 0 |" in out


@pytest.mark.parametrize("profile", ["alx", "incident", "google-sre", "pagerduty"])
def test_init_writes_a_skeleton_that_names_every_section(profile: str, tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    code, _out, err = run("init", "--profile", profile, str(target))
    assert code == 0 and "wrote" in err
    code, out, _ = run("check", "--profile", profile, "--format", "json", str(target))
    rules = {item["rule"] for item in json.loads(out)}
    # only "fill this in" findings: the markers, and (alx) the words still to write
    assert "PM009" in rules and rules <= {"PM009", "PM501"}
    assert run("init", "--profile", profile, str(target))[0] == 2  # never overwrites
    assert run("init", "--profile", profile, "--force", str(target))[0] == 0
    code, out, _ = run("init", "--profile", profile, "-")
    assert code == 0 and out == target.read_text(encoding="utf-8")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    code, _out, err = run("check", str(fifo), str(fixture("clean.md")))
    assert code == 2
    assert err == f"{fifo}: error: not a regular file (a FIFO, device or socket): nothing to lint\n"


def test_a_finding_on_a_huge_line_quotes_a_window_of_it(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("x " * 5000 + "[link](#nowhere) " + "y " * 5000 + "\n")
    code, out, _err = run("check", "--select", "PM006", "--color", "never", str(path))
    assert code == 0
    headline, context, caret = out.splitlines()[:3]
    assert "PM006" in headline and len(context) < 140 and context.startswith("    1 | ...")
    assert context.endswith("...")
    assert context[caret.index("^") :].startswith("#nowhere")


def test_init_makes_the_folders_it_writes_into(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "postmortems" / "2026-11-30-search.md"
    code, _out, err = run("init", "--profile", "incident", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# ")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    code, _out, err = run("init", str(blocked / "sub" / "x.md"))
    assert (code, err) == (
        2,
        f"postmortem-lint: error: {blocked / 'sub' / 'x.md'}: cannot write: Not a directory\n",
    )


def test_fix_writes_through_a_fresh_temporary_name(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(fixture("bold-headings.md").read_text(encoding="utf-8"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep me")
    for guess in (f".README.md.{os.getpid()}.tmp", ".README.md.tmp"):
        (tmp_path / guess).symlink_to(elsewhere)  # a planted name is never followed
    run("check", "--fix", str(doc))
    assert elsewhere.read_text() == "keep me"
    assert "## " in doc.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == sorted(
        [f".README.md.{os.getpid()}.tmp", ".README.md.tmp"]
    )


def test_statistics_are_counted_in_github_actions_too() -> None:
    code, out, _ = run(
        "check", "--statistics", str(fixture("conflict.md")), env={"GITHUB_ACTIONS": "true"}
    )
    assert code == 1 and "::error" not in out and "PM005" in out


def test_json_files_lists_every_file_clean_ones_too() -> None:
    code, out, _ = run(
        "check", "--format", "json-files", str(fixture("clean.md")), str(fixture("conflict.md"))
    )
    rows = json.loads(out)
    assert code == 1
    assert [(r["path"], r["errors"], r["warnings"]) for r in rows] == [
        (str(fixture("clean.md")), 0, 0),
        (str(fixture("conflict.md")), 3, 3),
    ]
    assert rows[0]["violations"] == []
    first = rows[1]["violations"][0]
    assert set(first) == {
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "name",
        "level",
        "message",
    }


def test_output_onto_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "report"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    reader.start()
    code, _out, _err = run("check", "-o", str(fifo), str(fixture("clean.md")))
    reader.join(timeout=10)
    assert code == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert read and b"0 errors, 0 warnings" in read[0]


def test_a_symlink_loop_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    code, _out, err = run("check", str(tmp_path / "a.md"), str(fixture("clean.md")))
    assert (
        code == 2
        and err == f"{tmp_path / 'a.md'}: error: cannot read: Too many levels of symbolic links\n"
    )
    (tmp_path / "c.yaml").symlink_to(tmp_path / "d.yaml")
    (tmp_path / "d.yaml").symlink_to(tmp_path / "c.yaml")
    code, _out, err = run("check", "--config", str(tmp_path / "c.yaml"), str(fixture("clean.md")))
    assert code == 2 and "(file): cannot read: " in err and err.count("\n") == 1


def test_a_check_imports_only_what_it_uses() -> None:
    code = (  # main() ends the process; the exit hook it runs first reports
        "import atexit, sys\n"
        "from postmortem_lint.cli import main\n"
        f"sys.argv = ['postmortem-lint', 'check', {str(FIXTURES / 'clean.md')!r}]\n"
        "unused = ['yaml', 'postmortem_lint._skeleton', 'postmortem_lint.server',\n"
        "          'postmortem_lint.reporters.github', 'postmortem_lint.reporters.sarif']\n"
        "atexit.register(lambda: print([n for n in unused if n in sys.modules], file=sys.stderr))\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "[]\n", result.stderr


def test_the_process_ends_with_its_output_flushed_its_exit_hooks_run_and_its_code(
    tmp_path: Path,
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    for n in range(300):
        shutil.copy(fixture("bold-headings.md"), files / f"{n}.md")
    code, expected, _err = run("check", "-j", "1", str(files))  # in process, as click runs it
    script = (
        "import atexit, sys\n"
        "from postmortem_lint.cli import main\n"
        "atexit.register(lambda: print('hook ran'))\n"  # not flushed: the end flushes it
        f"sys.argv = ['postmortem-lint', 'check', '-j', '1', {str(files)!r}]\n"
        "main()\n"
    )
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    with open(tmp_path / "out.txt", "wb") as out:  # a file: block-buffered, flushed at the end
        ended = subprocess.run(
            [sys.executable, "-c", script], stdout=out, stderr=subprocess.PIPE, env=buffered
        )
    assert code == ended.returncode == 0 and not ended.stderr
    assert (tmp_path / "out.txt").read_text() == expected + "hook ran\n"
    assert len(expected) > 100_000
    message = subprocess.run(
        [sys.executable, "-c", "from postmortem_lint.cli import _end\n_end('bye')"],
        capture_output=True,
        text=True,
    )
    assert (message.returncode, message.stderr) == (1, "bye\n")  # as sys.exit('bye') ends


_MAIN = "import sys\nfrom postmortem_lint.cli import main\nsys.argv[0] = 'postmortem-lint'\nmain()"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--help",), 0),
        (("--version",), 0),
        (("--bogus",), 2),
        (("check", "--format", "bogus", str(FIXTURES / "clean.md")), 2),
        (("check", str(FIXTURES / "clean.md")), 0),
        (("check", str(FIXTURES / "conflict.md")), 1),
        (("explain", "PM999"), 2),
    ],
)
def test_each_way_out_of_the_process_keeps_its_exit_code(args: tuple[str, ...], code: int) -> None:
    ended = subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True, timeout=120)
    assert ended.returncode == code, ended.stderr


def test_a_run_with_workers_leaves_no_process_behind() -> None:
    run = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "check", "-j", "2", str(FIXTURES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, which its workers join
    )
    out, _err = run.communicate(timeout=120)
    assert run.returncode == 1 and out.endswith(b"files\n")
    with pytest.raises(ProcessLookupError):  # no worker left in the group
        os.killpg(run.pid, 0)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        ended = subprocess.run(
            [sys.executable, "-c", _MAIN, "check", str(FIXTURES / "clean.md")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert ended.returncode == 2
    assert (
        ended.stderr == "postmortem-lint: error: cannot write the output: No space left on device\n"
    )
    closed = subprocess.run(
        [sys.executable, "-c", _MAIN, "check", str(FIXTURES / "clean.md")],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),  # started without a standard output
    )
    assert (closed.returncode, closed.stderr) == (
        2,
        "postmortem-lint: error: standard output is closed\n",
    )
