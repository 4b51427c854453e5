"""Plugin discovery is cheap when there are none: importlib.metadata is imported only when
a distribution on sys.path declares our entry points (the wheel tests load real ones)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_lint.checks import ENTRY_POINTS, _any_plugin


def _dist(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_a_declared_entry_point_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert not _any_plugin()
    _dist(tmp_path, "ours", f"[{ENTRY_POINTS}]\nmine = mine.rule\n")
    assert _any_plugin()


def test_a_zipped_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bundle.zip").write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "bundle.zip")])
    assert _any_plugin()


def test_a_run_without_plugins_does_not_import_importlib_metadata() -> None:
    code = (  # main() ends the process; the exit hook it runs first reports
        "import atexit, sys\n"
        "from postmortem_lint.cli import main\n"
        "sys.argv = ['postmortem-lint', 'rules']\n"
        "atexit.register(lambda: print('importlib.metadata' in sys.modules, file=sys.stderr))\n"
        "main()\n"
    )
    if _any_plugin():
        pytest.skip("a plugin is installed in this environment")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "False"
