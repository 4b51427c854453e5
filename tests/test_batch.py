"""``--jobs``: the same output in the same order from worker processes; output written as
the files are linted; ``-o`` replaced only by a run that completes."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint import _batch
from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style, renderer, streamer
from postmortem_lint.violation import Violation
from tests.conftest import FIXTURES

FORMATS = ["text", "json", "json-files", "github", "sarif", "junit", "markdown"]


def _files() -> list[str]:
    files = sorted(str(path) for path in FIXTURES.rglob("*.md"))
    assert len(files) >= 20
    return files


@pytest.mark.parametrize("output_format", FORMATS)
def test_workers_give_the_serial_output(output_format: str) -> None:
    files = [*_files(), "missing.md"]  # an input error among them, reported in its place
    runs = [
        CliRunner().invoke(cli, ["check", "--jobs", jobs, "--format", output_format, *files])
        for jobs in ("1", "2")
    ]
    serial, parallel = runs
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert "missing.md: error: no such file" in serial.stderr


def test_checklist_with_workers() -> None:
    files = _files()
    serial, parallel = (
        CliRunner().invoke(cli, ["checklist", "--jobs", jobs, "--format", "json", *files])
        for jobs in ("1", "2")
    )
    assert parallel.exit_code == serial.exit_code
    assert parallel.stdout == serial.stdout
    assert len(json.loads(serial.stdout)) == len(files)


def test_jobs_auto_stays_in_process_for_a_few_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_batch, "cores", lambda: 8)
    assert _batch.workers(None, 3) == 1
    assert _batch.workers("auto", _batch.AUTO_FILES - 1) == 1
    assert _batch.workers("auto", _batch.AUTO_FILES) == 8
    assert _batch.workers("4", 2) == 2  # never more workers than files
    assert _batch.workers("1", 500) == 1


@pytest.mark.parametrize("jobs", ["0", "-1", "two", "", "\u00b2"])
def test_a_bad_jobs_value_is_a_usage_error(jobs: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--jobs", jobs, *_files()[:1]])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--jobs takes a number of processes" in result.stderr


def test_text_is_written_as_the_files_come(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the second file is linted, the first file's findings are already out."""
    first, second = str(FIXTURES / "missing-sections.md"), str(FIXTURES / "empty.md")
    seen: list[str] = []
    one = _batch.Batch.one

    def spy(self: _batch.Batch, target: Path | None, label: str) -> object:
        if label == second:
            seen.append(runner_output.getvalue().decode())
        return one(self, target, label)

    monkeypatch.setattr(_batch.Batch, "one", spy)
    with CliRunner().isolation() as (runner_output, _err, _both), pytest.raises(SystemExit):
        cli.main(["check", "--jobs", "1", first, second])
    assert seen and f"{first}:1:1:" in seen[0]
    assert second not in seen[0]


def _violation(path: str, line: int, level: str = "error") -> Violation:
    return Violation(path, line, 1, line, 5, "PM001", "required-sections", level, "x ü")


def test_json_written_in_parts_is_the_whole_array() -> None:
    parts = [
        Report(violations=[_violation("a.md", 1), _violation("a.md", 2)], files=["a.md"]),
        Report(files=["clean.md"]),
        Report(violations=[_violation("b.md", 3, "warning")], files=["b.md"]),
    ]
    for name in ("json", "json-files", "sarif"):
        whole = Report()
        writer = streamer(name, Style())
        assert writer is not None
        text = ""
        for part in parts:
            text += writer.part(part)
            whole.absorb(part)
        text += writer.end(whole)
        assert text == renderer(name)(whole, Style())
        assert json.loads(text)  # one valid array
    empty = streamer("json", Style())
    assert empty is not None and empty.part(Report()) + empty.end(Report()) == "[]\n"


def test_a_report_not_kept_still_counts() -> None:
    report = Report()
    part = Report(violations=[_violation("a.md", 1), _violation("a.md", 2, "warning")])
    report.absorb(part, keep=False)
    report.absorb(Report(violations=[_violation("b.md", 1)], files=["b.md"]))
    assert (report.count("error"), report.count("warning")) == (2, 1)
    assert len(report.violations) == 1


def test_whole_run_formats_are_not_streamed() -> None:
    for name in ("junit", "markdown"):
        assert streamer(name, Style()) is None
    assert streamer("text", Style(statistics=True)) is None


def test_output_file_is_kept_when_the_run_stops(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("the last report\n", encoding="utf-8")
    team = tmp_path / "team"
    team.mkdir()
    (team / ".git").mkdir()
    (team / ".postmortem-lint.yaml").write_text("rules: [\n", encoding="utf-8")
    (team / "pm.md").write_text("# Postmortem\n", encoding="utf-8")
    files = [str(FIXTURES / "missing-sections.md"), str(team / "pm.md")]
    result = CliRunner().invoke(cli, ["check", "--jobs", "1", "-o", str(out), *files])
    assert result.exit_code == 2 and ".postmortem-lint.yaml:2" in result.stderr
    assert out.read_text(encoding="utf-8") == "the last report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt", "team"]  # no temp file
    done = CliRunner().invoke(cli, ["check", "-o", str(out), files[0]])
    assert done.exit_code == 1 and "missing-sections.md:1:1:" in out.read_text(encoding="utf-8")


