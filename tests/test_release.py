"""The release workflow: valid for GitHub (schema, actionlint), on version tags only, the
tag checked against the package version, the distributions built, checked and tested
before anything is published, and PyPI reached by trusted publishing with no secret.

The guard steps' own shell scripts are run here, as the runner would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from postmortem_lint import __version__
from tests.conftest import ROOT
from tests.test_integrations import load, run, tool

RELEASE = ROOT / ".github" / "workflows" / "release.yml"
CHANGELOG = ROOT / "CHANGELOG.md"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded = load(RELEASE)
    assert isinstance(loaded, dict)
    return loaded


def job(workflow: dict[Any, Any], name: str) -> dict[str, Any]:
    found = workflow["jobs"][name]
    assert isinstance(found, dict)
    return found


def step_named(workflow: dict[Any, Any], words: str) -> dict[str, Any]:
    """The build job's one step whose name holds *words*."""
    (found,) = [s for s in job(workflow, "build")["steps"] if words in s.get("name", "")]
    assert isinstance(found, dict)
    return found


def run_step(step: dict[str, Any], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A step's ``run`` script under bash -e, as GitHub runs it, with the step's variables."""
    assert set(step["env"]) == set(env), step["env"]
    return subprocess.run(
        [tool("bash"), "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_release_workflow_matches_githubs_schema() -> None:
    result = run(
        tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(RELEASE)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_accepts_the_release_workflow() -> None:
    result = run(tool("actionlint"), "-no-color", str(RELEASE.relative_to(ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_on_version_tags_with_read_only_permissions(workflow: dict[Any, Any]) -> None:
    # PyYAML reads the bare key on as True.
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    assert set(workflow["jobs"]) == {"build", "publish", "github-release"}
    assert "permissions" not in job(workflow, "build")  # the top level's read only


def test_the_build_job_checks_the_tag_then_builds_checks_tests_and_uploads(
    workflow: dict[Any, Any],
) -> None:
    steps = job(workflow, "build")["steps"]
    python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert [s["with"]["python-version"] for s in python] == ["3.11"]
    runs = [s.get("run", "") for s in steps]

    def first(pattern: str) -> int:
        (index,) = [i for i, text in enumerate(runs) if re.search(pattern, text)]
        return index

    install = first(r"^python -m pip install build twine$")
    guard = first(r"__init__\.py")
    build = first(r"^python -m build$")
    check = first(r"^twine check --strict dist/\*$")
    tests = first(r"^pip install -e '\.\[dev\]' && pytest$")
    assert install < guard < build < check < tests
    uploads = {s["with"]["name"]: s["with"]["path"] for s in steps if "upload-artifact" in str(s)}
    assert uploads == {"dist": "dist/", "release-notes": "release-notes.md"}
    assert min(i for i, s in enumerate(steps) if "upload-artifact" in str(s)) > tests


def test_the_tag_guard_passes_the_packages_version(workflow: dict[Any, Any]) -> None:
    guard = step_named(workflow, "tag is the package version")
    result = run_step(guard, ROOT, TAG=f"v{__version__}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"releasing {__version__}\n"


@pytest.mark.parametrize(
    "tag", [__version__, f"v{__version__}.1", "v9.9.9", f"release-{__version__}"]
)
def test_the_tag_guard_fails_any_other_tag_clearly(workflow: dict[Any, Any], tag: str) -> None:
    result = run_step(step_named(workflow, "tag is the package version"), ROOT, TAG=tag)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error title=Tag is not the version::")
    assert f"the tag is {tag} but postmortem_lint/__init__.py says {__version__}" in line


def test_the_tag_guard_fails_when_no_version_is_found(
    workflow: dict[Any, Any], tmp_path: Path
) -> None:
    (tmp_path / "postmortem_lint").mkdir()
    (tmp_path / "postmortem_lint" / "__init__.py").write_text("VERSION = '1.0'\n")
    result = run_step(step_named(workflow, "tag is the package version"), tmp_path, TAG="v1.0")
    assert result.returncode == 1
    assert result.stdout.startswith("::error title=No version::")


CHANGES = """# Changelog

## [Unreleased]

### Added

- next

## [1.2.0] - 2027-01-02

### Fixed

- one fix

## [1.1.0] - 2026-12-30

- older
"""


@pytest.mark.parametrize(
    ("tag", "notes"),
    [
        ("v1.2.0", "\n### Fixed\n\n- one fix\n\n"),
        ("v1.1.0", "\n- older\n"),
        ("v1.3.0", None),  # no section: the release stops before anything is built
        ("v1.2", None),
    ],
)
def test_release_notes_are_the_versions_changelog_section(
    workflow: dict[Any, Any], tmp_path: Path, tag: str, notes: str | None
) -> None:
    (tmp_path / "CHANGELOG.md").write_text(CHANGES, encoding="utf-8")
    result = run_step(step_named(workflow, "Release notes"), tmp_path, TAG=tag)
    if notes is None:
        assert result.returncode == 1
        assert result.stdout.startswith("::error title=No CHANGELOG section::"), result.stdout
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert (tmp_path / "release-notes.md").read_text(encoding="utf-8") == notes


def test_the_changelog_has_unreleased_and_the_packages_version(
    workflow: dict[Any, Any], tmp_path: Path
) -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert "keepachangelog.com" in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[0] == "[Unreleased]"
    assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", headings[1]), headings
    assert f"## [{__version__}] - " in text
    assert f"[{__version__}]: https://github.com/" in text and "[Unreleased]: https://" in text
    shutil.copyfile(CHANGELOG, tmp_path / "CHANGELOG.md")
    result = run_step(step_named(workflow, "Release notes"), tmp_path, TAG=f"v{__version__}")
    assert result.returncode == 0, result.stdout + result.stderr
    notes = (tmp_path / "release-notes.md").read_text(encoding="utf-8")
    assert notes.lstrip().startswith("### Added") and "## [" not in notes


def test_publish_uses_trusted_publishing_and_no_secret(workflow: dict[Any, Any]) -> None:
    publish = job(workflow, "publish")
    assert publish["needs"] == "build"
    environment = publish["environment"]
    assert (environment["name"] if isinstance(environment, dict) else environment) == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    (upload,) = [s for s in publish["steps"] if "gh-action-pypi-publish" in s.get("uses", "")]
    assert upload["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert not set(upload.get("with", {})) & {"password", "user", "username"}
    (download,) = [s for s in publish["steps"] if "download-artifact" in s.get("uses", "")]
    assert download["with"] == {"name": "dist", "path": "dist/"}
    text = yaml.safe_dump(publish)
    assert "secrets." not in text and "token" not in text.replace("id-token", "")
    # No other job may mint an OIDC token.
    others = [name for name, other in workflow["jobs"].items() if name != "publish"]
    assert all("id-token" not in str(job(workflow, name)) for name in others)


def test_the_github_release_follows_publishing_with_contents_write_only(
    workflow: dict[Any, Any],
) -> None:
    release = job(workflow, "github-release")
    assert release["needs"] == "publish"
    assert release["permissions"] == {"contents": "write"}
    (create,) = [s for s in release["steps"] if "gh release create" in s.get("run", "")]
    assert create["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "--notes-file release-notes.md" in create["run"]
