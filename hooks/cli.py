"""The `bep` command. Exit codes: 0 clean, 1 errors found or a file fixed, 2 usage/configuration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import click

from . import __version__, engine
from .config import ConfigError, load_config
from .report import FORMATS, render, summary
from .repository import Project, find_root, relative
from .rules import PROPOSALS, REGISTRY


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
    """Paths as given on the command line, as the project names them; None for 'everything'."""
    if not paths:
        return None
    result = []
    for path in paths:
        absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
        result.append(relative(project.root, absolute))
    return result


root_option = click.option(
    "--root", type=click.Path(file_okay=False), help="Repository root (default: the enclosing git work tree)."
)
config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: .bep.yaml)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.argument("paths", nargs=-1, type=click.Path())
def check(root, config_file, fmt, families, paths) -> None:
    """Check the registry and the proposals (all of them, or the PATHS given)."""
    project = open_project(root, config_file)
    findings = engine.check(project, families or (REGISTRY, PROPOSALS), _paths(project, paths))
    output = render(findings, fmt)
    if output:
        click.echo(output)
    if fmt == "text" and findings:
        click.echo(summary(findings), err=True)
    sys.exit(1 if engine.has_errors(findings) else 0)


@bep.command()
@root_option
@config_option
@click.option("--quiet", "-q", is_flag=True, help="Only fix; do not report what is left.")
@click.argument("paths", nargs=-1, type=click.Path())
def fix(root, config_file, quiet, paths) -> None:
    """Rewrite the registry table in canonical form and sync it with the documents."""
    project = open_project(root, config_file)
    targets = _paths(project, paths)
    changed, refused = engine.fix(project, targets)
    for path in changed:
        click.echo(f"Fixing {path}")
    for reason in refused:
        click.echo(reason, err=True)
    findings = []
    if not quiet:
        findings = engine.check(Project(project.root, project.config), (REGISTRY, PROPOSALS), targets)
        if findings:
            click.echo(render(findings, "text"))
            click.echo(summary(findings), err=True)
    sys.exit(1 if changed or refused or engine.has_errors(findings) else 0)


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
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(argv if argv is not None else sys.argv[1:], "bep")


if __name__ == "__main__":
    raise SystemExit(main())
