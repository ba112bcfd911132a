"""pre-commit hook `bep-registry`: validates the registry table."""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from .cli import run


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(["check", "--only", "registry", *(sys.argv[1:] if argv is None else argv)], "bep-registry")


if __name__ == "__main__":
    raise SystemExit(main())
