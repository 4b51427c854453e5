"""The distributions as users get them: the sdist and the wheel are built once with
``python -m build`` (the wheel from the sdist, as the release workflow builds them), pass
``twine check --strict``, hold what they must; the wheel installed in a fresh venv lints
from outside the repository, and plugins installed in that venv add rules through the
``postmortem_lint.rules`` entry point."""

from __future__ import annotations

import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.message import Message
from pathlib import Path
from typing import NamedTuple

import pytest

from postmortem_lint import __version__
from postmortem_lint.reporters.sarif import HOME
from tests.conftest import ROOT, fixture

COMPILED = "compiled.json"  # the packs' data, read without a YAML parser
PACKS = sorted(path.name for path in (ROOT / "rules").glob("*.yaml"))
# Shipped in the sdist as a whole: the sources, the test suite and what it reads.
SDIST_TREES = (
    "postmortem_lint",
    "rules",
    "tests",
    "fixtures",
    "bench",
    "examples",
    "action",
    ".ci",
    ".github",
)
SDIST_FILES = (
    "LICENSE",
    "CHANGELOG.md",
    "README.md",
    "pyproject.toml",
    "action.yml",
    ".pre-commit-hooks.yaml",
    ".ci/run",
    ".github/workflows/release.yml",
)
# The tests that read files from the repository's root, run again from the unpacked sdist;
# not the ones that run pre-commit or the Action's script, which are slow (the listing
# test covers what they read).
ROOT_READERS = ("tests/test_readme.py", "tests/test_release.py", "tests/test_integrations.py")
SLOW = "not try_repo and not action_script"


class Dists(NamedTuple):
    sdist: Path
    wheel: Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and the wheel built from it, by ``python -m build`` (isolated)."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (sdist,) = out.glob("postmortem_lint-*.tar.gz")
    (wheel,) = out.glob("postmortem_lint-*.whl")
    return Dists(sdist, wheel)


@pytest.fixture(scope="module")
def installed(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the built wheel, the bin directory of a fresh venv it is installed in)."""
    env_dir = tmp_path_factory.mktemp("wheel") / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", str(dists.wheel)], check=True)
    return dists.wheel, bin_dir


def sdist_names(sdist: Path) -> set[str]:
    """The sdist's members, without the ``postmortem_lint-X.Y.Z/`` they all sit in."""
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = f"postmortem_lint-{__version__}/"
    assert all(name.startswith(top) for name in names), names[:5]
    return {name.removeprefix(top) for name in names}


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(f"postmortem_lint-{__version__}.dist-info/METADATA").decode()
    return email.parser.Parser().parsestr(text)


def test_twine_check_strict_passes_on_the_sdist_and_the_wheel(dists: Dists) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "--no-color", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def test_the_wheel_holds_the_licence_the_typed_marker_and_the_packs(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as archive:
        names = set(archive.namelist())
        licence = archive.read(f"postmortem_lint-{__version__}.dist-info/licenses/LICENSE")
    assert licence.decode() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "postmortem_lint/py.typed" in names
    assert sorted(
        name.removeprefix("postmortem_lint/_packs/")
        for name in names
        if name.startswith("postmortem_lint/_packs/")
    ) == sorted([COMPILED, *PACKS])
    assert {"alx.yaml", "google-sre.yaml", "incident.yaml", "pagerduty.yaml"} <= set(PACKS)
    assert not any(name.startswith(("tests/", "fixtures/", "rules/", "bench/")) for name in names)


def test_the_wheel_metadata_is_what_pypi_shows(dists: Dists) -> None:
    meta = wheel_metadata(dists.wheel)
    assert meta["Name"] == "postmortem-lint" and meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT" and meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    classifiers = meta.get_all("Classifier") or []
    # PEP 639: no licence classifier beside a licence expression.
    assert not [c for c in classifiers if c.startswith("License ::")]
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)]
    assert versions == ["3.11", "3.12", "3.13", "3.14"]
    assert "Typing :: Typed" in classifiers
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Repository", "Issues", "Changelog", "Documentation"}
    assert all(url.startswith(HOME) for url in urls.values()), urls
    assert urls["Changelog"].endswith("/CHANGELOG.md")
    # pip install 'postmortem-lint[lsp]' brings the language server's library.
    assert {"dev", "lsp"} <= set(meta.get_all("Provides-Extra") or [])
    requires = meta.get_all("Requires-Dist") or []
    assert any(re.fullmatch(r"pygls\b.*; extra == .lsp.", r) for r in requires), requires
    dev = {re.split(r"[<>=;\s\[]", r, maxsplit=1)[0] for r in requires if "extra == 'dev'" in r}
    assert {"build", "twine"} <= dev


