"""Where users meet the linter: the pre-commit hook, the GitHub Action and its workflows.

These run the real tools (pre-commit, bash, check-jsonschema, actionlint, shellcheck) and
skip only when a tool is not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, fixture
from tests.test_github import parse

ACTION = ROOT / "action.yml"
RUN_SH = ROOT / "action" / "run.sh"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CI = ROOT / ".github" / "workflows" / "ci.yml"
EXAMPLE = ROOT / "examples" / "postmortem-lint.yml"
TEAM_EXAMPLE = ROOT / "examples" / "team" / "postmortem-lint.yml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# Set on GitHub's runners; they would turn summary locations into links.
RUNNER_VARIABLES = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tool(name: str) -> str:
    """The executable *name*, beside this interpreter or on PATH; skip the test without it."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=search)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def run(
    *command: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )


# pre-commit


HOOK_MATCHES = [
    "0x19-postmortem/README.md",
    "alx-system_engineering-devops/0x19-PostMortem/README.md",
    "docs/2024-03-02-checkout-postmortem.md",
    "incidents/Outage-Post-Mortem.md",
    "POSTMORTEM.md",
    "postmortems/2024-db.md",
]
HOOK_LEAVES = ["README.md", "docs/notes.md", "CHANGELOG.md", "docs/post.md", "mortem.md"]


def test_hook_definition() -> None:
    (hook,) = load(HOOKS)
    assert hook["id"] == "postmortem-lint"
    assert (hook["language"], hook["types"], hook["entry"]) == (
        "python",
        ["markdown"],
        "postmortem-lint check",
    )
    pattern = re.compile(hook["files"])
    assert [path for path in HOOK_MATCHES if not pattern.search(path)] == []
    assert [path for path in HOOK_LEAVES if pattern.search(path)] == []


