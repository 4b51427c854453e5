"""Shared test helpers: paths to our fixtures and to ../shared (absent on users' machines)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def fixture(name: str) -> Path:
    """A fixture postmortem by file name."""
    return FIXTURES / name


def shared(*parts: str) -> Path:
    """A path under ../shared, skipping the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (only developers and CI have ../shared)")
    return path


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see neither GitHub Actions nor a user's colour settings."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules a test registers are gone after it: the registry is a copy for the test."""
    from postmortem_lint import checks

    monkeypatch.setattr(checks, "_RULES", list(checks.registry()))
    monkeypatch.setattr(checks, "_BY_KEY", dict(checks._BY_KEY))
