"""Configuration: every default in one place, overridable by `.bep.yaml` or `--config`.

Forks of the BEP process point the suite at their own registry, folder, prefix,
statuses and template here, without touching code.
"""

from __future__ import annotations

import re
import reprlib
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union


CONFIG_FILE_NAMES = (".bep.yaml", ".bep.yml")

# The proposal schema when neither the configuration nor the template (nor, for statuses,
# the README's status table) says otherwise. See schema.template_schema.
DEFAULT_STATUSES = ("Draft", "Accepted", "Implemented", "Rejected", "Superseded")
DEFAULT_FIELDS = ("Author", "Status", "Created")
DEFAULT_SECTIONS: Tuple[str, ...] = ()  # without a template no section is required
# Applied only where the template has the field (older templates have no version fields);
# set explicitly in .bep.yaml, they apply as written.
DEFAULT_STATUS_REQUIREMENTS: Dict[str, Tuple[str, ...]] = {
    "Accepted": ("Target-Version",),
    "Implemented": ("Implemented-Version",),
}
# The lifecycle of the newer BEP README: Draft -> Accepted -> Implemented, Draft|Accepted ->
# Rejected, and Superseded added later. A status that is not a key here may change freely.
DEFAULT_TRANSITIONS: Dict[str, Tuple[str, ...]] = {
    "Draft": ("Accepted", "Rejected", "Superseded"),
    "Accepted": ("Implemented", "Rejected", "Superseded"),
    "Implemented": ("Superseded",),
    "Rejected": (),
    "Superseded": (),
}
# Statuses whose documents say why (the newer BEP README: "Document rejection reason").
DEFAULT_REASON_REQUIRED = ("Rejected",)
DEFAULT_TITLE_KINDS = ("new", "update", "accept", "reject", "revise")
TABLE_STYLES = ("compact", "aligned", "keep")


class ConfigError(Exception):
    """A configuration the user must correct (exit code 2)."""


PATTERN_SECONDS = 1.0  # how long a user's regular expression may take on one title


