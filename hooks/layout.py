"""The layout of a proposal repository: where the index tables are, how to read them, and
each series of documents (where, how named, what header, which statuses and sections).

`layout:` in `.bep.yaml` describes it (docs/layouts.md is the reference, with the
configurations of two real repositories). Every key is optional: with no `layout:` the
layout is built from the flat settings (`prefix`, `number-width`, `proposals-dir`,
`registry-heading`...), which is exactly the BEP shape. `effective_layout(config)` is the
one place the rest of the code asks.

This module is data and validation only: it reads no file and imports no rule.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

# -- patterns ------------------------------------------------------------------------

_PART = re.compile(r"\{(prefix|number(?::([1-9]))?|slug\??)\}|\*")


class Pattern(NamedTuple):
    """A name with named parts: `{prefix}-{number:4}-{slug}.md`, `nep-{number:4}.md`,
    `CIP-{number:4}/README.md`. Matched against a whole name, case-sensitively."""

    text: str
    prefix: str
    regex: "re.Pattern[str]"
    width: Optional[int]  # N of {number:N}; None for {number} (any width)

    @property
    def has_number(self) -> bool:
        return "number" in self.regex.groupindex

    def match(self, name: str) -> Optional[Tuple[Optional[int], str]]:
        """(number, slug) of a name the pattern matches whole, else None. The number is
        None when the pattern has no number part."""
        found = self.regex.fullmatch(name)
        if found is None:
            return None
        groups = found.groupdict()
        digits = groups.get("number")
        return (int(digits) if digits is not None else None, groups.get("slug") or "")

    def format(self, number: int, slug: str = "") -> str:
        """The name of `number` (and `slug`): `{number:N}` zero-padded, `{number}` unpadded."""

        def part(found: "re.Match[str]") -> str:
            name = found.group(1)
            if name is None:  # `*`
                raise ValueError(f"the pattern '{self.text}' has a '*': it names no single file")
            if name == "prefix":
                return self.prefix
            if name.startswith("number"):
                return f"{number:0{self.width}d}" if found.group(2) else str(number)
            if name == "slug?":
                return f"-{slug}" if slug else ""
            return slug

        return _PART.sub(part, self.text)


def compile_pattern(text: str, prefix: str) -> Pattern:
    """The Pattern of `text` for a series whose prefix is `prefix` (ValueError if the text
    repeats a part or holds an unknown `{...}`)."""
    regex, width, seen, position = [], None, set(), 0
    for found in _PART.finditer(text):
        regex.append(re.escape(text[position : found.start()]))
        position = found.end()
        name = found.group(1)
        if name is None:
            regex.append("[^/]*")
            continue
        kind = name.split(":")[0].rstrip("?")
        if kind in seen:
            raise ValueError(f"'{{{kind}}}' appears twice")
        seen.add(kind)
        if name == "prefix":
            regex.append(re.escape(prefix))
        elif kind == "number":
            width = int(found.group(2)) if found.group(2) else None
            regex.append(f"(?P<number>[0-9]{{{width}}})" if width else "(?P<number>[0-9]+)")
        elif name == "slug?":
            regex.append("(?:-(?P<slug>[^/]+?))?")
        else:
            regex.append("(?P<slug>[^/]+?)")
    rest = text[position:]
    literals = _PART.sub("", text)
    if "{" in literals or "}" in literals:
        raise ValueError(
            f"unknown part in '{text}'; the parts are {{prefix}}, {{number}}, {{number:N}}, {{slug}}, {{slug?}}, *"
        )
    regex.append(re.escape(rest))
    return Pattern(text, prefix, re.compile("".join(regex), re.ASCII), width)


# -- the model -----------------------------------------------------------------------


class Columns(NamedTuple):
    """Role -> the header texts accepted for it. `author` None: no author column."""

    number: Tuple[str, ...] = ("Number",)
    title: Tuple[str, ...] = ("Title",)
    author: Optional[Tuple[str, ...]] = ("Author",)
    status: Tuple[str, ...] = ("Status",)


class Placeholders(NamedTuple):
    next: Optional[str] = "_next_"
    skipped: Optional[str] = "_(skipped)_"


class TableLayout(NamedTuple):
    """One index table (docs/layouts.md, 2.2)."""

    heading: Optional[str] = "BEP Number Registry"  # None: tables of the whole file, by position
    occurrence: Union[int, str, None] = None  # None: the first, and a repeated heading is reported
    before: Optional[str] = None
    position: int = 1
    series: Optional[str] = None  # the prefix of the series whose numbers the rows hold
    columns: Columns = Columns()
    number: str = "{number}"  # pattern of the number text
    link: str = "number"  # number | title | none | any
    link_base: Tuple[str, ...] = ()
    external_links: str = "reservation"  # reservation | error
    placeholders: Placeholders = Placeholders()
    sorted: bool = True
    style: str = "compact"  # compact | aligned | keep


class RegistryLayout(NamedTuple):
    file: Optional[str] = None  # None: discovered
    tables: Tuple[TableLayout, ...] = (TableLayout(),)


class HeaderLayout(NamedTuple):
    format: str = "yaml"  # yaml | rfc822 | fenced | preamble | table | auto
    aliases: Dict[str, Tuple[str, ...]] = {}
    number_field: Optional[str] = None
    title_field: Optional[str] = None
    required: Optional[Tuple[str, ...]] = None  # None: the template header's keys
    date_formats: Tuple[str, ...] = ("YYYY-MM-DD",)
    version_format: str = "YY.Sprint.Patch"  # YY.Sprint.Patch | semver | off


class StatusLayout(NamedTuple):
    document: Optional[Tuple[str, ...]] = None  # None: derived (flat statuses, template, README, defaults)
    registry: Optional[Tuple[str, ...]] = None  # None: same as document
    agree: Dict[str, Tuple[str, ...]] = {}
    reason: str = "none"  # none | parenthesis
    reason_required: Optional[Tuple[str, ...]] = None  # None: flat reason-required
    registry_cell: str = "full"  # full | base
    source_of_truth: str = "document"  # document | registry | none
    case: str = "exact"  # exact | insensitive
    transitions: Optional[Dict[str, Tuple[str, ...]]] = None  # None: flat transitions
    requirements: Optional[Dict[str, Tuple[str, ...]]] = None  # None: flat status-requirements


class Kind(NamedTuple):
    values: Tuple[str, ...]
    required: Tuple[str, ...]


class SectionLayout(NamedTuple):
    required: Optional[Tuple[str, ...]] = None  # None: the template's H2s (flat required-sections)
    optional: Tuple[str, ...] = ()
    aliases: Optional[Dict[str, Tuple[str, ...]]] = None  # None: flat section-aliases
    kind_field: Optional[str] = None  # by-kind.field
    kinds: Dict[str, Kind] = {}  # by-kind.kinds
    template_sections: Tuple[str, ...] = ()  # template-text-allowed.sections
    template_lines: Tuple[str, ...] = ()  # template-text-allowed.lines


class SeriesLayout(NamedTuple):
    """One series of documents (docs/layouts.md, 2.3)."""

    prefix: str = "BEP"
    folder: Optional[str] = None  # None: discovered; "" the repository root
    document: str = "{prefix}-{number:4}-{slug}.md"
    supporting: str = "{prefix}-{number}{slug?}/"
    ignore: Tuple[str, ...] = ()
    template: Optional[str] = None  # None: {prefix}-0000-template.md in folder; "/x" from the root
    number_start: int = 1000
    header: HeaderLayout = HeaderLayout()
    title: str = "h1"  # h1 | field | h1-or-field
    statuses: StatusLayout = StatusLayout()
    sections: SectionLayout = SectionLayout()

    def document_pattern(self) -> Pattern:
        return compile_pattern(self.document, self.prefix)

    def supporting_pattern(self) -> Pattern:
        return compile_pattern(self.supporting.rstrip("/"), self.prefix)

    @property
    def folder_per_proposal(self) -> bool:
        """Whether each document is a file inside a folder of its own (`CIP-0001/README.md`)."""
        return "/" in self.document


class Layout(NamedTuple):
    registry: RegistryLayout = RegistryLayout()
    series: Tuple[SeriesLayout, ...] = (SeriesLayout(),)
    given: bool = False  # whether `layout:` was written (False: built from the flat settings)

    def series_of(self, table: TableLayout) -> SeriesLayout:
        """The series whose numbers a table's rows hold."""
        if table.series is not None:
            for series in self.series:
                if series.prefix == table.series:
                    return series
        return self.series[0]

    def tables_of(self, series: SeriesLayout) -> Tuple[TableLayout, ...]:
        return tuple(table for table in self.registry.tables if self.series_of(table) is series)


