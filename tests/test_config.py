"""Configuration: packs, discovery, extends, merging and validation with FILE:LINE."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from postmortem_lint import config as config_module
from postmortem_lint.config import Config, ConfigError, discover, for_file, load, pack_names
from postmortem_lint.violation import Level


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_pack_is_alx_with_its_data() -> None:
    config = load()
    assert "alx" in pack_names()
    assert [spec.id for spec in config.catalogue.required()] == [
        "summary",
        "timeline",
        "root-cause-resolution",
        "measures",
    ]
    assert config.rules["PM501"].options.integer("min") == 400
    assert config.rules["PM501"].options.integer("max") == 600
    assert config.rules["PM002"].level is Level.WARNING


def test_user_config_extends_alx_by_default_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".postmortem-lint.yaml",
        "rules:\n  word-count:\n    max: 700\n  PM002: off\n  PM003: error\n",
    )
    config = load(path)
    assert config.rules["PM501"].options.integer("max") == 700
    assert config.rules["PM501"].options.integer("min") == 400
    assert config.rules["PM002"].level is Level.OFF
    assert config.rules["PM003"].level is Level.ERROR
    assert config.catalogue.by_id["timeline"].title == "Timeline"


def test_extends_a_path_and_replaces_sections(tmp_path: Path) -> None:
    write(
        tmp_path / "base.yaml",
        "sections:\n  - id: impact\n    title: Impact\n    required: true\n"
        "rules:\n  PM501: {min: 100}\n",
    )
    child = write(
        tmp_path / "team" / "pm.yaml", "extends: ../base.yaml\nrules:\n  PM501: {max: 900}\n"
    )
    config = load(child)
    assert [spec.title for spec in config.catalogue.required()] == ["Impact"]
    assert config.rules["PM501"].options.integer("min") == 100
    assert config.rules["PM501"].options.integer("max") == 900


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rulez: {}\n", ":1: rulez: unknown key"),
        ("rules:\n  PM999: off\n", ":2: rules.PM999: unknown rule"),
        ("rules:\n  PM501:\n    maximum: 3\n", ":3: rules.PM501.maximum: unknown option for PM501"),
        ("rules:\n  PM501:\n    max: lots\n", ":3: rules.PM501.max: expected int, got str 'lots'"),
        ("rules:\n  PM501:\n    max: -1\n", ":3: rules.PM501.max: must not be negative"),
        ("rules:\n  PM501: loud\n", ":2: rules.PM501: level must be error, warning or off"),
        (
            "rules:\n  PM103:\n    quantity-nouns: users\n",
            ":3: rules.PM103.quantity-nouns: expected a list of words, as [a, b]",
        ),
        (
            "rules:\n  PM010:\n    fields: [Status, 3]\n",
            ":3: rules.PM010.fields: item 2 is int 3, not a word",
        ),
        (  # a bare "*" or blank word would match at every word boundary
            "rules:\n  PM701:\n    blame-words: [careless, '*']\n",
            ":3: rules.PM701.blame-words: item 2 '*' is no word",
        ),
        (
            "rules:\n  PM009:\n    placeholders: [TBD, ___, ' ']\n",
            ":3: rules.PM009.placeholders: item 3 ' ' is no word",
        ),
        (
            "rules:\n  PM501: off\n  PM002: off\n  PM501: error\n",
            ":4: rules.PM501: given twice (first on line 2)",
        ),
        ("date-order: ymd\n", ":1: date-order: must be 'mdy' or 'dmy'"),
        ("rules:\n  PM501: {min: 700}\n", ":2: rules.PM501: min (700) is more than max (600)"),
        (
            "rules:\n  PM501: 3\n",
            ":2: rules.PM501: expected a level (error, warning, off) or a mapping",
        ),
        ("extends: nope\n", ":1: extends: unknown pack 'nope'"),
        ("sections:\n  - id: a\n    name: A\n", ":3: sections.0.name: unknown key"),
        (
            "sections:\n  - id: a\n    title: A\n    parts: [b]\n",
            ":4: sections.0.parts: no section",
        ),
        ("rules: [\n", ":2: (yaml):"),
        ("- a list\n", ":1: (top level): expected a mapping"),
    ],
)
def test_validation_names_file_line_key_and_reason(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ConfigError) as error:
        load(path)
    message = str(error.value)
    assert message.startswith(str(path.resolve()))
    assert expected in message


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: ./b.yaml\n")
    write(tmp_path / "b.yaml", "extends: ./a.yaml\n")
    with pytest.raises(ConfigError, match="extends itself"):
        load(tmp_path / "a.yaml")


def test_yaml_is_read_safely(tmp_path: Path) -> None:
    path = write(tmp_path / "evil.yaml", "rules: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError, match="yaml"):
        load(path)


def test_discovery_walks_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    found = write(tmp_path / "repo" / ".postmortem-lint.yml", "rules: {PM002: off}\n")
    deep = tmp_path / "repo" / "0x19-postmortem" / "notes"
    deep.mkdir(parents=True)
    assert discover(deep) == found
    assert for_file(deep / "README.md").rules["PM002"].level is Level.OFF
    write(tmp_path / ".postmortem-lint.yaml", "rules: {PM003: off}\n")
    (tmp_path / "repo" / ".postmortem-lint.yml").unlink()
    config_module._discover.cache_clear()
    assert discover(deep) is None  # stops at the repository root


def test_a_symlinked_file_takes_its_targets_config(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name / ".git").mkdir(parents=True)
    write(tmp_path / "b" / ".postmortem-lint.yaml", "rules: {PM002: off}\n")
    real = write(tmp_path / "b" / "README.md", "# Title\n")
    (tmp_path / "a" / "README.md").symlink_to(real)
    write(tmp_path / "a" / "other.md", "# Title\n")
    assert for_file(tmp_path / "a" / "README.md").rules["PM002"].level is Level.OFF
    assert for_file(tmp_path / "a" / "other.md").rules["PM002"].level is not Level.OFF


def test_a_path_through_a_symlinked_directory_takes_the_config_the_os_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / ".git").mkdir()
    write(tmp_path / "real" / ".postmortem-lint.yaml", "rules: {PM002: off}\n")
    write(tmp_path / "real" / "x.md", "# Title\n")
    (tmp_path / "top" / ".git").mkdir(parents=True)
    (tmp_path / "top" / "link").symlink_to(tmp_path / "real" / "sub")
    monkeypatch.chdir(tmp_path / "top")
    config_module.forget()
    path = Path("link/../x.md")  # the OS opens real/x.md
    assert path.read_text() == "# Title\n"
    assert for_file(path).rules["PM002"].level is Level.OFF


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.postmortem-lint.rules.PM501]\nmax = "many"\n',
    )
    config_module._discover.cache_clear()
    assert discover(tmp_path) == path
    with pytest.raises(ConfigError, match=r"pyproject.toml:5: rules.PM501.max: expected int"):
        load(path)
    path.write_text("[tool.postmortem-lint]\nrules = {PM501 = {max = 800}}\n", encoding="utf-8")
    config_module._load_file.cache_clear()
    assert load(path).rules["PM501"].options.integer("max") == 800


def test_level_off_in_the_mapping_form(tmp_path: Path) -> None:
    path = write(tmp_path / "pm.yaml", "rules:\n  PM501:\n    level: off\n    max: 900\n")
    setting = load(path).rules["PM501"]
    assert setting.level is Level.OFF and setting.options.integer("max") == 900


def test_an_alias_bomb_costs_its_size_not_its_expansion(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "rules:\n  PM104:\n    phrases: *a8\n".replace("*a8", "[]") + "\n".join(levels) + "\n"
    )
    with pytest.raises(ConfigError, match="a0: unknown key"):
        load(path)  # 9**9 strings if expanded: this returns at once


def test_deep_nesting_and_special_files_are_one_line_errors(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("rules: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load(deep)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load(fifo)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("nul.yaml", "rules:\n  PM501: off\x00\n", ":2: (yaml): a NUL character: not a text file"),
        ("long.yaml", "extends: " + "x" * 300 + "\n", ":1: extends: unknown pack 'xxx"),
        (
            "big.yaml",
            "rules:\n  PM205: {tolerance-minutes: 99999999999999999}\n",
            ":2: rules.PM205.tolerance-minutes: too large (at most 1,000,000,000)",
        ),
    ],
)
def test_hostile_configs_are_one_line(name: str, text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path)
    assert expected in str(error.value) and "\n" not in str(error.value)


def test_an_extends_chain_has_a_bound(tmp_path: Path) -> None:
    for index in range(40):
        (tmp_path / f"c{index}.yaml").write_text(f"extends: c{index + 1}.yaml\n")
    (tmp_path / "c40.yaml").write_text("rules: {}\n")
    with pytest.raises(ConfigError, match="more than 32 configs extend one another"):
        load(tmp_path / "c0.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[tool.postmortem-lint.rules.PM501]\nmax = " + "9" * 5000 + "\n",
            ":1: (toml): ValueError",
        ),
        ("[tool.postmortem-lint]\nfiles = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("[tool.postmortem-lint]\nfiles = ['a']\nrules = \n", ":3: (toml): TOMLDecodeError"),
    ],
)
def test_hostile_pyproject_is_one_line(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path)
    assert expected in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[project]\nmax = 3\n\n[tool.postmortem-lint.rules.PM501]\nmin = 10\nmax = "lots"\n',
            ":6: rules.PM501.max: expected int",
        ),
        (
            '[tool.postmortem-lint]\nextends = "alx"\nrules.PM501.max = "lots"\n',
            ":3: rules.PM501.max",
        ),
        (
            '[tool.postmortem-lint.rules]\nPM501 = "off"\nPM999 = "off"\n',
            ":3: rules.PM999: unknown",
        ),
    ],
)
def test_pyproject_errors_name_the_keys_line(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load(path)


# -- shipped packs: the compiled form ----------------------------------------------------


def _view(config: Config) -> tuple[object, ...]:
    """A Config as comparable values (Catalogue and Options have no equality of their own)."""
    rules = {key: (setting.level, setting.options.values) for key, setting in config.rules.items()}
    return (
        config.source,
        config.catalogue.specs,
        rules,
        config.files,
        config.date_order,
        config.description,
        config.requirements,
    )


def test_the_compiled_packs_are_current() -> None:
    compiled = config_module.pack_path("alx").parent / config_module.COMPILED
    assert compiled.read_text(encoding="utf-8") == config_module.compile_packs(), (
        "a pack changed: run `python -m postmortem_lint._compile`"
    )


@pytest.mark.parametrize("name", pack_names())
def test_a_shipped_pack_reads_the_same_compiled_and_as_yaml(name: str) -> None:
    path = str(config_module.pack_path(name))
    text = Path(path).read_text(encoding="utf-8-sig")
    config_module._read_shipped.cache_clear()
    compiled = config_module._read_shipped(path, text)
    parsed = config_module._read_yaml(path, text)
    assert compiled.data == parsed.data
    assert compiled.lines == parsed.lines
    built = [config_module._build(source, is_pack=True, seen=()) for source in (compiled, parsed)]
    assert _view(built[0]) == _view(built[1])
    assert _view(built[0]) == _view(load(path))  # what load() gives a shipped pack


def test_a_shipped_pack_is_read_without_the_yaml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(config_module.pack_path("alx"))
    text = Path(path).read_text(encoding="utf-8-sig")

    def refuse(text: str) -> None:
        raise AssertionError("the YAML parser read a shipped pack")

    monkeypatch.setattr(yaml, "SafeLoader", refuse)
    config_module._read_shipped.cache_clear()
    assert config_module._read_shipped(path, text).lines[("sections",)] > 1
    with pytest.raises(AssertionError, match="YAML parser"):
        config_module._read_yaml(path, text)


def test_a_pack_edited_since_it_was_compiled_is_read_as_yaml() -> None:
    path = str(config_module.pack_path("alx"))
    text = Path(path).read_text(encoding="utf-8-sig").replace("date-order: mdy", "date-order: dmy")
    assert text != Path(path).read_text(encoding="utf-8-sig")
    config_module._read_shipped.cache_clear()
    assert config_module._read_shipped(path, text).data["date-order"] == "dmy"


def _forget_packs() -> None:
    for cached in (config_module._compiled, config_module._read_shipped, config_module._load_pack):
        cached.cache_clear()


def test_a_missing_or_broken_compiled_form_falls_back_to_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = config_module.pack_path("alx")
    expected = _view(load())[1:]  # all but the source, which is the copy's path
    write(tmp_path / "alx.yaml", pack.read_text(encoding="utf-8-sig"))
    monkeypatch.setattr(config_module, "_pack_dir", lambda: tmp_path)
    try:
        for compiled in (None, "{not json", "[1, 2]"):
            if compiled is not None:
                write(tmp_path / config_module.COMPILED, compiled)
            _forget_packs()
            assert _view(load())[1:] == expected
    finally:
        _forget_packs()


def test_only_files_of_the_pack_directory_use_the_compiled_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = write(tmp_path / "alx.yaml", config_module.pack_path("alx").read_text())
    parsed: list[str] = []
    read_yaml = config_module._read_yaml

    def spy(path: str, text: str) -> object:
        parsed.append(path)
        return read_yaml(path, text)

    monkeypatch.setattr(config_module, "_read_yaml", spy)
    config_module._load_file.cache_clear()
    load(copy)  # the very text of the pack, but a user's file: read as YAML
    assert parsed == [str(copy)]


def test_a_shipped_pack_is_parsed_once_per_process(tmp_path: Path) -> None:
    config_module._read_shipped.cache_clear()
    config_module._load_file.cache_clear()
    config_module._load_pack.cache_clear()
    for index in range(3):  # each extends alx, by default or by name
        extends = "extends: alx\n" if index else ""
        load(write(tmp_path / f"c{index}.yaml", f"{extends}rules: {{PM00{index + 2}: off}}\n"))
    load()
    info = config_module._read_shipped.cache_info()
    assert (info.misses, info.hits) == (1, 3)
