"""How long reading one typical front matter takes: fast path vs ruamel path.

    python benchmarks/frontmatter_speed.py

Prints microseconds per front matter (best of several runs) for each path and
for parse_front_matter as a whole.  The budget for a full check is ~400 µs per
document for everything, of which front matter should be a small part.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bep_hooks.parse.frontmatter import _parse_fast, _parse_yaml, parse_front_matter  # noqa: E402

DOCUMENTS = {
    "template (3 fields)": """---
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
---
""",
    "newer (7 fields, comment)": """---
Author: Daemyung Kang, Hyunhoi Koo
Status: Draft  # Draft | Accepted | Implemented | Rejected
Created: 2025-03-02
Created-Version: 26.1.0
Target-Version:
Implemented-Version:
Superseded-By: BEP-1067
---
""",
    "template comments copied": """---
# Author: Your Full Name (email@example.com)
Author: 김철수 (kim@example.com)
# Status: Draft | Accepted | Implemented | Rejected | Superseded
Status: Accepted
Created: 2024-11-20
---
""",
}


def per_call_us(function, number: int) -> float:  # type: ignore[no-untyped-def]
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


def main() -> None:
    print(f"{'front matter':28} {'fast':>9} {'ruamel':>9} {'parse_front_matter':>19}")
    for name, text in DOCUMENTS.items():
        lines = text.split("\n")
        end = lines.index("---", 1)
        assert _parse_fast(lines, 0, end) == _parse_yaml(lines, 0, end)
        fast = per_call_us(lambda: _parse_fast(lines, 0, end), 5000)
        slow = per_call_us(lambda: _parse_yaml(lines, 0, end), 200)
        whole = per_call_us(lambda: parse_front_matter(lines), 5000)
        print(f"{name:28} {fast:7.1f}µs {slow:7.0f}µs {whole:17.1f}µs   (ruamel/fast: {slow / fast:.0f}x)")


if __name__ == "__main__":
    main()
