"""pre-commit hook `bep-title` (commit-msg stage): checks the first line of the commit message.

pre-commit passes the path of the message file (`.git/COMMIT_EDITMSG`) after any `args:`.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from .cli import run


def main(argv: Optional[Sequence[str]] = None) -> int:
    return run(["title", "--hook", *(sys.argv[1:] if argv is None else argv)], "bep-title")


if __name__ == "__main__":
    raise SystemExit(main())