def repository_files(tree: str, before: float) -> set[str]:
    """The files under *tree* in the checkout written *before* (the build's time: a file
    created while the tests run cannot be in it), less what git ignores (bytecode)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / tree).rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix != ".pyc"
        and path.stat().st_mtime < before
    }


def test_the_sdist_holds_the_licence_the_changelog_and_what_the_tests_read(
    dists: Dists,
) -> None:
    names = sdist_names(dists.sdist)
    assert [name for name in SDIST_FILES if name not in names] == []
    built = dists.sdist.stat().st_mtime
    for tree in SDIST_TREES:
        assert sorted(repository_files(tree, built) - names) == [], tree
    # Every path a test names from the root (ROOT / a / b, as string literals) is there.
    named = set()
    for test in (ROOT / "tests").glob("*.py"):
        for match in re.finditer(r'ROOT((?:\s*/\s*"[^"]+")+)', test.read_text("utf-8")):
            named.add("/".join(re.findall(r'"([^"]+)"', match.group(1))))
    assert {".ci/run", "README.md", "action.yml"} <= named
    folders = {
        name.rsplit("/", depth)[0] for name in names for depth in range(1, name.count("/") + 1)
    }
    assert sorted(path for path in named if path not in names | folders) == []


def test_the_tests_that_read_the_root_pass_from_the_unpacked_sdist(
    dists: Dists, tmp_path: Path
) -> None:
    with tarfile.open(dists.sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = tmp_path / f"postmortem_lint-{__version__}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    pytest_command = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", SLOW]
    result = subprocess.run(
        [sys.executable, *pytest_command, *ROOT_READERS],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d{2,} passed", result.stdout), result.stdout[-500:]


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "postmortem-lint"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_installed_wheel_lints_from_another_directory(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _wheel, bin_dir = installed
    assert not tmp_path.resolve().is_relative_to(ROOT)
    postmortem = tmp_path / "0x19-postmortem" / "README.md"
    postmortem.parent.mkdir()
    shutil.copyfile(fixture("conflict.md"), postmortem)

    result = run(bin_dir, "check", "--format", "json", "0x19-postmortem/README.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert {item["rule"] for item in json.loads(result.stdout)} >= {"PM005", "PM006"}
    # With no paths, the alx pack's files: glob finds it from the current directory.
    found = run(bin_dir, "check", "--quiet", cwd=tmp_path)
    assert "0x19-postmortem/README.md:12:1: PM005" in found.stdout, found.stderr
    assert run(bin_dir, "--version", cwd=tmp_path).stdout.split()[-1] == __version__
    profiles = run(bin_dir, "profiles", cwd=tmp_path).stdout
    assert all(pack.removesuffix(".yaml") in profiles for pack in PACKS), profiles

    where = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import postmortem_lint as p, postmortem_lint.config as c; "
            "import sys; c.load(); "
            "print(p.__file__); print(c._pack_dir()); print('yaml' in sys.modules)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    module, packs, parsed_yaml = where.stdout.splitlines()
    assert parsed_yaml == "False"  # the default pack came from its compiled form
    assert Path(module).is_relative_to(bin_dir.parent), module  # the venv's, not the repo's
    assert packs.endswith("postmortem_lint/_packs") and Path(packs).is_relative_to(bin_dir.parent)
    assert (Path(module).parent / "py.typed").is_file()


PLUGIN = '''"""No TODO markers left in a postmortem.

