"""The wheel ships the packs: build it, install it in a fresh venv, lint with it."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from tests.conftest import ROOT, fixture


def test_wheel_installs_and_lints_with_the_shipped_pack(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("postmortem_lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "postmortem_lint/_packs/alx.yaml" in names
    assert not any(name.startswith(("tests/", "fixtures/")) for name in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], check=True)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [
            str(bin_dir / "postmortem-lint"),
            "check",
            "--format",
            "json",
            str(fixture("conflict.md")),
        ],
        cwd=outside,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert {item["rule"] for item in json.loads(result.stdout)} >= {"PM005", "PM006"}
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import postmortem_lint.config as c; print(c._pack_dir())"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().endswith("postmortem_lint/_packs")
    assert str(env_dir) in where.stdout
