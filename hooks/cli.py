"""The `bep` command. Exit codes: 0 clean, 1 errors found or a file fixed, 2 usage/configuration."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import click

from . import __version__, engine
from .config import ConfigError, load_config
from .report import FORMATS, printable, render, summary
from .repository import Project, find_root, relative
from .rules import PROPOSALS, REGISTRY, TITLE
from .parse.source import is_inside


def open_project(root: Optional[str], config_file: Optional[str]) -> Project:
    base = Path(root).resolve() if root else find_root(Path.cwd())
    if not base.is_dir():
        raise click.UsageError(f"--root {root}: not a folder")
    try:
        config = load_config(base, Path(config_file) if config_file else None)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    return Project(base, config)


def _paths(project: Project, paths: Sequence[str]) -> Optional[List[str]]:
    """Paths as given on the command line (from the current folder), as the project names
    them; a folder stands for the files in it; None for 'everything' (no PATH, or the root).
    A path that does not exist or lies outside the repository is a usage error: checking
    nothing and passing would hide the mistake."""
    if not paths:
        return None
    result = []
    for path in paths:
        absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
        if not os.path.lexists(absolute):
            raise click.UsageError(f"{path}: no such file or folder (paths are taken from the current folder)")
        name = relative(project.root, absolute)
        if name.startswith("../") or name == ".." or Path(name).is_absolute():
            raise click.UsageError(f"{path}: not inside the repository {project.root}")
        if not name:
            return None  # the root: everything
        is_folder = absolute.is_dir() and is_inside(project.root, absolute)  # (never list outside through a link)
        result.extend(_files_in(project.root, name) if is_folder else [name])
    return result


def _files_in(root: Path, folder: str) -> List[str]:
    """Every file below a folder of the repository (git's own folder left out)."""
    files = []
    for top, folders, names in os.walk(root / folder):
        folders[:] = sorted(name for name in folders if name != ".git")
        base = relative(root, top)
        files.extend(f"{base}/{name}" if base else name for name in sorted(names))
    return files


root_option = click.option(
    "--root", type=click.Path(file_okay=False), help="Repository root (default: the enclosing git work tree)."
)
config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: .bep.yaml)."
)


baseline_option = click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Findings to tolerate, written by `bep baseline` (default: .bep-baseline.json when it exists).",
)
show_source_option = click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Quote the offending line under each finding (default: when printing to a terminal).",
)
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)


