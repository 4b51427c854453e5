"""The wheel ships the packs: build it, install it in a fresh venv, lint with it; and
plugins installed in that venv add rules through the ``postmortem_lint.rules`` entry point."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, fixture


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the built wheel, the bin directory of a fresh venv it is installed in)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("postmortem_lint-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], check=True)
    return wheel, bin_dir


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "postmortem-lint"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_wheel_installs_and_lints_with_the_shipped_pack(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    wheel, bin_dir = installed
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "postmortem_lint/_packs/alx.yaml" in names
    assert "postmortem_lint/py.typed" in names
    assert not any(name.startswith(("tests/", "fixtures/")) for name in names)

    result = run(bin_dir, "check", "--format", "json", str(fixture("conflict.md")), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert {item["rule"] for item in json.loads(result.stdout)} >= {"PM005", "PM006"}
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import postmortem_lint.config as c; print(c._pack_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().endswith("postmortem_lint/_packs")
    assert str(bin_dir.parent) in where.stdout


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