# -- reading `layout:` -----------------------------------------------------------------


class LayoutError(ValueError):
    """A `layout:` the user must correct; the message names the key (`layout.series[0].document`)."""


# Flat settings that `layout:` keys also set: (flat key, layout key that means the same).
FLAT_EQUIVALENTS = (
    ("registry-file", "layout.registry.file"),
    ("registry-heading", "layout.registry.tables[].heading"),
    ("table-style", "layout.registry.tables[].style"),
    ("proposals-dir", "layout.series[].folder"),
    ("template", "layout.series[].template"),
    ("number-start", "layout.series[].number-start"),
    ("statuses", "layout.series[].statuses.document"),
    ("required-fields", "layout.series[].header.required"),
    ("required-sections", "layout.series[].sections.required"),
    ("section-aliases", "layout.series[].sections.aliases"),
    ("status-requirements", "layout.series[].statuses.requirements"),
    ("transitions", "layout.series[].statuses.transitions"),
    ("reason-required", "layout.series[].statuses.reason-required"),
)

_TABLE_KEYS = {
    "heading", "occurrence", "before", "position", "series", "columns", "number", "link", "link-base",
    "external-links", "placeholders", "sorted", "style",
}  # fmt: skip
_SERIES_KEYS = {
    "prefix", "folder", "document", "supporting", "ignore", "template", "number-start", "header", "title",
    "statuses", "sections",
}  # fmt: skip
_HEADER_KEYS = {"format", "aliases", "number-field", "title-field", "required", "date-formats", "version-format"}
_STATUS_KEYS = {
    "document", "registry", "agree", "reason", "reason-required", "registry-cell", "source-of-truth", "case",
    "transitions", "requirements",
}  # fmt: skip
_SECTION_KEYS = {"required", "optional", "aliases", "by-kind", "template-text-allowed"}
_MERGED = ("header", "statuses", "sections")  # mappings a series entry merges key by key with `defaults`

