"""pre-commit hook `bep-proposals`: validates the proposal files against the registry and the template."""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from .cli import run


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(["check", "--only", "proposals", *(sys.argv[1:] if argv is None else argv)], "bep-proposals")


if __name__ == "__main__":
    raise SystemExit(main())