def fullmatch_user_pattern(pattern: str, text: str) -> bool:
    """Whether the user's `title-pattern` matches the whole of `text`, under a time limit.

    Python's `re` backtracks without bound (`(a+)+$` takes seconds on 27 characters and
    doubles with each one more, in a commit hook). The `regex` module takes the same
    syntax and stops a match after `timeout`; a pattern that needs longer is a
    configuration error (exit 2), never a hanging commit.
    """
    import regex  # lazy: start-up

    try:
        return regex.fullmatch(pattern, text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError:
        raise ConfigError(
            f"setting 'title-pattern' {_short_repr(pattern)} took more than {PATTERN_SECONDS:g} s on the title "
            f"{_short_repr(text)} (it backtracks: nested repetition such as '(a+)+'); simplify it"
        ) from None


class Config(NamedTuple):
    """The effective settings. (Mapping defaults are shared by every Config that leaves
    them out: read them, never change them; `apply_settings` builds new ones.)"""

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
    section_aliases: Dict[str, Tuple[str, ...]] = {}
    # Other outlines a document may follow instead of the template's: name -> its H2
    # sections in order, or a Markdown file (from the root) whose H2 headings they are.
    outlines: Dict[str, Union[Tuple[str, ...], str]] = {}
    status_requirements: Dict[str, Tuple[str, ...]] = DEFAULT_STATUS_REQUIREMENTS
    # status -> the statuses it may change to (`bep check --against REF` compares with the base).
    transitions: Dict[str, Tuple[str, ...]] = DEFAULT_TRANSITIONS
    # Statuses whose documents must say why, in a section or a `...Reason:` field (`status-reason`).
    reason_required: Tuple[str, ...] = DEFAULT_REASON_REQUIRED

    # Rules.
    severity: Dict[str, str] = {}  # rule name -> error | warning | off
    per_file_ignores: Dict[str, Tuple[str, ...]] = {}  # glob -> rule names

    # Commit messages and PR titles (`bep title`, the bep-title hook).
    title_kinds: Tuple[str, ...] = DEFAULT_TITLE_KINDS
    title_pattern: Optional[str] = None  # a regular expression for the whole title; None: PREFIX-NNNN (kind): Summary
    # True: every title follows the rule (commit messages too); False: only titles of changes to proposals;
    # None (auto): also every PR title (`bep title TITLE`) where the registry is at the root.
    title_required: Optional[bool] = None

    # Formatting.
    table_style: str = "compact"

    # Adoption: findings recorded by `bep baseline` (relative to the root) do not fail `bep check`.
    baseline: str = ".bep-baseline.json"

    # Limits.
    max_file_size: int = 5 * 1024 * 1024

    # The repository's layout (`layout:`, hooks/layout.py). None: the flat settings above
    # describe it (the BEP shape); ask `layout.effective_layout(config)`, never this field.
    layout: Optional[Any] = None

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
    if explicit is None:
        from .parse.source import is_inside  # lazy: start-up

        if not is_inside(root, path):  # never read (nor echo) a file the repository links to
            raise ConfigError(f"{path}: a symlink that leads outside the repository; it is not read")
    try:
        from .parse.source import read_text_capped  # lazy: start-up

        text = read_text_capped(path)  # (a FIFO is refused, not waited for; /dev/zero is capped)
    except OSError as error:
        raise ConfigError(f"cannot read configuration file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"cannot read configuration file {path}: {error}") from None
    config = parse_config(text, str(path))
    _check_outline_files(root, config, str(path))
    return config


TEMPLATE_OUTLINE = "template"  # the name of the template's own outline (see `outlines`)


def _check_outline_files(root: Path, config: Config, origin: str) -> None:
    """An outline named by file must be a readable file of the repository."""
    from .parse.source import is_inside  # lazy: start-up

    for name, outline in config.outlines.items():
        if isinstance(outline, str):
            path = root / outline
            if not path.is_file() or not is_inside(root, path):
                raise ConfigError(
                    f"{origin}: setting 'outlines': '{name}' names the file '{outline}', which is not a file of "
                    "the repository; give a Markdown file (from the repository root) or a list of section names"
                )


def parse_config(text: str, origin: str = ".bep.yaml") -> Config:
    data = read_flat_config(text)
    if data is None:
        from ruamel.yaml import YAML  # lazy: start-up
        from ruamel.yaml.error import YAMLError  # lazy: start-up

        try:
            data = YAML(typ="safe", pure=True).load(text)
        except YAMLError as error:
            raise ConfigError(f"{origin}: not valid YAML: {error}") from None
        except ValueError as error:  # a number of thousands of digits: int() refuses it
            raise ConfigError(f"{origin}: a value cannot be read: {error}") from None
    if data is None:
        return DEFAULT
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings, found {type(data).__name__}")
    return apply_settings(DEFAULT, data, origin)


# YAML 1.2 (ruamel.yaml's safe loader) reads these plain scalars as booleans; YAML 1.1
# would also take yes/no/on/off, which are therefore left to ruamel.yaml.
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_AMBIGUOUS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def read_flat_config(text: str) -> Optional[Dict[str, Any]]:
    """The settings of a configuration of plain `key: value` lines, typed as ruamel.yaml's
    safe loader types them (whole numbers, true/false, null, text), without importing it:
    a fork's `.bep.yaml` is usually two or three such lines, and importing ruamel.yaml
    would cost each commit more than checking its files. None for anything else (lists,
    mappings, quotes, numbers that could be read otherwise...): ruamel.yaml reads those.
    tests/test_config.py holds this to ruamel.yaml on generated configurations."""
    from .parse.frontmatter import read_plain_mapping  # lazy: start-up
    from .parse.source import split_lines  # lazy: start-up

    plain = read_plain_mapping(split_lines(text))
    if plain is None:
        return None
    data: Dict[str, Any] = {}
    for key, value in plain.items():
        if not (key[0].isalpha() and key.isascii() and key.lower() not in _AMBIGUOUS):
            return None  # (YAML reads `1:` or `true:` as a number or a boolean)
        if value is None or value in _BOOLEANS:
            data[key] = None if value is None else _BOOLEANS[value]
        elif value.isdigit() and value.isascii() and len(value) < 19 and (value == "0" or value[0] != "0"):
            data[key] = int(value)
        elif value[0].isalpha() and value.isascii() and value.lower() not in _AMBIGUOUS:
            data[key] = value
        else:
            return None
    return data


def apply_settings(base: Config, data: Dict[str, Any], origin: str) -> Config:
    known = {name.replace("_", "-"): name for name in Config._fields}
    changes: Dict[str, Any] = {}
    for key, value in data.items():
        name = known.get(str(key)) or (str(key) if str(key) in known.values() else None)
        if name is None:
            allowed = ", ".join(sorted(known))
            raise ConfigError(f"{origin}: unknown setting '{key}'; allowed settings are: {allowed}")
        changes[name] = _coerce(name, value, origin)
    layout = changes.pop("layout", None)
    config = base._replace(**changes)
    if layout is not None:
        config = _with_layout(config, layout, set(changes), origin)
    _check_consistency(config, origin)
    return config


def _with_layout(config: Config, value: Any, given: set, origin: str) -> Config:
    """The configuration with its `layout:` read; the flat settings become the first
    series' and table's values, which code that knows one series reads."""
    from .layout import FLAT_EQUIVALENTS, LayoutError, flat_settings, parse_layout  # lazy: start-up

    try:
        layout = parse_layout(value, flat_settings(config))
    except LayoutError as error:
        raise ConfigError(f"{origin}: setting {error}") from None
    for flat_key, layout_key in FLAT_EQUIVALENTS:
        if flat_key.replace("-", "_") in given and _layout_sets(value, layout_key):
            raise ConfigError(
                f"{origin}: setting '{flat_key}' and '{layout_key.replace('[]', '[...]')}' say the same thing; "
                f"keep one (inside 'layout:', drop '{flat_key}')"
            )
    series, table = layout.series[0], layout.registry.tables[0]
    width = series.document_pattern().width
    return config._replace(
        layout=layout,
        prefix=series.prefix,
        number_width=width if width is not None else config.number_width,
        number_start=series.number_start,
        proposals_dir=series.folder,
        template=series.template,
        registry_file=layout.registry.file,
        registry_heading=table.heading if table.heading is not None else config.registry_heading,
        table_style=table.style if table.style in TABLE_STYLES else config.table_style,
    )


def _layout_sets(value: Any, key: str) -> bool:
    """Whether a `layout:` value writes `key` (`layout.series[].folder`: in any series or
    in `defaults`)."""
    parts = key.split(".")[1:]

    def walk(node: Any, rest: List[str]) -> bool:
        if not rest:
            return True
        if not isinstance(node, dict):
            return False
        name = rest[0]
        if name.endswith("[]"):
            name = name[:-2]
            items = node.get(name)
            candidates = list(items) if isinstance(items, list) else []
            if name == "series":
                candidates.append(node.get("defaults"))
            return any(walk(item, rest[1:]) for item in candidates)
        return name in node and walk(node[name], rest[1:])

    return walk(value, parts)


_OPTIONAL = ("registry_file", "proposals_dir", "template", "statuses", "required_fields", "required_sections", "title_pattern")


def _short_repr(value: Any) -> str:
    """repr() for messages, bounded: a YAML alias bomb is small as a graph and astronomically
    long as a repr."""
    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring, short.maxother = 2, 4, 4, 60, 60
    return short.repr(value)


def _coerce(name: str, value: Any, origin: str) -> Any:
    key = name.replace("_", "-")

    def fail(expected: str) -> ConfigError:
        return ConfigError(f"{origin}: setting '{key}' must be {expected}, not {_short_repr(value)}")

    if value is None and name in _OPTIONAL:
        return None  # null: the default (discover, or take it from the template)
    if name in ("number_width", "number_start", "max_file_size"):
        if not isinstance(value, int) or isinstance(value, bool) or value < (1 if name != "number_start" else 0):
            raise fail("a positive whole number")
        if name == "number_width" and value > 9:
            raise fail("a whole number from 1 to 9")
        return value
    if name in ("statuses", "required_fields", "required_sections", "title_kinds", "reason_required"):
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise fail("a list of names")
        if not value and name in ("statuses", "title_kinds"):
            raise fail("a list of at least one name")
        return tuple(item.strip() for item in value)
    if name in ("section_aliases", "status_requirements", "per_file_ignores", "transitions"):
        if not isinstance(value, dict):
            raise fail("a mapping of names to lists")
        result = {}
        for item_key, items in value.items():
            if items is None:
                items = []
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise fail("a mapping of names to lists of names")
            result[str(item_key)] = tuple(items)
        if name == "per_file_ignores":
            for items in result.values():
                for rule_name in items:
                    _check_rule_name(rule_name, key, origin, allow_all=True)
        return result
    if name == "outlines":
        expected = "a mapping of outline names to lists of section names (or to a Markdown file)"
        if not isinstance(value, dict):
            raise fail(expected)
        outlines: Dict[str, Union[Tuple[str, ...], str]] = {}
        for outline, sections in value.items():
            if str(outline) == TEMPLATE_OUTLINE:
                raise ConfigError(
                    f"{origin}: setting 'outlines': '{TEMPLATE_OUTLINE}' is the template's own outline; give the "
                    "others other names"
                )
            if isinstance(sections, str) and sections.strip():
                outlines[str(outline)] = sections.strip()
            elif isinstance(sections, list) and sections and all(isinstance(x, str) and x.strip() for x in sections):
                outlines[str(outline)] = tuple(x.strip() for x in sections)
            else:
                raise ConfigError(
                    f"{origin}: setting 'outlines': '{outline}' must be a list of section names or a file name, "
                    f"not {_short_repr(sections)}"
                )
        return outlines
    if name == "severity":
        from .findings import SEVERITIES  # lazy: start-up

        if not isinstance(value, dict):
            raise fail("a mapping of rule names to error, warning or off")
        result = {}
        for rule_name, grade in value.items():
            _check_rule_name(str(rule_name), key, origin)
            if grade is False:  # YAML 1.1 reads a bare `off` as false
                grade = "off"
            if grade not in SEVERITIES:
                raise ConfigError(
                    f"{origin}: setting 'severity': rule '{rule_name}' is graded {_short_repr(grade)}; "
                    f"allowed grades are: {', '.join(SEVERITIES)}"
                )
            result[str(rule_name)] = str(grade)
        return result
    if name == "table_style":
        if value not in TABLE_STYLES:
            raise fail("one of " + ", ".join(TABLE_STYLES))
        return value
    if name == "prefix":
        if not isinstance(value, str) or not value.isascii() or not value.replace("_", "").isalnum():
            raise fail("a short ASCII word such as BEP")
        return value
    if name == "title_required":
        if value is None or value == "auto":
            return None
        if not isinstance(value, bool):
            raise fail("true, false or auto")
        return value
    if name == "layout":
        return value  # read by _with_layout, once the flat settings are known
    if name == "title_pattern":
        if not isinstance(value, str) or not value:
            raise fail("a regular expression")
        try:
            re.compile(value)
        except re.error as error:
            raise ConfigError(f"{origin}: setting 'title-pattern' is not a valid regular expression: {error}") from None
        return value
    if name == "baseline":
        if not isinstance(value, str) or not value.strip():
            raise fail("a file name")
        return value
    if value is not None and not isinstance(value, str):
        raise fail("a text")
    return value


def _check_rule_name(name: str, key: str, origin: str, allow_all: bool = False) -> None:
    from .rules import rule_names  # lazy: start-up

    if name in rule_names() or (allow_all and name == "all"):
        return
    import difflib  # lazy: start-up

    close = difflib.get_close_matches(name, rule_names(), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    extra = " or 'all'" if allow_all else ""
    raise ConfigError(
        f"{origin}: setting '{key}' names an unknown rule '{name}'{hint}; use a rule name{extra} "
        "(`bep rules` lists them)"
    )


def _check_consistency(config: Config, origin: str) -> None:
    """Settings that are valid alone but contradict each other."""
    start = str(config.number_start)
    if len(start) > config.number_width:
        raise ConfigError(
            f"{origin}: setting 'number-start' ({start}) has more digits than 'number-width' ({config.number_width}) "
            "allows; set number-start to a number of that width"
        )
    if config.statuses is not None:
        known = set(config.statuses)
        if config.reason_required != DEFAULT_REASON_REQUIRED:
            for status in config.reason_required:
                if status not in known:
                    raise ConfigError(
                        f"{origin}: setting 'reason-required' names the status '{status}', which is not in "
                        f"'statuses' ({', '.join(config.statuses)})"
                    )
        for name, settings in (("transitions", config.transitions), ("status-requirements", config.status_requirements)):
            if name == "transitions" and config.transitions == DEFAULT_TRANSITIONS:
                continue  # the default lifecycle only applies to the statuses it names
            if name == "status-requirements" and config.status_requirements == DEFAULT_STATUS_REQUIREMENTS:
                continue
            for status in settings:
                if status not in known:
                    raise ConfigError(
                        f"{origin}: setting '{name}' names the status '{status}', which is not in 'statuses' "
                        f"({', '.join(config.statuses)})"
                    )
        for status, targets in config.transitions.items():
            if config.transitions == DEFAULT_TRANSITIONS:
                break
            for target in targets:
                if target not in known:
                    raise ConfigError(
                        f"{origin}: setting 'transitions' lets '{status}' change to '{target}', which is not in "
                        f"'statuses' ({', '.join(config.statuses)})"
                    )


def config_data(config: Config) -> Dict[str, Any]:
    """The configuration as plain data, keys as written in .bep.yaml (what `bep config` prints)."""

    def plain(value: Any) -> Any:
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    data = {name.replace("_", "-"): plain(getattr(config, name)) for name in Config._fields if name != "layout"}
    if config.layout is not None:
        from .layout import layout_data  # lazy: start-up

        data["layout"] = layout_data(config.layout)
    if data["title-required"] is None:
        data["title-required"] = "auto"
    return data


def dump_config(config: Config, notes: Optional[Dict[str, str]] = None, taken: Optional[Dict[str, Any]] = None) -> str:
    """YAML text of the effective configuration; `notes` become end-of-line comments by key;
    `taken` are the values of keys the configuration leaves to the template (by key)."""
    import io  # lazy: start-up

    from ruamel.yaml import YAML  # lazy: start-up
    from ruamel.yaml.comments import CommentedMap  # lazy: start-up

    data = CommentedMap(config_data(config))
    for key, value in (taken or {}).items():
        data[key] = list(value)
    for key, note in (notes or {}).items():
        data.yaml_add_eol_comment(note, key)
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def name_patterns(config: Config) -> Tuple["re.Pattern[str]", "re.Pattern[str]", "re.Pattern[str]"]:
    """(main document, supporting folder, looks-like-a-proposal) name patterns.

    A main document has exactly `number_width` digits (`BEP-1042-slug.md`; slugs may hold
    upper case and underscores). `loose` catches near misses that are reported as
    `proposal-filename`: `BEP1009-x.md`, `bep-1010-x.md`, `1007-x.md`, `BEP-10000-x.md`,
    `BEP-1010.md`, `BEP-1010-x.markdown`; not `BEPs.md` or `README.md`.
    """
    prefix = re.escape(config.prefix)
    width = config.number_width
    main = re.compile(rf"{prefix}-([0-9]{{{width}}})-(.+)\.md", re.ASCII)
    folder = re.compile(rf"{prefix}-([0-9]+)(?:-.*)?", re.ASCII)
    loose = re.compile(
        rf"(?:{prefix}[-_ ]?)?[0-9]{{3,}}(?:[-_ .].*)?\.(?:md|markdown)|{prefix}[-_ ]?[0-9].*\.(?:md|markdown)",
        re.I,
    )
    return main, folder, loose