HEADER_FORMATS = ("yaml", "rfc822", "fenced", "preamble", "table", "auto")
TABLE_STYLES = ("compact", "aligned", "keep")
LINK_CELLS = ("number", "title", "none", "any")


def parse_layout(value: Any, flat: Dict[str, Any]) -> Layout:
    """The Layout of a `layout:` value; `flat` holds the flat settings as the Config has
    them (`prefix`, `number_width`, ...), used where `layout:` leaves a key out."""
    where = "layout"
    data = _mapping(value, where, {"registry", "series", "defaults"})
    defaults = _mapping(data.get("defaults") or {}, "layout.defaults", _SERIES_KEYS)
    entries = data.get("series")
    if entries is None:
        entries = [{}]
    if not isinstance(entries, list) or not entries:
        raise LayoutError("layout.series must be a list of series (at least one)")
    series = []
    for index, entry in enumerate(entries):
        entry_where = f"layout.series[{index}]"
        entry = _mapping(entry, entry_where, _SERIES_KEYS)
        merged = dict(defaults)
        for key, item in entry.items():
            if key in _MERGED and isinstance(item, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **item}
            else:
                merged[key] = item
        series.append(_series(merged, entry_where, flat))
    prefixes = [s.prefix for s in series]
    if len(set(prefixes)) != len(prefixes):
        raise LayoutError(f"layout.series: each series needs its own prefix, found {', '.join(prefixes)}")
    registry = _registry(data.get("registry") or {}, flat, prefixes)
    return Layout(registry, tuple(series), True)


def flat_layout(flat: Dict[str, Any]) -> Layout:
    """The layout the flat settings describe (no `layout:` key): the BEP shape."""
    return Layout(_registry({}, flat, [flat["prefix"]]), (_series({}, "layout.series[0]", flat),), False)


def _registry(value: Any, flat: Dict[str, Any], prefixes: List[str]) -> RegistryLayout:
    data = _mapping(value, "layout.registry", {"file", "tables"})
    file = _text(data.get("file"), "layout.registry.file", optional=True)
    if file is None:
        file = flat.get("registry_file")
    entries = data.get("tables")
    if entries is None:
        entries = [{}]
    if not isinstance(entries, list) or not entries:
        raise LayoutError("layout.registry.tables must be a list of tables (at least one)")
    tables = []
    for index, entry in enumerate(entries):
        where = f"layout.registry.tables[{index}]"
        tables.append(_table(_mapping(entry, where, _TABLE_KEYS), where, flat, prefixes))
    return RegistryLayout(file, tuple(tables))


