"""How fast is hooks.parse.markdown.outline() compared with markdown-it-py?

Run:  python benchmarks/outline_speed.py

Builds a realistic ~20 KB proposal and a registry README with a 4,000-row
table, checks that both paths agree and that the scanner decides both itself,
and prints CPU milliseconds per document for outline() (the line scanner) and
outline_slow() (markdown-it-py), plus a bare loop over the same lines as a
yardstick for the machine's speed.
"""

from __future__ import annotations

import sys
import time
import timeit
from pathlib import Path
from typing import Callable, List, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bep_hooks.parse.markdown import bail_reason, outline, outline_slow  # noqa: E402

PARAGRAPH = (
    "Backend.AI schedules sessions onto agents; this proposal changes how the "
    "manager picks an agent when several resource groups match, so that "
    "fractional GPU allocations stop fragmenting the cluster (see "
    "[BEP-1002](BEP-1002-resource-groups.md) and `ScalingGroup.scheduler_opts`)."
)


CODE = [
    "```python",
    "# Pick the agent whose free fraction fits best.",
    "def pick_agent(agents, requested):",
    "    # agents: list of AgentInfo, requested: ResourceSlot",
    "    candidates = [a for a in agents if a.free.covers(requested)]",
    "    if not candidates:",
    "        return None",
    "    # prefer the fullest agent that still fits",
    "    return min(candidates, key=lambda a: a.free_fraction(requested))",
    "",
    "",
    "class FairShareScheduler(AbstractScheduler):",
    "    async def schedule(self, pending, agents):",
    "        for session in sorted(pending, key=self.priority):",
    "            agent = pick_agent(agents, session.requested_slots)",
    "            if agent is None:",
    "                continue",
    "            yield session, agent",
    "```",
]

YAML = [
    "```yaml",
    "# scheduler options (etcd: config/plugins/scheduler)",
    "scheduler: fair-share",
    "scheduler_opts:",
    "  allowed_session_types: [interactive, batch, inference]",
    "  # seconds to wait before skipping a pending session",
    "  pending_timeout: 600",
    "  num_retries_to_skip: 3",
    "```",
]


def proposal(sections: int = 8) -> List[str]:
    """A proposal in the shape of the real ones: front matter (blanked by the
    caller), H1, numbered H2 sections with wrapped paragraphs, nested lists,
    fenced code with "#" comment lines, tables, a note, details, images."""
    lines = ["", "", "", "", "", ""]  # front matter, already blanked
    lines += ["", "# BEP-1042: Fair scheduling for fractional GPUs", ""]
    lines += ["<!-- Keep the section numbers; the registry checker reads them. -->", ""]
    lines += ["> [!NOTE]", "> This proposal supersedes BEP-1016 for the scheduler part.", ""]
    for number in range(1, sections + 1):
        lines += [f"## {number}. Section {number}", "", PARAGRAPH, PARAGRAPH[:100], PARAGRAPH[100:], ""]
        lines += [f"### {number}.1 Design", "", PARAGRAPH, ""]
        lines += [
            "- **Goal**: keep the allocation map compact",
            "- Constraints:",
            "  - agents keep their current slot layout",
            "  - no manager restart is needed",
            "    1. drain the agent",
            "    2. re-register it",
            "- Example:",
            "",
            "  ```python",
            "  # the fullest agent that still fits",
            "  agent = min(agents, key=lambda a: a.free_fraction)",
            "  ```",
            "",
        ]
        lines += CODE + [""] + [PARAGRAPH, ""]
        if number % 2:
            lines += YAML + [""]
            lines += [
                "| Option | Default | Meaning |",
                "|--------|---------|---------|",
                "| `num_retries_to_skip` | 0 | retries before skipping a session |",
                "| `pending_timeout` | 0 | seconds; `0` means no timeout \\| never |",
                "| `allowed_session_types` | all | which session types the scheduler takes |",
                "",
            ]
        else:
            lines += [
                "1. First, the manager collects candidate agents.",
                "2. Then it scores them.",
                "   The score is the free fraction after the allocation.",
                "",
                "![Allocation map](./assets/bep-1042-map.png)",
                "",
                "<details>",
                "<summary>Benchmark numbers</summary>",
                "",
                "The numbers below come from a 64-agent test cluster.",
                "",
                "</details>",
                "",
            ]
    lines += ["## References", "", "- [Slurm fair share](https://slurm.schedmd.com/fair_tree.html)", ""]
    return lines


def registry(rows: int = 4000) -> List[str]:
    lines = ["# Backend.AI Enhancement Proposals", "", PARAGRAPH, "", "## BEP Number Registry", ""]
    lines += ["| Number | Title | Authors | Status |", "|--------|-------|---------|--------|"]
    for index in range(rows):
        number = 1000 + index
        title = f"Title & more {index}"
        if index % 50 == 0:
            title = f"Pipes \\| and `code | spans` {index}"
        lines.append(f"| [{number}](BEP-{number}-x.md) | {title} | Joongi Kim, Kyujin Cho | Draft |")
    lines += ["", "## Process", "", PARAGRAPH, ""]
    return lines


def per_call_ms(function: Callable[[Sequence[str]], object], lines: Sequence[str]) -> float:
    """Best of several runs, in CPU time (less disturbed by a busy machine)."""
    timer = timeit.Timer(lambda: function(lines), timer=time.process_time)
    number, _ = timer.autorange()
    best = min(timer.repeat(repeat=7, number=number))
    return best / number * 1000


def bare_loop(lines: Sequence[str]) -> None:
    """The least any line scanner does: look at each line once."""
    for line in lines:
        if line[:1] == "#":
            pass


def main() -> None:
    documents = {"proposal": proposal(), "registry README": registry()}
    for name, lines in documents.items():
        size = len("\n".join(lines).encode()) / 1024
        assert bail_reason(lines) is None, bail_reason(lines)
        assert outline(lines) == outline_slow(lines)
        fast = per_call_ms(outline, lines)
        slow = per_call_ms(outline_slow, lines)
        loop = per_call_ms(bare_loop, lines)
        print(
            f"{name:16} {len(lines):5} lines {size:6.1f} KB   outline {fast:7.3f} ms   "
            f"outline_slow {slow:8.2f} ms   ({slow / fast:,.0f}x)   bare loop {loop:6.3f} ms"
        )


if __name__ == "__main__":
    main()