def test_a_bad_config_stops_the_run_before_any_file_is_fixed(tmp_path: Path) -> None:
    good = (FIXTURES / "bold-headings.md").read_text(encoding="utf-8")
    for number in range(40):
        folder = tmp_path / f"d{number:02}"
        folder.mkdir()
        (folder / ".git").mkdir()
        (folder / "pm.md").write_text(good, encoding="utf-8")
    (tmp_path / "d05" / ".postmortem-lint.yaml").write_text("rules: [\n", encoding="utf-8")
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["check", "--fix", "-q", "--jobs", jobs, str(tmp_path)])
        assert result.exit_code == 2 and ".postmortem-lint.yaml:2" in result.stderr
        assert all(p.read_text(encoding="utf-8") == good for p in tmp_path.glob("*/pm.md"))


def test_a_worker_that_dies_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the dying worker is patched in before a fork")

    def die(self: _batch.Batch, target: Path | None, label: str) -> object:
        os._exit(9)  # as the OOM killer would end it

    monkeypatch.setattr(_batch.Batch, "one", die)
    targets: list[_batch.Target] = [(Path(name), name) for name in _files()]
    batch = _batch.Batch(None, frozenset(), frozenset())
    *_before, last = _batch.run(batch, targets, 2)
    assert isinstance(last, _batch.Failed) and last.fatal
    assert last.message == "a worker process died (killed, or out of memory)"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_install_is_one_line_not_a_traceback(jobs: str) -> None:
    """markdown-it-py missing (in this process, or in the workers it forks): one line and
    exit code 2."""
    if jobs != "1" and multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers inherit the missing module only when forked")
    script = (
        "import sys; sys.modules['markdown_it'] = None; "
        "from postmortem_lint.cli import main; sys.argv[0] = 'postmortem-lint'; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "check", "-j", jobs, *_files()],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "cannot be imported (import of markdown_it halted" in done.stderr


def _many(tmp_path: Path, copies: int) -> Path:
    for copy in range(copies):
        folder = tmp_path / "in" / str(copy)
        folder.mkdir(parents=True)
        for name in _files():
            shutil.copyfile(name, folder / f"{Path(name).stem}-{copy}.md")
    return tmp_path / "in"


@pytest.mark.parametrize(
    ("sent", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_a_signal_ends_the_run_with_one_line_and_no_temporary_file(
    tmp_path: Path, sent: signal.Signals, code: int, said: str
) -> None:
    folder = _many(tmp_path, 60)
    out = tmp_path / "report.sarif"
    command = [sys.executable, "-m", "postmortem_lint", "check", "-j", "2", "--format", "sarif"]
    process = subprocess.Popen(
        [*command, "-o", str(out), str(folder)], stderr=subprocess.PIPE, text=True
    )
    time.sleep(1.0)  # past start-up, well before the last of the 3,000 files
    process.send_signal(sent)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err.strip() == f"postmortem-lint: {said}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # nothing written, no temp


def test_dev_stdout_appends_to_the_file_stdout_is_open_on(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("earlier\n", encoding="utf-8")
    with log.open("a", encoding="utf-8") as handle:
        command = [sys.executable, "-m", "postmortem_lint", "check", "-o", "/dev/stdout"]
        subprocess.run([*command, str(FIXTURES / "clean.md")], stdout=handle, check=True)
    assert log.read_text(encoding="utf-8") == "earlier\n0 errors, 0 warnings in 1 file\n"


def test_a_file_is_linted_without_collection_pauses_and_collection_resumes_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    seen: list[bool] = []
    parse = _batch.parse

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_batch, "parse", spy)
    batch = _batch.Batch(None, frozenset(), frozenset())
    assert gc.isenabled()
    batch.one(FIXTURES / "clean.md", "clean.md")
    batch.one(FIXTURES / "absent.md", "absent.md")  # not there: an input error
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:  # a caller that turned collection off keeps it off
        batch.one(FIXTURES / "clean.md", "clean.md")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exit_while_workers_run_ends_them_before_the_process_ends() -> None:
    """The exit that SIGTERM's handler makes, raised where the run's loop reads a result
    (the workers' generator suspended): the pool is shut down before the process ends, so
    no exit hook waits on a worker and none is left."""
    script = (
        "import sys\n"
        "import postmortem_lint.cli as cli\n"
        "class Terminated:\n"
        "    @property\n"
        "    def checklist(self):\n"
        "        sys.exit(cli.EXIT_TERMINATED)\n"
        "real = cli._lint_all\n"
        "def lint_all(*args, **kwargs):\n"
        "    results = real(*args, **kwargs)\n"
        "    yield next(results)\n"
        "    yield Terminated()\n"
        "cli._lint_all = lint_all\n"
        "sys.argv[0] = 'postmortem-lint'\n"
        "cli.main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, "checklist", "-j", "2", *_files()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, which its workers join
    )
    try:
        _out, err = process.communicate(timeout=60)
        with pytest.raises(ProcessLookupError):  # no worker left in the group
            os.killpg(process.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left, should this fail
    assert process.returncode == 143, err