def _table(data: Dict[str, Any], where: str, flat: Dict[str, Any], prefixes: List[str]) -> TableLayout:
    heading: Optional[str] = flat.get("registry_heading", "BEP Number Registry")
    if "heading" in data:
        heading = _text(data["heading"], f"{where}.heading", optional=True)
    occurrence = data.get("occurrence")
    if occurrence is not None and occurrence != "last" and not _positive(occurrence):
        raise LayoutError(f"{where}.occurrence must be a whole number from 1, or 'last', not {occurrence!r}")
    series = _text(data.get("series"), f"{where}.series", optional=True)
    if series is not None and series not in prefixes:
        raise LayoutError(f"{where}.series names '{series}', which is not the prefix of a series ({', '.join(prefixes)})")
    position = data.get("position", 1)
    if not _positive(position):
        raise LayoutError(f"{where}.position must be a whole number from 1, not {position!r}")
    columns = Columns()
    if "columns" in data:
        raw = _mapping(data["columns"], f"{where}.columns", set(Columns._fields))
        found: Dict[str, Any] = {}
        for role, texts in raw.items():
            if texts is None and role == "author":
                found[role] = None
            else:
                found[role] = _names(texts, f"{where}.columns.{role}", single_ok=True)
        columns = columns._replace(**found)
    number = _text(data.get("number", "{number}"), f"{where}.number")
    _check_pattern(number, f"{where}.number", need_number=True)
    link = _choice(data.get("link", "number"), f"{where}.link", LINK_CELLS)
    link_base = _names(data.get("link-base", []), f"{where}.link-base", single_ok=True)
    external = _choice(data.get("external-links", "reservation"), f"{where}.external-links", ("reservation", "error"))
    placeholders = Placeholders()
    if "placeholders" in data:
        if data["placeholders"] is None:
            placeholders = Placeholders(None, None)
        else:
            raw = _mapping(data["placeholders"], f"{where}.placeholders", {"next", "skipped"})
            placeholders = Placeholders(
                *(_text(raw.get(key, getattr(placeholders, key)), f"{where}.placeholders.{key}", optional=True)
                  for key in ("next", "skipped"))
            )  # fmt: skip
    is_sorted = data.get("sorted", True)
    if not isinstance(is_sorted, bool):
        raise LayoutError(f"{where}.sorted must be true or false, not {is_sorted!r}")
    style = _choice(data.get("style", flat.get("table_style", "compact")), f"{where}.style", TABLE_STYLES)
    return TableLayout(
        heading, occurrence, _text(data.get("before"), f"{where}.before", optional=True), position, series,
        columns, number, link, link_base, external, placeholders, is_sorted, style,
    )  # fmt: skip


def _series(data: Dict[str, Any], where: str, flat: Dict[str, Any]) -> SeriesLayout:
    prefix = _text(data.get("prefix", flat["prefix"]), f"{where}.prefix")
    if not prefix.isascii() or not prefix.replace("_", "").replace("-", "").isalnum():
        raise LayoutError(f"{where}.prefix must be a short ASCII word such as BEP, not {prefix!r}")
    folder = flat.get("proposals_dir")
    if "folder" in data:
        folder = data["folder"]
        if folder is not None and not isinstance(folder, str):
            raise LayoutError(f"{where}.folder must be a folder name ('' for the repository root), not {folder!r}")
        folder = folder.strip("/") if folder is not None else None
    width = flat.get("number_width", 4)
    document = _text(data.get("document", f"{{prefix}}-{{number:{width}}}-{{slug}}.md"), f"{where}.document")
    _check_pattern(document, f"{where}.document", need_number=True)
    if document.count("/") > 1 or document.startswith("/") or document.endswith("/"):
        raise LayoutError(
            f"{where}.document must be a file name ('nep-{{number:4}}.md') or a folder and the file inside it "
            f"('CIP-{{number:4}}/README.md'), not '{document}'"
        )
    supporting = _text(data.get("supporting", "{prefix}-{number}{slug?}/"), f"{where}.supporting")
    _check_pattern(supporting.rstrip("/"), f"{where}.supporting", need_number=True)
    ignore = _names(data.get("ignore", []), f"{where}.ignore", single_ok=True)
    template = _text(data.get("template", flat.get("template")), f"{where}.template", optional=True)
    start = data.get("number-start", flat.get("number_start", 1000))
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise LayoutError(f"{where}.number-start must be a whole number from 0, not {start!r}")
    title = _choice(data.get("title", "h1"), f"{where}.title", ("h1", "field", "h1-or-field"))
    header = _header(data.get("header") or {}, f"{where}.header", flat)
    if title != "h1" and header.title_field is None:
        raise LayoutError(f"{where}.title is '{title}': name the field with {where}.header.title-field")
    return SeriesLayout(
        prefix, folder, document, supporting, ignore, template, start, header, title,
        _statuses(data.get("statuses") or {}, f"{where}.statuses", flat),
        _sections(data.get("sections") or {}, f"{where}.sections", flat),
    )  # fmt: skip


