"""pre-commit hook `bep-registry-format`: rewrites the registry table in canonical form (a fixer; exits 1 when it changed the file)."""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from .cli import run


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(["fix", "--quiet", *(sys.argv[1:] if argv is None else argv)], "bep-registry-format")


if __name__ == "__main__":
    raise SystemExit(main())