class _Commands(click.Group):
    """`bep --help` lists each command with its whole first sentence (click would cut it
    to the terminal's width with '...'); the lines wrap instead."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bep")
def bep() -> None:
    """Keep an enhancement-proposal repository honest."""


@bep.command()
@root_option
@config_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--only",
    "families",
    multiple=True,
    type=click.Choice([REGISTRY, PROPOSALS]),
    help="Check only the registry or only the proposals (default: both).",
)
@click.option(
    "--against",
    metavar="REF",
    help="Also compare the registry with the one at REF (e.g. origin/main): reused, removed, backfilled numbers.",
)
@baseline_option
@click.option("--no-baseline", is_flag=True, help="Report findings recorded in the baseline too.")
@click.option(
    "--fix",
    "fix_first",
    is_flag=True,
    help="First fix what `bep fix` fixes (exit 1 when a file changed), then check (the `bep` hook).",
)
@click.option(
    "--max-annotations",
    type=click.IntRange(min=0),
    metavar="N",
    help="With --format github: annotate the first N findings, then one summary annotation and the rest as text.",
)
@show_source_option
@click.argument("paths", nargs=-1, type=click.Path())
def check(
    root, config_file, fmt, families, against, baseline_file, no_baseline, fix_first, max_annotations, show_source, paths
) -> None:
    """Check the registry and the proposals: all of them, or the change that touched PATHS
    (the findings in those files and those the change causes elsewhere)."""
    if max_annotations is not None and fmt != "github":
        raise click.UsageError("--max-annotations applies to --format github only")
    project = open_project(root, config_file)
    fixed = False  # the fixer changed a file, or could not: exit 1 as a pre-commit fixer does
    if fix_first:
        edited: List[str] = []
        changed, refused = engine.fix(project, _paths(project, paths), families or (REGISTRY, PROPOSALS), edited)
        for path in changed:
            click.echo(printable(f"Fixing {path}"))
        for line in edited:  # a document's own text changed: say what, and which rule did it
            click.echo(printable(f"  {line}"))
        for reason in refused:
            click.echo(reason, err=True)
        fixed = bool(changed or refused)
        if changed:
            project = Project(project.root, project.config)
    base = None
    if against is not None:
        from .commands.against import AgainstError, load_base  # lazy: start-up

        try:
            base = load_base(project, against)
        except AgainstError as error:
            raise click.UsageError(str(error)) from None
    families = families or (REGISTRY, PROPOSALS)
    targets = _paths(project, paths)
    gone: Sequence[str] = ()
    compare: Optional[Tuple[str, ...]] = ("HEAD",)
    if targets is not None and os.environ.get("PRE_COMMIT"):
        from . import git  # lazy: start-up; a hook: the change is what git stages, deletions and renames included

        staged = git.hook_change_set(project.root, targets)
        if staged is not None:
            targets, gone, compare = list(staged.paths), staged.gone, staged.compare
    findings = engine.check(project, families, targets, gone=gone, compare=compare, base=base)
    findings, notes = _baseline(project, findings, families, targets, base, baseline_file, no_baseline)
    _report(project, findings, fmt, show_source, max_annotations=max_annotations)
    for note in notes:
        click.echo(note, err=True)
    sys.exit(1 if fixed or engine.has_errors(findings) else 0)


def _report(project: Project, findings, fmt: str, show_source: Optional[bool], lines=None, max_annotations=None) -> None:
    if show_source is None:
        show_source = sys.stdout.isatty()
    output = render(findings, fmt, (lines or _cached_lines(project)) if show_source else None, max_annotations)
    if output:
        click.echo(output)
    if fmt == "text" and findings:
        sys.stdout.flush()  # the summary (stderr) comes after the findings, also in a pipe
        click.echo(summary(findings), err=True)


def _cached_lines(project: Project):
    def lines(path: str):
        source = project.cached_source(path)
        return source.lines if source is not None else None

    return lines


def _baseline(project: Project, findings, families, targets, base, baseline_file, disabled) -> Tuple[list, List[str]]:
    """Drop the findings the baseline records; notes say what it hid and what it no longer needs."""
    if disabled:
        return findings, []
    path = Path(baseline_file) if baseline_file else project.root / project.config.baseline
    if not path.is_file():
        if baseline_file:
            raise click.UsageError(f"--baseline {baseline_file}: no such file (write it with `bep baseline`)")
        return findings, []
    if not baseline_file and not Path(project.config.baseline).is_absolute():
        from .parse.source import is_inside  # lazy: start-up

        # A baseline named inside the repository never leads out of it (symlink, '..').
        if not is_inside(project.root, path):
            raise click.UsageError(f"{project.config.baseline}: leads outside the repository; it is not read")
    from .commands import baseline  # lazy: start-up
    from .rules.history import AGAINST_RULES  # lazy: start-up

    try:
        recorded = baseline.load(path)
    except baseline.BaselineError as error:
        raise click.UsageError(str(error)) from None
    kept, matched, unused = baseline.apply(findings, recorded)
    ran = {
        rule.name
        for rule in engine.selected(project, families)
        if base is not None or rule.name not in AGAINST_RULES
    }
    wanted = None if targets is None else set(targets)
    stale = sum(
        entry.count for entry in unused if entry.rule in ran and (wanted is None or entry.path in wanted)
    )
    notes = []
    name = relative(project.root, path.resolve()) if path.is_absolute() else str(path)
    if matched:
        notes.append(f"{matched} finding{'s' * (matched != 1)} recorded in {name} not shown.")
    if stale:
        notes.append(
            f"{stale} finding{'s' * (stale != 1)} recorded in {name} no longer occur{'s' * (stale == 1)}; "
            "run `bep baseline` to shrink it."
        )
    return kept, notes


@bep.command()
@root_option
@config_option
@click.option("--quiet", "-q", is_flag=True, help="Only fix; do not report what is left.")
@click.argument("paths", nargs=-1, type=click.Path())
def fix(root, config_file, quiet, paths) -> None:
    """Rewrite the registry table in canonical form and sync it with the documents."""
    project = open_project(root, config_file)
    targets = _paths(project, paths)
    edited: List[str] = []
    changed, refused = engine.fix(project, targets, edited=edited)
    for path in changed:
        click.echo(printable(f"Fixing {path}"))
    for line in edited:
        click.echo(printable(f"  {line}"))
    for reason in refused:
        click.echo(printable(reason), err=True)
    findings = []
    if not quiet:
        fresh = Project(project.root, project.config)
        findings = engine.check(fresh, (REGISTRY, PROPOSALS), targets)
        findings, _ = _baseline(fresh, findings, (REGISTRY, PROPOSALS), targets, None, None, False)
        _report(fresh, findings, "text", None)
    sys.exit(1 if changed or refused or engine.has_errors(findings) else 0)


@bep.command()
@root_option
@config_option
@format_option
@click.option("--file", "message_file", type=click.Path(dir_okay=False), help="Read the message from FILE.")
@click.option(
    "--against",
    metavar="REF",
    help="Compare the title with the proposals the branch changes since REF (PR titles in CI).",
)
@click.option("--hook", is_flag=True, hidden=True, help="MESSAGE is the message file (the commit-msg hook).")
@show_source_option
@click.argument("message", required=False)
def title(root, config_file, fmt, message_file, against, hook, show_source, message) -> None:
    """Check a PR title or commit message: BEP-NNNN (new|update|accept|reject|revise): Summary."""
    if hook:
        message_file, message = message, None
    if (message is None) == (message_file is None):
        raise click.UsageError("give the title as MESSAGE or the message file as --file FILE (one of them)")
    project = open_project(root, config_file)
    from . import git  # lazy: start-up
    from .parse.title import read_message  # lazy: start-up

    changes = None
    if against is not None:
        try:
            changes = git.changes_since(project.root, against)
        except git.GitError as error:
            raise click.UsageError(f"--against {against}: {error}") from None
    if message_file is not None:
        file = Path(message_file)
        try:
            from .parse.source import read_text_capped  # lazy: start-up

            text = read_text_capped(file, errors="replace")  # (/dev/zero, a FIFO: refused)
        except OSError as error:
            raise click.UsageError(f"cannot read the message file {message_file}: {error.strerror or error}") from None
        if changes is None:
            changes = git.staged_changes(project.root)
        where = relative(project.root, file if file.is_absolute() else Path.cwd() / file)
        if hook:  # the message as git will keep it: its cleanup mode and comment character
            cleanup, comment = git.commit_cleanup(project.root)
        else:
            cleanup, comment = "strip", git.comment_char(project.root)
        parsed = read_message(text, where, changes, comment_char=comment, cleanup=cleanup)
    else:
        parsed = read_message(message, "<title>", changes, comments=False)
    try:
        findings = engine.check(project, (TITLE,), None, message=parsed)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None

    def title_line(path: str):
        return [""] * (parsed.line - 1) + [parsed.title] if path == parsed.path and parsed.line else None

    _report(project, findings, fmt, show_source, title_line)
    sys.exit(1 if engine.has_errors(findings) else 0)


series_option = click.option(
    "--series",
    metavar="PREFIX",
    help="The series of a layout with several (`CPS` beside `CIP`); default: the first.",
)


@bep.command(name="next")
@root_option
@config_option
@series_option
def next_(root, config_file, series) -> None:
    """Print the next free number."""
    from .commands.reserve import ReserveError, format_number, next_number, series_position  # lazy: start-up

    project = open_project(root, config_file)
    try:
        position = series_position(project, series)
        click.echo(format_number(project, next_number(project, position), position))
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except ReserveError as error:
        raise click.ClickException(str(error)) from None


@bep.command()
@root_option
@config_option
@click.argument("title_text", metavar="TITLE")
@click.option(
    "--author",
    help='The author, e.g. "Joongi Kim (joongi@lablup.com)" (default: git\'s user.name and user.email).',
)
@click.option("--slug", help="The file name part after the number (default: from the title).")
@series_option
def new(root, config_file, title_text, author, slug, series) -> None:
    """Reserve the next number for TITLE and create its document from the template; print its path."""
    from .commands.reserve import NoRegistry, ReserveError, format_number, new_proposal, series_position  # lazy: start-up

    project = open_project(root, config_file)
    if author is None:
        from . import git  # lazy: start-up

        author = git.author(project.root)
        if author is None:
            raise click.UsageError(
                'no author: give --author "Name (email)", or tell git who you are '
                '(git config user.name "Name"; git config user.email "email")'
            )
    try:
        position = series_position(project, series)
        number, path = new_proposal(project, title_text, author, slug, series=series)
    except (ValueError, NoRegistry) as error:
        raise click.UsageError(str(error)) from None
    except ReserveError as error:
        raise click.ClickException(str(error)) from None
    prefix = project.layout.series[position].prefix
    click.echo(f"Reserved {prefix}-{format_number(project, number, position)} in {project.registry_path}", err=True)
    click.echo(path)


@bep.command(name="init")
@root_option
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
def init(root, dry_run) -> None:
    """Adopt the suite: write the settings the defaults miss and a registry table built
    from the existing documents, for the maintainer to review. Never overwrites a table."""
    from .commands.adopt import InitError, apply, plan  # lazy: start-up
    from .write import WriteRefused  # lazy: start-up

    project = open_project(root, None)
    try:
        result = plan(project)
    except InitError as error:
        raise click.ClickException(str(error)) from None
    if dry_run:  # what would change, as a diff
        import difflib  # lazy: start-up

        for path, (old, new) in result.writes.items():
            before = old.decode("utf-8", "replace").splitlines(keepends=True) if old is not None else []
            for line in difflib.unified_diff(before, new.decode("utf-8", "replace").splitlines(keepends=True), path, path):
                click.echo(printable(line.rstrip("\r\n")))
    else:
        try:
            apply(project, result)
        except FileExistsError as error:
            raise click.ClickException(f"{error.filename}: appeared while bep init ran; not overwritten, run again") from None
        except WriteRefused as error:
            raise click.ClickException(f"not written: {error}") from None
    verb = "Would write" if dry_run else "Wrote"
    for text in [f"{verb} {what}" for what in result.written] + result.notes:
        click.echo("\n".join(printable(line) for line in text.split("\n")), err=True)


@bep.command(name="list")
@root_option
@config_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="S",
    help="Only proposals with this status (case-insensitive; repeat it or separate with commas).",
)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True)
def list_(root, config_file, statuses, fmt) -> None:
    """List the proposals: number, title, status, author, document, and what is wrong with each."""
    from .commands import overview  # lazy: start-up

    project = open_project(root, config_file)
    findings = engine.check(project, (REGISTRY, PROPOSALS))
    items = overview.with_status(overview.collect(project, findings), [s for v in statuses for s in v.split(",")])
    output = overview.render(items, fmt, project.registry_path)
    if fmt == "json":  # (a name that is not UTF-8: JSON's \udcXX escapes)
        click.echo(output.encode("utf-8", "backslashreplace").decode("utf-8"))
    else:  # titles from the repository: no escape sequence reaches the terminal
        click.echo("\n".join(printable(line) for line in output.split("\n")))


@bep.command(name="config")
@root_option
@config_option
def config_(root, config_file) -> None:
    """Print the effective configuration (defaults merged in) as YAML."""
    from .config import dump_config  # lazy: start-up

    project = open_project(root, config_file)
    notes = {}
    if project.config.registry_file is None:
        notes["registry-file"] = f"discovered: {project.registry_path or 'none found'}"
    if project.config.proposals_dir is None:
        found = project.proposals_dir
        notes["proposals-dir"] = f"discovered: {'none found' if found is None else found or '.'}"
    schema = project.template
    taken = {}  # what the configuration leaves to the template: the values the check uses
    origin = f"the template {schema.template}" if schema.template else "the defaults (no template)"
    if project.config.statuses is None:
        taken["statuses"] = schema.statuses
        notes["statuses"] = f"from {schema.statuses_from}"
    if project.config.required_fields is None:
        taken["required-fields"] = schema.fields
        notes["required-fields"] = f"from {origin}"
    if project.config.required_sections is None:
        taken["required-sections"] = schema.sections
        notes["required-sections"] = f"from {origin}"
    if project.config.template is None and schema.template:
        notes["template"] = f"discovered: {schema.template}"
    _, sections, where = schema.outlines[0]
    notes["outlines"] = f"and 'template' ({where or 'no template'}): {', '.join(sections) or 'no sections'}"
    click.echo(dump_config(project.config, notes, taken), nl=False)


@bep.command()
@root_option
@config_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Where to write (default: .bep-baseline.json).")
def baseline(root, config_file, output) -> None:
    """Record today's findings, so that `bep check` fails only on new ones."""
    from .commands.baseline import dump  # lazy: start-up

    from .write import WriteRefused, check_target, read_now, replace_file  # lazy: start-up

    project = open_project(root, config_file)
    # The configured baseline is the repository's: never written through a link out of it,
    # nor to '../x' or an absolute setting. An explicit --output is the user's own choice.
    name = output if output else project.config.baseline
    target = Path(output) if output else project.root / project.config.baseline
    try:
        if not output:
            check_target(project.root, name, target)
        before = read_now(target)
    except (WriteRefused, OSError) as error:
        failure = click.ClickException(f"cannot write {name}: {getattr(error, 'strerror', None) or error}")
        failure.exit_code = 2
        raise failure from None
    findings = engine.check(project, (REGISTRY, PROPOSALS))
    try:
        replace_file(project.root, str(target), before, dump(findings), inside=not output)
    except WriteRefused as error:
        failure = click.ClickException(f"cannot write {name}: {error}")
        failure.exit_code = 2
        raise failure from None
    name = output or project.config.baseline
    click.echo(f"Recorded {len(findings)} finding{'s' * (len(findings) != 1)} in {name}.")


