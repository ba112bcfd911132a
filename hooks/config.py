"""Configuration: every default in one place, overridable by `.bep.yaml` or `--config`.

Forks of the BEP process point the suite at their own registry, folder, prefix,
statuses and template here, without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

CONFIG_FILE_NAMES = (".bep.yaml", ".bep.yml")

DEFAULT_STATUSES = ("Draft", "Accepted", "Implemented", "Rejected", "Superseded")
TABLE_STYLES = ("compact", "aligned")


class ConfigError(Exception):
    """A configuration the user must correct (exit code 2)."""


@dataclass(frozen=True)
class Config:
    # Where things are. None means: discover them (see repository.discover).
    registry_file: Optional[str] = None
    registry_heading: str = "BEP Number Registry"
    proposals_dir: Optional[str] = None
    template: Optional[str] = None  # file name inside proposals_dir; default PREFIX-0000-template.md

    # Numbering.
    prefix: str = "BEP"
    number_width: int = 4
    number_start: int = 1000

    # Schema. None means: take it from the template (and the README), else the defaults.
    statuses: Optional[Tuple[str, ...]] = None
    required_fields: Optional[Tuple[str, ...]] = None
    required_sections: Optional[Tuple[str, ...]] = None
    section_aliases: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    status_requirements: Dict[str, Tuple[str, ...]] = field(
        default_factory=lambda: {"Accepted": ("Target-Version",), "Implemented": ("Implemented-Version",)}
    )

    # Rules.
    severity: Dict[str, str] = field(default_factory=dict)  # rule name -> error | warning | off
    per_file_ignores: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # glob -> rule names

    # Formatting.
    table_style: str = "compact"

    # Limits.
    max_file_size: int = 5 * 1024 * 1024

    @property
    def template_name(self) -> str:
        return self.template or f"{self.prefix}-{'0' * self.number_width}-template.md"

    def format_number(self, number: int) -> str:
        return f"{number:0{self.number_width}d}"


DEFAULT = Config()


def find_config_file(root: Path) -> Optional[Path]:
    for name in CONFIG_FILE_NAMES:
        candidate = root / name
        if candidate.is_file():
            return candidate
    return None


def load_config(root: Path, explicit: Optional[Path] = None) -> Config:
    """The effective configuration: defaults, then the config file if there is one."""
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return DEFAULT
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read configuration file {path}: {error}") from None
    return parse_config(text, str(path))


def parse_config(text: str, origin: str = ".bep.yaml") -> Config:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as error:
        raise ConfigError(f"{origin}: not valid YAML: {error}") from None
    if data is None:
        return DEFAULT
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings, found {type(data).__name__}")
    return apply_settings(DEFAULT, data, origin)


def apply_settings(base: Config, data: Dict[str, Any], origin: str) -> Config:
    known = {f.name.replace("_", "-"): f.name for f in fields(Config)}
    changes: Dict[str, Any] = {}
    for key, value in data.items():
        name = known.get(str(key)) or (str(key) if str(key) in known.values() else None)
        if name is None:
            allowed = ", ".join(sorted(known))
            raise ConfigError(f"{origin}: unknown setting '{key}'; allowed settings are: {allowed}")
        changes[name] = _coerce(name, value, origin)
    return replace(base, **changes)


def _coerce(name: str, value: Any, origin: str) -> Any:
    def fail(expected: str) -> ConfigError:
        key = name.replace("_", "-")
        return ConfigError(f"{origin}: setting '{key}' must be {expected}, not {value!r}")

    if name in ("number_width", "number_start", "max_file_size"):
        if not isinstance(value, int) or isinstance(value, bool) or value < (1 if name != "number_start" else 0):
            raise fail("a positive whole number")
        return value
    if name in ("statuses", "required_fields", "required_sections"):
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise fail("a list of names")
        return tuple(item.strip() for item in value)
    if name in ("section_aliases", "status_requirements", "per_file_ignores"):
        if not isinstance(value, dict):
            raise fail("a mapping of names to lists")
        result = {}
        for key, items in value.items():
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise fail("a mapping of names to lists of names")
            result[str(key)] = tuple(items)
        return result
    if name == "severity":
        from .findings import SEVERITIES

        if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
            raise fail("a mapping of rule names to error, warning or off")
        return {str(k): str(v) for k, v in value.items()}
    if name == "table_style":
        if value not in TABLE_STYLES:
            raise fail("one of " + ", ".join(TABLE_STYLES))
        return value
    if name == "prefix":
        if not isinstance(value, str) or not value.isascii() or not value.replace("_", "").isalnum():
            raise fail("a short ASCII word such as BEP")
        return value
    if value is not None and not isinstance(value, str):
        raise fail("a text")
    return value