def _header(value: Any, where: str, flat: Dict[str, Any]) -> HeaderLayout:
    data = _mapping(value, where, _HEADER_KEYS)
    required = flat.get("required_fields")
    if "required" in data:
        required = _names(data["required"], f"{where}.required")
    version = _choice(data.get("version-format", "YY.Sprint.Patch"), f"{where}.version-format", ("YY.Sprint.Patch", "semver", "off"))
    dates = _names(data.get("date-formats", ["YYYY-MM-DD"]), f"{where}.date-formats", single_ok=True)
    for form in dates:
        if not re.fullmatch(r"(?:YYYY|MM|DD|Mon|M|D|[-/. ])+", form) or "YYYY" not in form:
            raise LayoutError(
                f"{where}.date-formats: '{form}' is not a date form (use YYYY, MM, DD, Mon, M and D "
                "(one or two digits), and - / . )"
            )
    return HeaderLayout(
        _choice(data.get("format", "yaml"), f"{where}.format", HEADER_FORMATS),
        _aliases(data.get("aliases", {}), f"{where}.aliases"),
        _text(data.get("number-field"), f"{where}.number-field", optional=True),
        _text(data.get("title-field"), f"{where}.title-field", optional=True),
        required,
        dates,
        version,
    )


def _statuses(value: Any, where: str, flat: Dict[str, Any]) -> StatusLayout:
    data = _mapping(value, where, _STATUS_KEYS)
    document = flat.get("statuses")
    if "document" in data:
        document = _names(data["document"], f"{where}.document")
    registry = _names(data["registry"], f"{where}.registry") if "registry" in data else None
    return StatusLayout(
        document,
        registry,
        _aliases(data.get("agree", {}), f"{where}.agree"),
        _choice(data.get("reason", "none"), f"{where}.reason", ("none", "parenthesis")),
        _names(data["reason-required"], f"{where}.reason-required", empty_ok=True) if "reason-required" in data else None,
        _choice(data.get("registry-cell", "full"), f"{where}.registry-cell", ("full", "base")),
        _choice(data.get("source-of-truth", "document"), f"{where}.source-of-truth", ("document", "registry", "none")),
        _choice(data.get("case", "exact"), f"{where}.case", ("exact", "insensitive")),
        _aliases(data["transitions"], f"{where}.transitions") if "transitions" in data else None,
        _aliases(data["requirements"], f"{where}.requirements") if "requirements" in data else None,
    )


def _sections(value: Any, where: str, flat: Dict[str, Any]) -> SectionLayout:
    data = _mapping(value, where, _SECTION_KEYS)
    required = flat.get("required_sections")
    if "required" in data:
        required = _names(data["required"], f"{where}.required", empty_ok=True)
    field, kinds = None, {}
    if data.get("by-kind") is not None:
        by_kind = _mapping(data["by-kind"], f"{where}.by-kind", {"field", "kinds"})
        field = _text(by_kind.get("field"), f"{where}.by-kind.field")
        raw = _mapping(by_kind.get("kinds") or {}, f"{where}.by-kind.kinds", None)
        for name, kind in raw.items():
            kind_where = f"{where}.by-kind.kinds.{name}"
            kind = _mapping(kind, kind_where, {"values", "required"})
            kinds[str(name)] = Kind(
                _names(kind.get("values", [str(name)]), f"{kind_where}.values", single_ok=True),
                _names(kind.get("required", []), f"{kind_where}.required", empty_ok=True),
            )
    allowed_sections: Tuple[str, ...] = ()
    allowed_lines: Tuple[str, ...] = ()
    if data.get("template-text-allowed") is not None:
        allowed = _mapping(data["template-text-allowed"], f"{where}.template-text-allowed", {"sections", "lines"})
        allowed_sections = _names(allowed.get("sections", []), f"{where}.template-text-allowed.sections", empty_ok=True)
        allowed_lines = _names(allowed.get("lines", []), f"{where}.template-text-allowed.lines", empty_ok=True)
    aliases = _aliases(data["aliases"], f"{where}.aliases") if "aliases" in data else flat.get("section_aliases")
    return SectionLayout(
        required,
        _names(data.get("optional", []), f"{where}.optional", empty_ok=True),
        aliases,
        field,
        kinds,
        allowed_sections,
        allowed_lines,
    )