@bep.command(name="rules")
@root_option
@config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
    help="markdown: the README's rule table (defaults only)",
)  # fmt: skip
def rules_(root, config_file, fmt) -> None:
    """List every rule with its default severity."""
    if fmt == "markdown":
        from .commands.explain import rules_markdown  # lazy: start-up

        click.echo(rules_markdown())
        return
    from .commands.explain import rules_table  # lazy: start-up

    click.echo(rules_table(open_project(root, config_file).config))


@bep.command(name="rule")
@root_option
@config_option
@click.argument("name")
def rule_(root, config_file, name) -> None:
    """Explain one rule: what it checks, why, how to fix it, an example."""
    from .commands.explain import UnknownRule, explain  # lazy: start-up

    try:
        click.echo(explain(name, open_project(root, config_file).config))
    except UnknownRule as error:
        raise click.UsageError(str(error)) from None


def run(argv: Optional[Sequence[str]], prog_name: str) -> int:
    """Run the `bep` group with `argv` and return its exit code (for the hook entry points)."""
    try:
        bep.main(args=list(argv) if argv is not None else None, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as error:  # noqa: BLE001 - a bug of ours: one line, never a traceback
        click.echo(f"{prog_name}: internal error: {type(error).__name__}: {error} (please report this)", err=True)
        return 2
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(argv if argv is not None else sys.argv[1:], "bep")


if __name__ == "__main__":
    raise SystemExit(main())
