"""Configuration: packs, discovery, ``extends``, merging and validation.

A config (or a pack; they share one schema) is a mapping with these keys:

``extends``     a shipped pack name (``alx``) or a path to another config; files that do not
                say default to ``alx``; shipped packs without it start from nothing
``files``       globs linted when ``check`` is given no path
``date-order``  ``mdy`` or ``dmy``, for numeric dates such as 04/10/2024
``sections``    the sections a postmortem has, in order (replaces the base's list)
``rules``       per rule ID or name: ``error``/``warning``/``off``, or a mapping of
                ``level`` and the rule's options (merged over the base's)

Errors carry ``FILE:LINE: key: reason``.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from postmortem_lint.checks import Options, Rule, lookup, one_line, registry
from postmortem_lint.sections import Catalogue, Role, SectionSpec
from postmortem_lint.violation import Level

if TYPE_CHECKING:  # yaml is imported to read a user's YAML config or a pack edited since
    import yaml

CONFIG_NAMES = (".postmortem-lint.yaml", ".postmortem-lint.yml")
DEFAULT_PACK = "alx"
TOP_KEYS = ("extends", "files", "date-order", "sections", "rules", "description", "requirements")
REQUIREMENT_KEYS = ("id", "text", "rules")
MAX_EXTENDS = 32  # configs in one extends chain
SECTION_KEYS = ("id", "title", "aliases", "required", "parts", "role")


class ConfigError(Exception):
    """A configuration problem, already formatted as ``FILE:LINE: key: reason``."""


class RuleSetting(NamedTuple):
    """The level and options in force for one rule."""

    level: Level
    options: Options


class Requirement(NamedTuple):
    """One requirement a grader ticks: its id, its text, and the rules that decide it."""

    id: str
    text: str
    rules: tuple[str, ...]


class Config(NamedTuple):
    """Everything the engine needs to lint files under one configuration."""

    source: str
    catalogue: Catalogue
    rules: Mapping[str, RuleSetting]
    files: tuple[str, ...] = ()
    date_order: str = "mdy"
    description: str = ""
    requirements: tuple[Requirement, ...] = ()

    def enabled(self) -> Iterator[tuple[Rule, RuleSetting]]:
        """Rules not switched off that the pack gives something to read, in registry order."""
        for rule in registry():
            setting = self.setting(rule)
            if setting.level is not Level.OFF and rule.applies(self.catalogue):
                yield rule, setting

    def setting(self, rule: Rule) -> RuleSetting:
        """The level and options in force for *rule* (its defaults if registered late)."""
        return self.rules.get(rule.id) or _default(rule)


# -- locating packs ---------------------------------------------------------------------


def pack_names() -> list[str]:
    """Names of the packs shipped with postmortem-lint."""
    return sorted(path.stem for path in _pack_dir().glob("*.yaml"))


def _pack_dir() -> Path:
    """Shipped packs: inside the wheel (``_packs``), else the source tree's ``rules/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_packs"
    return packaged if packaged.is_dir() else here.parent / "rules"


def pack_path(name: str) -> Path:
    """The file of shipped pack *name*."""
    path = _pack_dir() / f"{name}.yaml"
    try:
        shipped = path.is_file()
    except OSError:  # a name too long for the file system, or one no file can have
        shipped = False
    if not shipped:
        known = ", ".join(pack_names()) or "none"
        raise ConfigError(f"unknown pack {name!r} (shipped packs: {known})")
    return path


# -- YAML with line numbers -------------------------------------------------------------


@dataclass(repr=False, eq=False)
class _Source:
    """A parsed config file and the line of each key path in it."""

    path: str
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]

    def where(self, *keys: str) -> str:
        """``FILE:LINE`` of the deepest known key on the path."""
        for end in range(len(keys), -1, -1):
            line = self.lines.get(tuple(keys[:end]))
            if line is not None:
                return f"{self.path}:{line}"
        return f"{self.path}:1"

    def error(self, keys: tuple[str, ...], reason: str) -> ConfigError:
        return ConfigError(f"{self.where(*keys)}: {'.'.join(keys) or '(top level)'}: {reason}")