# -- small validators --------------------------------------------------------------------


def _mapping(value: Any, where: str, keys: Optional[set]) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise LayoutError(f"{where} must be a mapping, not {_short(value)}")
    if keys is not None:
        for key in value:
            if key not in keys:
                raise LayoutError(f"{where}: unknown key '{key}'; allowed keys are: {', '.join(sorted(keys))}")
    return {str(key): item for key, item in value.items()}


def _text(value: Any, where: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str) or (not value.strip() and not optional):
        raise LayoutError(f"{where} must be a text, not {_short(value)}")
    if any(ch in value for ch in "\r\n\0"):
        raise LayoutError(f"{where} must be one line")
    return value.strip()


def _names(value: Any, where: str, single_ok: bool = False, empty_ok: bool = False) -> Tuple[str, ...]:
    if isinstance(value, str) and single_ok:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LayoutError(f"{where} must be a list of names, not {_short(value)}")
    if not value and not empty_ok and not single_ok:
        raise LayoutError(f"{where} must name at least one")
    return tuple(item.strip() for item in value)


def _aliases(value: Any, where: str) -> Dict[str, Tuple[str, ...]]:
    data = _mapping(value, where, None)
    return {key: _names(items if items is not None else [], f"{where}.{key}", single_ok=True) for key, items in data.items()}


def _choice(value: Any, where: str, choices: Tuple[str, ...]) -> str:
    if value not in choices:
        raise LayoutError(f"{where} must be one of {', '.join(choices)}, not {_short(value)}")
    return value


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_pattern(text: str, where: str, need_number: bool) -> None:
    try:
        pattern = compile_pattern(text, "P")
    except ValueError as error:
        raise LayoutError(f"{where}: {error}") from None
    if need_number and not pattern.has_number:
        raise LayoutError(f"{where}: '{text}' has no {{number}} part; say where the number is")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- the effective layout ------------------------------------------------------------------


def effective_layout(config: Any) -> Layout:
    """The layout a configuration describes: its `layout:`, else the one its flat settings
    describe (a Config built with `_replace` gets the layout of its own flat settings)."""
    if config.layout is not None:
        return config.layout
    return flat_layout(flat_settings(config))


def flat_settings(config: Any) -> Dict[str, Any]:
    """The flat settings a layout falls back to, by Config field name."""
    return {
        name: getattr(config, name)
        for name in (
            "prefix", "number_width", "number_start", "proposals_dir", "registry_file", "registry_heading",
            "template", "statuses", "required_fields", "required_sections", "section_aliases", "table_style",
        )
    }  # fmt: skip


def layout_data(layout: Layout) -> Dict[str, Any]:
    """The layout as plain data, keys as written in `.bep.yaml` (for `bep config`)."""

    def plain(value: Any) -> Any:
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            renamed = {"kind_field": None, "kinds": None, "template_sections": None, "template_lines": None}
            data = {
                name.replace("_", "-"): plain(item)
                for name, item in zip(value._fields, value)
                if name not in renamed and name != "given"
            }
            if isinstance(value, SectionLayout):
                if value.kind_field is not None:
                    data["by-kind"] = {"field": value.kind_field, "kinds": plain(value.kinds)}
                data["template-text-allowed"] = {
                    "sections": list(value.template_sections),
                    "lines": list(value.template_lines),
                }
            return data
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {str(key): plain(item) for key, item in value.items()}
        return value

    return {"registry": plain(layout.registry), "series": plain(layout.series)}


def series_for_path(layout: Layout, path: str) -> Optional[SeriesLayout]:
    """The series whose document pattern names `path` (relative to the root): its file name,
    or for a folder-per-proposal series its last two parts. None when no series does."""
    parts = path.split("/")
    for series in layout.series:
        tail = "/".join(parts[-2:]) if series.folder_per_proposal else parts[-1]
        if series.document_pattern().match(tail) is not None:
            return series
    return None
