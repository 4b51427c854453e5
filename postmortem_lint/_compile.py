"""Rewrite the shipped packs' compiled form (``rules/compiled.json``) after a pack is
edited: ``python -m postmortem_lint._compile``. Until then the edited pack is read as YAML
and ``tests/test_config.py`` fails, naming this command."""

from __future__ import annotations

from postmortem_lint.config import COMPILED, compile_packs, pack_path


def main() -> None:
    target = pack_path("alx").parent / COMPILED
    target.write_text(compile_packs(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