Why: a TODO is a promise the report never kept.
"""

from postmortem_lint.violation import Problem

ID = "TM001"
NAME = "no-todo"
LEVEL = "warning"
OPTIONS = {}


def check(doc, options):
    for number, line in enumerate(doc.lines, start=1):
        if "TODO" in line:
            yield Problem(number, line.index("TODO") + 1, "a TODO is left in")
'''


def plugin_wheel(folder: Path, name: str, module: str, source: str) -> Path:
    """A wheel of one module with a ``postmortem_lint.rules`` entry point, built by hand."""
    wheel = folder / f"{name}-1.0-py3-none-any.whl"
    info = f"{name}-1.0.dist-info"
    files = {
        f"{module}.py": source,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/entry_points.txt": f"[postmortem_lint.rules]\n{name} = {module}\n",
    }
    record = "".join(f"{path},,\n" for path in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in {**files, f"{info}/RECORD": record}.items():
            archive.writestr(path, text)
    return wheel


def pip(bin_dir: Path, *args: str) -> None:
    subprocess.run([str(bin_dir / "pip"), *args, "--quiet"], check=True)


def test_a_plugin_installed_in_the_venv_is_listed_and_fires(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _wheel, bin_dir = installed
    pip(bin_dir, "install", "--no-deps", str(plugin_wheel(tmp_path, "pm_todo", "pm_todo", PLUGIN)))
    try:
        listed = run(bin_dir, "rules", cwd=tmp_path)
        assert "TM001  no-todo                warning  No TODO markers left in a postmortem" in (
            listed.stdout
        ), listed.stderr
        explained = run(bin_dir, "explain", "no-todo", cwd=tmp_path)
        assert "a promise the report never kept" in explained.stdout
        report = tmp_path / "README.md"
        report.write_text(
            "# Postmortem\n\nTODO: write it\n"
            "<!-- postmortem-lint disable-next-line TM001 -->\nTODO\n"
        )
        found = run(
            bin_dir, "check", "--select", "TM001", "--format", "json", str(report), cwd=tmp_path
        )
        assert [(item["rule"], item["line"]) for item in json.loads(found.stdout)] == [("TM001", 3)]
        config = tmp_path / ".postmortem-lint.yaml"
        config.write_text("rules:\n  no-todo: error\n")
        strict = run(bin_dir, "check", "--select", "TM001", str(report), cwd=tmp_path)
        assert strict.returncode == 1 and "[error] a TODO is left in" in strict.stdout
    finally:
        pip(bin_dir, "uninstall", "--yes", "pm_todo")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("raise RuntimeError('boom')\n", "cannot be loaded: RuntimeError: boom"),
        ("ID = 'TM002'\n", "lacks NAME, LEVEL, check"),
        (PLUGIN.replace('LEVEL = "warning"', 'LEVEL = "loud"'), "LEVEL must be 'error' or"),
        (PLUGIN.replace('"TM001"', '"PM001"'), "a rule 'PM001' is already registered"),
    ],
)
def test_a_broken_plugin_gets_one_line_naming_it(
    installed: tuple[Path, Path], tmp_path: Path, source: str, reason: str
) -> None:
    _wheel, bin_dir = installed
    pip(bin_dir, "install", "--no-deps", str(plugin_wheel(tmp_path, "pm_bad", "pm_bad", source)))
    try:
        result = run(bin_dir, "check", str(fixture("clean.md")), cwd=tmp_path)
        assert result.returncode == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("postmortem-lint: error: plugin 'pm_bad' (pm_bad): ")
        assert reason in lines[0]
    finally:
        pip(bin_dir, "uninstall", "--yes", "pm_bad")