def git_repository(path: Path, files: dict[str, Path]) -> Path:
    """A new git repository at *path* holding copies of *files* (name -> source), all added."""
    path.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path / name)
    env = {**os.environ, **GIT_ENV}
    for command in (("init", "-q"), ("add", "-A")):
        assert run("git", *command, cwd=path, env=env).returncode == 0
    return path


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    tool("git")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    # The project as committed files: try-repo ignores files git does not track.
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".git", "*venv", "__pycache__", ".*_cache", "*.egg-info", "build", "dist"
        ),
    )
    assert run("git", "init", "-q", cwd=project, env=env).returncode == 0
    assert run("git", "add", "-A", cwd=project, env=env).returncode == 0
    assert run("git", "commit", "-qm", "snapshot", cwd=project, env=env).returncode == 0
    user = git_repository(
        tmp_path / "user",
        {
            "0x19-postmortem/README.md": fixture("conflict.md"),
            "team/Outage-Post-Mortem.md": fixture("clean.md"),
            "docs/notes.md": fixture("empty.md"),  # not a postmortem: left alone
        },
    )

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        command = (
            "try-repo",
            "--color",
            "never",
            str(project),
            "postmortem-lint",
            "--files",
            *files,
        )
        return run(sys.executable, "-m", "pre_commit", *command, cwd=user, env=env)

    failed = try_repo("0x19-postmortem/README.md", "docs/notes.md")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "0x19-postmortem/README.md:12:1: PM005 conflict-markers [error]" in failed.stdout
    assert "in 1 file" in failed.stdout  # docs/notes.md was not linted
    passed = try_repo("team/Outage-Post-Mortem.md", "docs/notes.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"postmortem-lint\.+Passed", passed.stdout)

    # A team repository, with the README's team example: its folder only, its pack.
    sha = run("git", "rev-parse", "HEAD", cwd=project, env=env).stdout.strip()
    team = git_repository(
        tmp_path / "team",
        {
            "docs/postmortems/2024-05-12-search.md": ROOT / "fixtures/teams/day-headings.md",
            "incidents/2024-06-03-payments.md": fixture("conflict.md"),
            "docs/notes.md": fixture("empty.md"),  # outside the folders: left alone
            "post-mortem-ideas.md": fixture("empty.md"),  # the default pattern would take it
        },
    )
    example = (ROOT / "examples" / "team" / "pre-commit-config.yaml").read_text()
    config = example.replace("https://github.com/postmortem-lint/postmortem-lint", str(project))
    (team / ".pre-commit-config.yaml").write_text(config.replace("v0.1.0", sha))
    command = ("-m", "pre_commit", "run", "--all-files", "--color", "never")
    result = run(sys.executable, *command, cwd=team, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "incidents/2024-06-03-payments.md:12:1: PM005" in result.stdout
    assert "docs/postmortems" not in result.stdout  # clean under google-sre
    assert "in 2 files" in result.stdout  # not docs/notes.md, not post-mortem-ideas.md


# The action


def test_action_is_one_composite_step_running_the_script() -> None:
    action = load(ACTION)
    assert set(action["inputs"]) == {
        "files",
        "config",
        "profile",
        "strict",
        "sarif-file",
        "version",
    }
    assert action["runs"]["using"] == "composite"
    (step,) = action["runs"]["steps"]
    assert step["shell"] == "bash"
    assert step["run"] == 'bash "$GITHUB_ACTION_PATH/action/run.sh"'
    wired = {re.sub(r"\$\{\{ inputs\.(\S+) \}\}", r"\1", value) for value in step["env"].values()}
    assert wired == set(action["inputs"])


def action_env(workspace: Path, **inputs: str) -> dict[str, str]:
    """The environment GitHub gives the action's step: runner variables and inputs.

    Inputs not given take their defaults from action.yml, mapped to variables as the
    step's ``env`` maps them; POSTMORTEM_LINT_PYTHON skips the virtualenv.
    """
    action = load(ACTION)
    (step,) = action["runs"]["steps"]
    env = {key: value for key, value in os.environ.items() if key not in RUNNER_VARIABLES}
    for variable, expression in step["env"].items():
        name = re.sub(r"\$\{\{ inputs\.(\S+) \}\}", r"\1", expression)
        env[variable] = inputs.get(
            name.replace("-", "_"), action["inputs"][name].get("default", "")
        )
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(workspace.parent / "summary.md"),
        RUNNER_TEMP=str(workspace.parent / "runner-temp"),
        POSTMORTEM_LINT_PYTHON=sys.executable,
    )
    return env


def run_action(workspace: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's own script, run as its step runs it."""
    return run(tool("bash"), str(RUN_SH), cwd=workspace, env=action_env(workspace, **inputs))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout with a defective postmortem, a clean one, and other Markdown."""
    files = {
        "0x19-postmortem/README.md": fixture("conflict.md"),
        "team/2024-03 Checkout PostMortem.md": fixture("clean.md"),
        "docs/notes.md": fixture("empty.md"),
        "README.md": fixture("empty.md"),
    }
    path = tmp_path / "workspace"
    for name, source in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path / name)
    return path


def test_action_script_annotates_summarises_and_fails(workspace: Path) -> None:
    result = run_action(workspace, sarif_file="out/postmortem-lint.sarif")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    commands = [parse(line) for line in lines if line.startswith(("::error ", "::warning "))]
    files = {properties["file"] for _, properties, _ in commands}
    assert files == {"0x19-postmortem/README.md"}  # the clean one has none; notes are skipped
    assert (
        "error",
        {
            "file": "0x19-postmortem/README.md",
            "line": "12",
            "endLine": "12",
            "col": "1",
            "endColumn": "13",
            "title": "PM005 conflict-markers",
        },
    ) in [(command, properties) for command, properties, _ in commands]
    assert lines.count("::group::0x19-postmortem/README.md: 3 errors, 3 warnings") == 1
    assert lines.count("::endgroup::") == 1
    summary = (workspace.parent / "summary.md").read_text(encoding="utf-8")
    assert "`0x19-postmortem/README.md#L12`" in summary
    assert "| `team/2024-03 Checkout PostMortem.md` | 0 | 0 |" in summary
    assert "docs/notes.md" not in summary and "in 2 files" in summary
    assert "### Requirements" in summary and "- [x] **sections**" in summary  # the checklist
    sarif = json.loads((workspace / "out" / "postmortem-lint.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"0x19-postmortem/README.md"}


def test_action_script_passes_clean_files_even_when_strict(workspace: Path) -> None:
    result = run_action(workspace, files="team/*postmortem*.md\n", strict="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout and "::warning" not in result.stdout
    assert "0 errors, 0 warnings in 1 file" in (workspace.parent / "summary.md").read_text(
        encoding="utf-8"
    )


def test_action_script_warns_when_nothing_matches_and_fails_on_a_missing_file(
    workspace: Path,
) -> None:
    nothing = run_action(workspace, files="**/*.markdown")
    assert nothing.returncode == 0
    assert nothing.stdout.startswith("::warning title=postmortem-lint::no files match")
    missing = run_action(workspace, files="0x19-postmortem/README.md\nmissing.md")
    assert missing.returncode == 2
    assert "missing.md: error: no such file" in missing.stderr


def test_action_script_passes_config_through(workspace: Path) -> None:
    config = workspace / "lint.yaml"
    config.write_text("extends: alx\nrules:\n  PM005: off\n", encoding="utf-8")
    result = run_action(workspace, files="0x19-postmortem/README.md", config=str(config))
    assert "in 1 file" in result.stdout and "PM005" not in result.stdout


def test_action_script_passes_the_profile_through(workspace: Path) -> None:
    team = workspace / "docs" / "postmortems" / "2024-05-12-search.md"
    team.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "fixtures" / "teams" / "day-headings.md", team)
    files = "docs/postmortems/*.md"
    alx = run_action(workspace, files=files)
    assert alx.returncode == 1 and "PM001 required-sections" in alx.stdout
    sre = run_action(workspace, files=files, profile="google-sre")
    assert sre.returncode == 0, sre.stdout + sre.stderr
    assert "0 errors, 0 warnings in 1 file" in sre.stdout
    unknown = run_action(workspace, files=files, profile="nope")
    assert unknown.returncode == 2


def error_annotations(output: str) -> list[str]:
    return [parse(line)[2] for line in output.splitlines() if line.startswith("::error ")]


@pytest.mark.parametrize(
    ("version", "says"),
    [
        ("v0.1.0", "is not a version such as 0.1.0 (without the 'v': 0.1.0)"),
        ("0.1.0 --pre", "'0.1.0 --pre' is not a version"),
        (">=0.1", "'>=0.1' is not a version"),
        ("latest", "'latest' is not a version"),
        ("1.0\n%2", "'1.0\n%2' is not a version"),  # escaped as a workflow command
    ],
)
def test_action_script_rejects_a_malformed_version_before_anything_runs(
    workspace: Path, version: str, says: str
) -> None:
    result = run_action(workspace, version=version)
    assert result.returncode == 2, result.stdout + result.stderr
    (error,) = error_annotations(result.stdout)
    assert says in error and "leave 'version' empty" in error
    assert result.stdout.count("\n") == 1  # that annotation only: nothing installed or linted


def test_action_script_takes_a_well_formed_version(workspace: Path) -> None:
    # POSTMORTEM_LINT_PYTHON installs nothing, so the version only has to pass the check.
    result = run_action(workspace, files="team/*.md", version=" 1.0rc1.post2.dev3+local.7\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings in 1 file" in result.stdout


@pytest.mark.parametrize(
    ("releases", "why"),
    [((), "no release yet, or a typo"), (("0.0.1", "0.0.2"), "a typo? its releases: 0.0.1, 0.0.2")],
    ids=["no-release", "other-releases"],
)
def test_action_script_says_when_the_version_is_not_on_pypi(
    workspace: Path, releases: tuple[str, ...], why: str
) -> None:
    """The install branch for real (a virtualenv, pip), offline: pip reads no index, only a
    folder of release file names (which it lists without opening them)."""
    links = workspace.parent / "links"
    links.mkdir()
    for release in releases:
        (links / f"postmortem_lint-{release}-py3-none-any.whl").touch()
    env = action_env(workspace, version="0.1.0")
    env = {key: value for key, value in env.items() if not key.startswith("PIP_")}
    del env["POSTMORTEM_LINT_PYTHON"]
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(links))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    result = run(tool("bash"), str(RUN_SH), cwd=workspace, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    group, end, error = result.stdout.splitlines()  # no pip output, nothing linted
    assert (group, end) == ("::group::Install postmortem-lint", "::endgroup::")
    assert error_annotations(error) == [
        f"postmortem-lint 0.1.0 is not on PyPI ({why}): leave 'version' empty to use the "
        "action's checkout"
    ]


# Workflows and validators


def steps(workflow: Path) -> list[dict[str, Any]]:
    return [step for job in load(workflow)["jobs"].values() for step in job["steps"]]


def test_ci_workflow_runs_the_ci_script_and_the_action_itself() -> None:
    ci = steps(CI)
    assert any(step.get("run") == "bash .ci/run" for step in ci)
    (own,) = [step for step in ci if step.get("uses") == "./"]
    assert own["with"]["files"] == "fixtures/clean.md"


def test_example_workflow_uploads_the_sarif_the_action_writes() -> None:
    example = steps(EXAMPLE)
    (lint,) = [step for step in example if step.get("uses", "").startswith("postmortem-lint/")]
    (upload,) = [step for step in example if "upload-sarif" in step.get("uses", "")]
    assert upload["with"]["sarif_file"] == lint["with"]["sarif-file"]
    assert load(EXAMPLE)["permissions"]["security-events"] == "write"


def test_team_example_lints_the_postmortem_folders_with_a_team_pack() -> None:
    (lint,) = [s for s in steps(TEAM_EXAMPLE) if s.get("uses", "").startswith("postmortem-lint/")]
    assert lint["with"]["profile"] == "google-sre"
    assert "docs/postmortems/**/*.md" in lint["with"]["files"].split()


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-actions", [ACTION]),
        ("vendor.github-workflows", [CI, EXAMPLE, TEAM_EXAMPLE]),
    ],
)
def test_files_match_githubs_schemas(schema: str, paths: list[Path]) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_accepts_the_workflows_and_the_action() -> None:
    # ci.yml uses ./, so actionlint reads action.yml and checks the inputs given to it.
    result = run(
        tool("actionlint"),
        "-no-color",
        *(str(path.relative_to(ROOT)) for path in (CI, EXAMPLE, TEAM_EXAMPLE)),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck_accepts_the_action_script() -> None:
    result = run(tool("shellcheck"), str(RUN_SH))
    assert result.returncode == 0, result.stdout