def _read_yaml(path: str, text: str) -> _Source:
    """A YAML config, refusing what a config cannot be (a NUL, nesting too deep, a key
    given twice; an alias bomb costs its size), with the line of each key."""
    import yaml

    if "\x00" in text:  # the YAML reader refuses it with a message over several lines
        line = text[: text.index("\x00")].count("\n") + 1
        raise ConfigError(f"{path}:{line}: (yaml): a NUL character: not a text file")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except RecursionError:
        raise ConfigError(f"{path}:1: (yaml): nested too deeply to be a config") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(f"{path}:{line}: (yaml): {problem}") from None
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _index_lines(path, node, (), lines)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: (top level): expected a mapping of settings")
    return _Source(path, data, lines)


# -- shipped packs, compiled -------------------------------------------------------------

COMPILED = "compiled.json"  # beside the packs: each pack's data and lines, and its text's CRC


@lru_cache(maxsize=16)
def _read_shipped(path: str, text: str) -> _Source:
    """A shipped pack, read once per process for each text it has (every config that
    extends ``alx`` reads it); a _Source is only read, never changed, so it can be shared.

    It comes from :data:`COMPILED` (no YAML parser to import: a run starts ~20 ms sooner)
    when that was made from this very text, else from the YAML."""
    compiled = _compiled().get(Path(path).stem)
    if compiled is not None and compiled["crc32"] == zlib.crc32(text.encode()):
        lines = {tuple(keys): line for keys, line in compiled["lines"]}
        return _Source(path, compiled["data"], lines)
    return _read_yaml(path, text)


@lru_cache(maxsize=1)
def _compiled() -> dict[str, Any]:
    try:
        data = json.loads((_pack_dir() / COMPILED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def compile_packs() -> str:
    """The text of :data:`COMPILED` for the shipped packs as they are now."""
    packs: dict[str, Any] = {}
    for name in pack_names():
        path = pack_path(name)
        text = path.read_text(encoding="utf-8-sig")
        source = _read_yaml(str(path), text)
        lines = [[list(keys), line] for keys, line in source.lines.items()]
        packs[name] = {"crc32": zlib.crc32(text.encode()), "data": source.data, "lines": lines}
    return json.dumps(packs, ensure_ascii=False, indent=1) + "\n"  # in the YAML's order


_INDEX_DEPTH = 8  # config keys go no deeper than rules.PM501.option.item


def _index_lines(
    file: str, node: yaml.Node, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]
) -> None:
    """The line of each key path, as deep as a config goes. An alias is indexed where its
    anchor is, never again, so an alias bomb costs its size on disk, not its expansion. A
    key given twice in one mapping is an error (YAML would keep the last silently)."""
    import yaml

    seen: set[int] = set()
    todo = [(node, prefix)]
    while todo:
        node, prefix = todo.pop()
        out.setdefault(prefix, node.start_mark.line + 1)
        if id(node) in seen or len(prefix) >= _INDEX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            here: dict[str, int] = {}
            for key, value in node.value:
                path = (*prefix, str(key.value))
                line = key.start_mark.line + 1
                if path[-1] in here:
                    where = ".".join(path)
                    raise ConfigError(
                        f"{file}:{line}: {where}: given twice (first on line {here[path[-1]]})"
                    )
                here[path[-1]] = out[path] = line
                todo.append((value, path))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((item, (*prefix, str(index))) for index, item in enumerate(node.value))


_TOML_LINE = re.compile(r"\(at line (\d+)")


def _read_pyproject(path: str, text: str) -> _Source | None:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = found.group(1) if found else "1"
        raise ConfigError(f"{path}:{line}: (toml): {one_line(error)}") from None
    except (ValueError, RecursionError) as error:  # 5,000 digits, or nested 5,000 deep
        deep = isinstance(error, RecursionError)
        reason = "nested too deeply to be a config" if deep else one_line(error)
        raise ConfigError(f"{path}:1: (toml): {reason}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}:1: tool: expected a table")
    table = tool.get("postmortem-lint")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:1: tool.postmortem-lint: expected a table of settings")
    return _Source(path, table, _toml_lines(text))


def _toml_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each key under ``[tool.postmortem-lint...]`` tables, by its path from
    there (``[tool.postmortem-lint.rules.PM501]`` then ``max = 9`` is rules.PM501.max)."""
    lines: dict[tuple[str, ...], int] = {}
    header = "[tool.postmortem-lint"
    table: tuple[str, ...] | None = None  # the table the lines are in, None: not ours
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith(header) and stripped[len(header) : len(header) + 1] in ".]"
            section = stripped[len(header) :].strip("]. ") if inside else ""
            table = tuple(_toml_key(part) for part in section.split(".")) if section else ()
            table = table if inside else None
            if table is not None:
                lines.setdefault(table, number)
        elif table is not None and "=" in stripped and not stripped.startswith("#"):
            key = tuple(_toml_key(part) for part in stripped.split("=", 1)[0].split("."))
            lines.setdefault((*table, *key), number)
    return lines


def _toml_key(part: str) -> str:
    return part.strip().strip("\"'")


def _read(path: Path) -> _Source:
    """The config in *path*; a shipped pack (a file of :func:`_pack_dir`) the fast way."""
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}:1: (file): not a regular file (a FIFO, device or directory)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}:1: (file): cannot read: {error}") from None
    if path.name == "pyproject.toml":
        source = _read_pyproject(str(path), text)
        if source is None:
            raise ConfigError(f"{path}:1: (file): no [tool.postmortem-lint] table")
        return source
    if path.parent == _pack_dir() and path.suffix == ".yaml":
        return _read_shipped(str(path), text)
    return _read_yaml(str(path), text)


# -- building a Config ------------------------------------------------------------------


def load(path: Path | str | None = None) -> Config:
    """The config in *path*, or the default pack when *path* is None."""
    if path is None:
        return _load_pack(DEFAULT_PACK)
    resolved = Path(os.path.realpath(path))  # a symlink loop is a read error, not a crash
    if resolved.parent == _pack_dir().resolve() and resolved.suffix == ".yaml":
        return _load_pack(resolved.stem)  # a shipped pack starts from nothing, as packs do
    return _load_file(str(resolved))


@lru_cache(maxsize=16)
def _load_pack(name: str) -> Config:
    return _build(_read(pack_path(name)), is_pack=True, seen=())


@lru_cache(maxsize=64)
def _load_file(path: str) -> Config:
    return _build(_read(Path(path)), is_pack=False, seen=())


def forget() -> None:
    """Forget the configs read and found so far, so edited or new files are read again
    (the language server calls this; a command-line run reads each file once)."""
    _load_file.cache_clear()
    _discover.cache_clear()
    _for_directory.cache_clear()


def default_catalogue() -> Catalogue:
    """Sections of the default pack."""
    return _load_pack(DEFAULT_PACK).catalogue


def _build(source: _Source, *, is_pack: bool, seen: tuple[str, ...]) -> Config:
    data = source.data
    if source.path in seen:
        raise source.error(("extends",), "extends itself through " + " -> ".join(seen))
    for key in data:
        if key not in TOP_KEYS:
            raise source.error((str(key),), f"unknown key (expected one of: {', '.join(TOP_KEYS)})")
    if len(seen) >= MAX_EXTENDS:
        raise source.error(("extends",), f"more than {MAX_EXTENDS} configs extend one another")
    base = _base(source, is_pack=is_pack, seen=(*seen, source.path))
    catalogue = base.catalogue if base else Catalogue(())
    if "sections" in data:
        catalogue = Catalogue(_sections(source))
    files = base.files if base else ()
    if "files" in data:
        files = tuple(_strings(source, ("files",), data["files"]))
    date_order = base.date_order if base else "mdy"
    if "date-order" in data:
        date_order = data["date-order"]
        if date_order not in ("mdy", "dmy"):
            raise source.error(("date-order",), "must be 'mdy' or 'dmy'")
    rules = dict(base.rules) if base else _defaults()
    for key, value in _mapping(source, ("rules",), data.get("rules") or {}).items():
        rule = lookup(str(key))
        if rule is None:
            raise source.error(("rules", str(key)), "unknown rule (see 'postmortem-lint rules')")
        current = rules.get(rule.id) or _default(rule)
        rules[rule.id] = _rule_setting(source, rule, str(key), value, current)
        if rules[rule.id].level is not Level.OFF and not rule.applies(catalogue):
            reason = f"this pack has no section with role {rule.roles_text}"
            raise source.error(("rules", str(key)), reason)
    description = data.get("description", base.description if base else "")
    if not isinstance(description, str):
        raise source.error(("description",), "expected one line of text")
    requirements = base.requirements if base else ()
    if "requirements" in data:
        requirements = _requirements(source)
    return Config(source.path, catalogue, rules, files, date_order, description, requirements)


def _requirements(source: _Source) -> tuple[Requirement, ...]:
    raw = source.data["requirements"]
    if not isinstance(raw, list):
        raise source.error(("requirements",), "expected a list of requirements")
    out: list[Requirement] = []
    for index, item in enumerate(raw):
        where = ("requirements", str(index))
        entry = _mapping(source, where, item)
        for key in entry:
            if key not in REQUIREMENT_KEYS:
                expected = ", ".join(REQUIREMENT_KEYS)
                raise source.error((*where, str(key)), f"unknown key (expected one of: {expected})")
        for key in ("id", "text"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise source.error((*where, key), "required, a non-empty string")
        if entry["id"] in (other.id for other in out):
            raise source.error((*where, "id"), f"another requirement has id {entry['id']!r}")
        decided = []
        for key in _strings(source, (*where, "rules"), entry.get("rules", [])):
            rule = lookup(key)
            if rule is None:
                raise source.error((*where, "rules"), f"unknown rule {key!r}")
            decided.append(rule.id)
        if not decided:
            raise source.error((*where, "rules"), "required: the rules that decide it")
        out.append(Requirement(entry["id"], entry["text"], tuple(decided)))
    return tuple(out)


def _base(source: _Source, *, is_pack: bool, seen: tuple[str, ...]) -> Config | None:
    extends = source.data.get("extends", None if is_pack else DEFAULT_PACK)
    if extends is None:
        return None
    if not isinstance(extends, str):
        raise source.error(("extends",), "must be a pack name or a path")
    if "/" not in extends and "\\" not in extends and not extends.endswith((".yaml", ".yml")):
        try:
            return _build(_read(pack_path(extends)), is_pack=True, seen=seen)
        except ConfigError as error:
            raise source.error(("extends",), str(error)) from None
    target = Path(os.path.realpath(Path(source.path).parent / extends))
    if not target.is_file():
        raise source.error(("extends",), f"no such file: {target}")
    return _build(_read(target), is_pack=False, seen=seen)


def _default(rule: Rule) -> RuleSetting:
    return RuleSetting(rule.level, Options({k: o.default for k, o in rule.options.items()}))


def _defaults() -> dict[str, RuleSetting]:
    return {rule.id: _default(rule) for rule in registry()}


def _rule_setting(
    source: _Source, rule: Rule, key: str, value: object, current: RuleSetting
) -> RuleSetting:
    where = ("rules", key)
    if isinstance(value, bool) and not value:
        value = "off"
    if isinstance(value, str):
        return RuleSetting(_level(source, where, value), current.options)
    if not isinstance(value, dict):
        raise source.error(
            where, f"expected a level (error, warning, off) or a mapping, got {value!r}"
        )
    settings = value
    level = current.level
    options = dict(current.options.values)
    for name, option_value in settings.items():
        name = str(name)
        if name == "level":
            level = _level(source, (*where, name), option_value)
            continue
        option = rule.options.get(name)
        if option is None:
            known = ", ".join(["level", *rule.options]) or "level"
            raise source.error((*where, name), f"unknown option for {rule.id} (known: {known})")
        options[name] = option.coerce(option_value, partial(source.error, (*where, name)))
    merged = Options(options)
    clash = rule.validate(merged) if rule.validate else None
    if clash:
        raise source.error(where, clash)
    return RuleSetting(level, merged)


def _level(source: _Source, where: tuple[str, ...], value: object) -> Level:
    if value is False:  # YAML 1.1 reads a bare `off` as false
        return Level.OFF
    try:
        return Level(str(value).lower())
    except ValueError:
        raise source.error(where, f"level must be error, warning or off, not {value!r}") from None


def _mapping(source: _Source, where: tuple[str, ...], value: object) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise source.error(where, f"expected a mapping, got {type(value).__name__}")
    return value


def _strings(source: _Source, where: tuple[str, ...], value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise source.error(where, "expected a list of strings")
    return list(value)


def _sections(source: _Source) -> list[SectionSpec]:
    raw = source.data["sections"]
    if not isinstance(raw, list):
        raise source.error(("sections",), "expected a list of sections")
    specs: list[SectionSpec] = []
    for index, item in enumerate(raw):
        where = ("sections", str(index))
        entry = _mapping(source, where, item)
        for key in entry:
            if key not in SECTION_KEYS:
                expected = ", ".join(SECTION_KEYS)
                raise source.error((*where, str(key)), f"unknown key (expected one of: {expected})")
        for key in ("id", "title"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise source.error((*where, key), "required, a non-empty string")
        role = _role(source, (*where, "role"), entry.get("role"))
        if role is not None and any(spec.role is role for spec in specs):
            raise source.error((*where, "role"), f"another section already has role '{role}'")
        specs.append(
            SectionSpec(
                id=entry["id"],
                title=entry["title"],
                aliases=tuple(_strings(source, (*where, "aliases"), entry.get("aliases", []))),
                required=bool(entry.get("required", False)),
                parts=tuple(_strings(source, (*where, "parts"), entry.get("parts", []))),
                role=role,
            )
        )
    ids = {spec.id for spec in specs}
    for index, spec in enumerate(specs):
        if spec.id in (other.id for other in specs[:index]):
            raise source.error(
                ("sections", str(index), "id"), f"another section has id {spec.id!r}"
            )
        for part in spec.parts:
            if part not in ids or part == spec.id:
                reason = (
                    f"section {part!r} cannot be a part of itself"
                    if part == spec.id
                    else f"no section with id {part!r}"
                )
                raise source.error(("sections", str(index), "parts"), reason)
    return specs


def _role(source: _Source, where: tuple[str, ...], value: object) -> Role | None:
    if value is None:
        return None
    try:
        return Role(str(value))
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise source.error(where, f"unknown role {value!r} (known: {known})") from None


# -- discovery --------------------------------------------------------------------------


def discover(directory: Path) -> Path | None:
    """The nearest config file from *directory* up to the repository root (or filesystem root)."""
    return _discover(os.path.realpath(directory))


@lru_cache(maxsize=1024)
def _discover(directory: str) -> Path | None:
    current = Path(directory)
    for name in CONFIG_NAMES:
        candidate = current / name
        if candidate.is_file():
            return candidate
    pyproject = current / "pyproject.toml"
    if pyproject.is_file() and "[tool.postmortem-lint" in _head(pyproject):
        return pyproject
    if (current / ".git").exists() or current.parent == current:
        return None
    return _discover(str(current.parent))


def _head(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def for_file(path: Path, explicit: Path | None = None) -> Config:
    """The config that applies to *path*: *explicit*, else discovered (from a symlink's
    target), else the default pack."""
    if explicit is not None:
        return load(explicit)
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))  # a loop stays as it is: no error here
    except OSError:  # a name too long to look up: its directory still says
        pass
    # joined, not normalised: "link/../x.md" is in link's target's parent, as the OS finds it
    return _for_directory(os.path.join(os.getcwd(), os.path.dirname(path)))


@lru_cache(maxsize=1024)
def _for_directory(directory: str) -> Config:
    """The config of the files in *directory*, found once per directory of a batch."""
    return load(discover(Path(directory)))
