"""How fast is `bep`, measured the way a commit pays for it: whole processes.

Run (from the repository root, with the virtualenv that has bep-hooks installed):

    python benchmarks/bench.py            # full run, writes benchmarks/RESULTS.md
    python benchmarks/bench.py --quick    # small sizes, one run each (CI): well under a minute

It builds synthetic BEP repositories in a temporary folder (proposals of about
20 KB with front matter, eight H2 sections, H3 subsections, nested lists,
tables, fenced code with `#` comments, block quotes, HTML comments; a README
whose registry links every number to its document; a few real findings so the
check has work to do), then times whole `bep` processes, because interpreter
start-up and imports are part of what every commit pays.  Every figure is the
median of several runs after one warm-up run (files are in the page cache).

Figures, each against its target (issue #6):

- full:   `bep check` of the whole repository at 736 proposals, against the
          floors: interpreter start plus importing markdown-it-py, ruamel.yaml
          and click (the import floor); a process reading every file once.
          Target: at most the import floor + 0.4 ms per proposal.
- commit: `bep check` of one changed proposal in a 4,000-proposal repository
          (and, for "whatever the size", in the 10,000 one).
          Target: at most 1.5 x the import floor.
- scale:  full checks at 500, 4,000 and 10,000 proposals.
          Target: t(4,000) / t(500) at most 8 (linear or better).
- fix:    `bep fix` of the registry of 5,000 proposals with a third of its
          rows unformatted (the fixer also reads every document's status),
          against `mdformat` (with mdformat-gfm, compact tables) and
          `prettier --write` on copies of the same README.
          Target: at most half of each.
- memory: peak RSS of the full check at 10,000 proposals, summed over the
          process tree (the check forks workers).  Target: at most 150 MB.

Nothing here fails on a timing: the script exits 0 whatever the numbers say.
It exits 1 only when a measured command did not run properly (a crash, a
usage error), since then the numbers mean nothing.

prettier is found through the PRETTIER environment variable (path to the
executable) or on PATH; install it outside the repository, for example
`npm install --prefix /tmp/prettier prettier` and
`PRETTIER=/tmp/prettier/node_modules/.bin/prettier`.  Without it (or without
mdformat) that comparison is skipped with a note.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent

# ---------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    full: int  # proposals in the full-check repository
    commit: Tuple[int, ...]  # repositories where one changed proposal is checked (first one has the target)
    scale: Tuple[int, int, int]  # full checks; target on scale[1] / scale[0]
    fix_rows: int  # proposals (about as many registry rows) for the fix comparison
    memory: int  # proposals for the peak-RSS figure
    runs: int  # timed runs per figure (after one warm-up)
    tool_runs: int  # runs of mdformat / prettier (slow)
    precommit: bool = True  # time the real pre-commit client (builds hook environments: a minute or more)


FULL = Sizes(full=736, commit=(4000, 10000), scale=(500, 4000, 10000), fix_rows=5000, memory=10000, runs=7, tool_runs=3)
QUICK = Sizes(full=60, commit=(300,), scale=(25, 200, 500), fix_rows=300, memory=500, runs=1, tool_runs=1, precommit=False)

PER_PROPOSAL_MS = 0.4  # full-check budget per proposal above the import floor
COMMIT_FACTOR = 1.5
SCALE_LIMIT = 8.0
FIX_FACTOR = 0.5
MEMORY_LIMIT_MB = 150.0

# ---------------------------------------------------------------------------
# Synthetic repositories
# ---------------------------------------------------------------------------

SECTIONS = (
    "Related Issues",
    "Motivation",
    "Current Design",
    "Proposed Design",
    "Migration / Compatibility",
    "Implementation Plan",
    "Open Questions",
    "References",
)
NAMES = (
    "Joongi Kim", "Kyujin Cho", "HyeokJin Kim", "Sanghun Lee", "Daemyung Kang", "Hyunhoi Koo",
    "Jeongkyu Shin", "Gyubong Lee", "Sion Kang", "Jihyun Kang", "Bokeum Kim", "Hyunsoo Kim",
)
WORDS_A = (
    "Unified", "Fair Share", "Kubernetes", "Agent", "Storage", "Model Serving", "Resource", "Session",
    "Scheduler", "Image", "Network", "Quota", "Event", "Metric", "Keypair", "RBAC", "GraphQL", "Plugin",
)
WORDS_B = (
    "Bridge", "Registry", "Policy", "Architecture", "Scheduler", "Caching", "Injection", "Metadata",
    "Migration", "Channel", "Handler", "Relay", "Redesign", "Consolidation", "Split", "API",
)
SENTENCES = (
    "Backend.AI schedules sessions onto agents, and this proposal changes how the manager picks an "
    "agent when several resource groups match.",
    "Fractional GPU allocations currently fragment the cluster, because the scheduler never revisits "
    "a placement once it is made.",
    "The `ScalingGroup.scheduler_opts` field keeps per-group options; see "
    "[BEP-1002](BEP-1002-agent-architecture.md) for the agent side.",
    "We keep the existing REST endpoints and add a GraphQL mutation, so that older clients continue "
    "to work without changes.",
    "**Note**: the agent reports its slots every 30 seconds, which bounds how stale the view can be.",
    "Operators asked for a way to drain an agent without killing the sessions on it (see issue #1234).",
    "The event bus delivers `SessionStartedEvent` at least once; handlers must therefore be idempotent.",
    "A _resource policy_ caps what a keypair, a user or a project may allocate at any one time.",
    "Images are pulled lazily, and the first session on a fresh agent waits for the pull to finish.",
    "The storage proxy exposes vfolders over a separate API, so the manager never touches the data path.",
    "Metrics are aggregated per kernel and flushed to Redis, then rolled up by the manager every minute.",
    "This keeps the hot path free of database round-trips, at the cost of a short window of stale data.",
)
CODE_BLOCKS = (
    (
        "python",
        [
            "# pick the agent with the least free fraction",
            "def choose(agents: list[Agent]) -> Agent:",
            "    # ties go to the agent registered first",
            "    return min(agents, key=lambda a: (a.free_fraction, a.registered_at))",
            "",
            "# the scheduler calls this once per pending session",
            "async def schedule(session: Session) -> None:",
            "    agent = choose(await candidates(session))",
            "    await assign(session, agent)",
        ],
    ),
    (
        "yaml",
        [
            "# scheduler options for one resource group",
            "scheduler: fair-share",
            "scheduler_opts:",
            "  allowed_session_types: [interactive, batch]",
            "  # seconds before a pending session is cancelled",
            "  pending_timeout: 0",
            "  num_retries_to_skip: 3",
        ],
    ),
    (
        "bash",
        [
            "# drain the agent, then re-register it",
            "backend.ai admin agent drain i-agent-01",
            "# wait for the sessions to finish",
            "backend.ai admin agent info i-agent-01 --format json | jq .status",
        ],
    ),
    (
        "sql",
        [
            "-- the new column keeps the group's policy",
            "ALTER TABLE scaling_groups ADD COLUMN fair_share_policy jsonb;",
            "# not a heading: inside a fence",
            "UPDATE scaling_groups SET fair_share_policy = '{}'::jsonb;",
        ],
    ),
)


def _title(number: int) -> str:
    rng = random.Random(number * 7919)
    return f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)}"


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("/", " ").split())


def _authors(number: int) -> str:
    rng = random.Random(number * 31)
    return ", ".join(rng.sample(NAMES, 1 + (number % 3 == 0)))


def _status(number: int) -> str:
    if number % 163 == 5:
        return "Accepted"  # without Target-Version: status-requirement
    return ("Draft", "Draft", "Draft", "Accepted", "Implemented", "Rejected")[number % 6]


# Which numbers carry which realistic mistake (a few per thousand).
def _skipped(number: int) -> bool:
    return number % 211 == 11  # a `_(skipped)_` row and no document


def _unreserved(number: int) -> bool:
    return number % 173 == 100  # a document without a registry row


def _bare(number: int) -> bool:
    return number % 40 == 7  # a row without a link (reserved before the links were added)


def _placeholder_title(number: int) -> bool:
    return number % 131 == 3  # "# Title" left from the template


def _missing_section(number: int) -> bool:
    return number % 149 == 9  # no "Open Questions"


def _yaml_front_matter(number: int) -> bool:
    return number % 397 == 13  # an author list: needs the full YAML reader


def _bad_registry_status(number: int) -> bool:
    return number % 307 == 17  # "Approved" is not a status


def proposal_text(number: int, target_size: int = 20_000) -> str:
    """A proposal of about ``target_size`` bytes, different for every number."""
    rng = random.Random(number)
    title = _title(number)
    status = _status(number)
    lines: List[str] = ["---"]
    if _yaml_front_matter(number):
        lines += ["Author:", "  - Joongi Kim (joongi@lablup.com)", "  - Kyujin Cho"]
    else:
        lines.append(f"Author: {_authors(number)} (dev{number % 97}@lablup.com)")
    if number % 5 == 0:
        lines.append("Status: " + status + "  # Draft | Accepted | Implemented | Rejected | Superseded")
    else:
        lines.append(f"Status: {status}")
    lines.append(f"Created: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}")
    lines.append(f"Created-Version: {24 + number % 3}.{1 + number % 4}.0")
    target = f"{25 + number % 2}.{1 + number % 4}.0" if status in ("Accepted", "Implemented") else ""
    if number % 163 == 5:
        target = ""
    lines.append(f"Target-Version: {target}".rstrip())
    implemented = target if status == "Implemented" else ""
    lines.append(f"Implemented-Version: {implemented}".rstrip())
    lines += ["---", ""]
    heading = "Title" if _placeholder_title(number) else f"BEP-{number}: {title}"
    lines += [f"# {heading}", ""]
    numbered = number % 3 == 0
    sections = [s for s in SECTIONS if not (_missing_section(number) and s == "Open Questions")]
    bodies: List[List[str]] = [[] for _ in sections]
    size = sum(len(line) + 1 for line in lines)
    position = 0
    while size < target_size:
        index = position % len(sections)
        block = _block(rng, number, position)
        bodies[index] += block
        size += sum(len(line) + 1 for line in block)
        position += 1
    for index, (name, body) in enumerate(zip(sections, bodies), 1):
        lines += [f"## {index}. {name}" if numbered else f"## {name}", ""]
        if name == "References" and number % 10 == 0:
            body = body + ["[fair-tree]: https://slurm.schedmd.com/fair_tree.html", ""]
        lines += body
    return "\n".join(lines) + "\n"


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def _block(rng: random.Random, number: int, position: int) -> List[str]:
    kind = position % 9
    if kind in (0, 4, 7):
        return [_paragraph(rng, rng.randint(2, 4)), ""]
    if kind == 1:
        return [
            f"### {position}.1 {rng.choice(WORDS_A)} details",
            "",
            _paragraph(rng, 2),
            "",
            "- **Goal**: keep the allocation map compact",
            "- Constraints:",
            "  - agents keep their current slot layout",
            "  - no manager restart is needed",
            "    1. drain the agent",
            "    2. re-register it",
            f"- See [the design notes](BEP-{number}/notes.md) and `{rng.choice(WORDS_B).lower()}.py`",
            "",
        ]
    if kind == 2:
        language, code = CODE_BLOCKS[rng.randrange(len(CODE_BLOCKS))]
        return [f"```{language}", *code, "```", ""]
    if kind == 3:
        rows = [
            f"| `{rng.choice(WORDS_B).lower()}_{i}` | {rng.randint(0, 100)} | {rng.choice(SENTENCES)[:60]} |"
            for i in range(rng.randint(3, 7))
        ]
        rows.append("| `pending_timeout` | 0 | seconds; `0` means no timeout \\| never |")
        return ["| Option | Default | Meaning |", "|--------|---------|---------|", *rows, ""]
    if kind == 5:
        return [
            "1. First, the manager collects the candidate agents.",
            "2. Then it scores them:",
            "",
            "   ```python",
            "   # score = free fraction, lower is better",
            "   score = agent.free_fraction",
            "   ```",
            "",
            "3. Finally it assigns the session and records the decision.",
            "",
        ]
    if kind == 6:
        return [
            f"> **Note**: {rng.choice(SENTENCES)}",
            "> Agents are not involved in this decision.",
            "",
            "<!-- TODO: add the benchmark numbers from the 64-agent cluster -->",
            "",
        ]
    return [
        "<details>",
        "<summary>Benchmark numbers</summary>",
        "",
        _paragraph(rng, 2),
        "",
        "</details>",
        "",
    ]


TEMPLATE = """---
Author: Your Full Name (email@example.com)
Status: Draft  # Draft | Accepted | Implemented | Rejected | Superseded
Created: 2025-01-01
Created-Version:
Target-Version:
Implemented-Version:
---

# Title

## Related Issues

- JIRA: BA-XXXX
- GitHub: #XXXX

## Motivation

Why is this change needed? What problem does it solve?

## Current Design

Describe the current state or design that this proposal aims to change.

## Proposed Design

Describe the new design or changes being proposed.

## Migration / Compatibility

Describe backward compatibility considerations and migration plan if applicable.

## Implementation Plan

Outline the implementation steps and priorities.

## Open Questions

List any unresolved questions or items that need further discussion.

## References

- Link to related documents, discussions, or external resources
"""

README_HEAD = """# BEPs
Backend.AI Enhancement Proposals

## Process

1. **Reserve a BEP number** by adding your proposal to the [BEP Number Registry](#bep-number-registry) table below.
2. Copy `proposals/BEP-0000-template.md` to create a new document with your reserved number.
3. Open a pull request titled `BEP-XXXX (new): Title`.

## Status Lifecycle

| Status | Description |
|--------|-------------|
| Draft | Initial proposal, under discussion |
| Accepted | Approved for implementation, target version assigned |
| Implemented | Shipped in the version given by Implemented-Version |
| Rejected | Declined; the document records why |
| Superseded | Replaced by a later proposal |

## Document Structure

```markdown
---
Author: Your Full Name (email@example.com)
Status: Draft  # Draft | Accepted | Implemented | Rejected | Superseded
---

# Title
## Motivation
```

## BEP Number Registry

To prevent number conflicts, **always reserve your BEP number here first** before creating the document.

| Number | Title | Author | Status |
|--------|-------|--------|--------|
"""

README_TAIL = """| _next_ | _(reserve your number here)_ | | |

## Rules for PR title

* "BEP-9999 (new): A shiny new feature" (with the document title)
* "BEP-9999 (update): Clarify the migration plan"
"""

FIRST = 1000  # four-digit numbers, as real registries have
FIRST_WIDE = 10000  # a repository of more than 9,000 documents needs five digits (and says so)


@dataclass
class Repository:
    root: Path
    proposals: int  # main documents
    changed: str  # a proposal path (relative to root) for the commit case


def documents(count: int, first: int = FIRST) -> List[int]:
    """The numbers of the first ``count`` documents (skipped numbers have none)."""
    numbers: List[int] = []
    number = first
    while len(numbers) < count:
        if not _skipped(number):
            numbers.append(number)
        number += 1
    return numbers


def registry_row(number: int) -> Optional[str]:
    if _skipped(number):
        return f"| {number} | _(skipped)_ | | |"
    if _unreserved(number):
        return None
    title = _title(number)
    status = "Approved" if _bad_registry_status(number) else _status(number)
    cell = str(number) if _bare(number) else f"[{number}](proposals/BEP-{number}-{_slug(title)}.md)"
    return f"| {cell} | {title} | {_authors(number)} | {status} |"


def registry_text(first: int, last: int, *, reserve_ahead: int = 2) -> str:
    rows = [row for row in (registry_row(n) for n in range(first, last + 1)) if row is not None]
    for number in range(last + 1, last + 1 + reserve_ahead):  # reserved, link to a file not written yet
        title = _title(number)
        rows.append(f"| [{number}](proposals/BEP-{number}-{_slug(title)}.md) | {title} | {_authors(number)} | Draft |")
    return README_HEAD + "\n".join(rows) + "\n" + README_TAIL


class Pool:
    """Proposal files written once, hard-linked into every repository (saves disk and time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.written: Dict[int, str] = {}

    def name(self, number: int) -> str:
        if number not in self.written:
            name = f"BEP-{number}-{_slug(_title(number))}.md"
            (self.folder / name).write_text(proposal_text(number), encoding="utf-8")
            self.written[number] = name
        return self.written[number]


def build_repository(where: Path, count: int, pool: Pool, name: str = "") -> Repository:
    """A standalone repository: README.md (registry) at the root, ``count`` documents in proposals/."""
    root = where / (name or f"repo-{count}")
    folder = root / "proposals"
    folder.mkdir(parents=True)
    (root / ".git").mkdir()  # `bep` finds the root the way it does in a clone
    numbers = documents(count - 1)
    template = TEMPLATE_NAME
    if numbers[-1] + 2 > 9999:  # five-digit numbers, declared in the configuration
        numbers = documents(count - 1, FIRST_WIDE)
        template = "BEP-00000-template.md"
        (root / ".bep.yaml").write_text(f"number-width: 5\nnumber-start: {FIRST_WIDE}\n", encoding="utf-8")
    for number in numbers:
        name = pool.name(number)
        _link(pool.folder / name, folder / name)
    twin = numbers[len(numbers) // 3]  # a second document under a taken number
    (folder / f"BEP-{twin}-second-take.md").write_text(proposal_text(twin + 100_000), encoding="utf-8")
    (folder / template).write_text(TEMPLATE, encoding="utf-8")
    (folder / "AGENTS.md").write_text("# Notes for agents\n\nKeep the registry sorted.\n", encoding="utf-8")
    for number in numbers[::50]:  # supporting folders
        support = folder / f"BEP-{number}"
        support.mkdir()
        (support / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "README.md").write_text(registry_text(numbers[0], numbers[-1]), encoding="utf-8")
    changed = numbers[len(numbers) // 2 + 1]
    return Repository(root, count, f"proposals/{pool.name(changed)}")


TEMPLATE_NAME = "BEP-0000-template.md"


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def build_fix_repository(where: Path, count: int, pool: Pool) -> Tuple[Path, int]:
    """A repository of ``count`` proposals whose registry has a third of its rows
    unformatted (in three ways) and two neighbours swapped.

    The documents are the full-size ones: `bep fix` reads every document that has a row,
    because the fixer takes the Status cell from the document.
    """
    root = build_repository(where, count, pool, name=f"fix-{count}").root
    readme = root / "README.md"
    lines = readme.read_text(encoding="utf-8").split("\n")
    first = lines.index("| Number | Title | Author | Status |") + 2
    last = next(index for index in range(first, len(lines)) if lines[index].startswith("| _next_"))
    for index in range(first, last):
        if (index - first) % 3 != 2:
            continue
        cells = [cell.strip() for cell in lines[index].strip().strip("|").split("|")]
        if "" in cells:
            continue  # (a skipped number's empty cells would vanish without the closing pipe)
        style = (index - first) // 3 % 3
        if style == 0:
            lines[index] = "|" + "|".join(cells) + "|"
        elif style == 1:
            lines[index] = "|  " + "   |  ".join(cells) + " |"
        else:
            lines[index] = "| " + " | ".join(cells)  # no closing pipe
    middle = (first + last) // 2
    lines[middle], lines[middle + 1] = lines[middle + 1], lines[middle]
    readme.write_text("\n".join(lines), encoding="utf-8")
    return root, last - first


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


class CommandFailed(Exception):
    pass


def _bep_command() -> List[str]:
    script = Path(sys.executable).parent / "bep"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "bep_hooks"]


BEP = _bep_command()

# The environment of every measured process.  Python writes its bytecode cache as it does
# on any installed copy (a sandbox's PYTHONDONTWRITEBYTECODE would make every run
# recompile the package, which no user pays); the cache goes to the work folder, never
# into the repository.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Job:
    """One command to time: run once to warm up, then once per round."""

    name: str
    command: Sequence[str]
    cwd: Path
    ok: Sequence[int] = (0, 1)
    before: Optional[object] = None  # called before each run (restores a file a fixer changed)
    env: Dict[str, str] = field(default_factory=dict)  # on top of ENV
    times: List[float] = field(default_factory=list)
    error: Optional[str] = None

    def run(self) -> None:
        if self.error is not None:
            return
        if self.before is not None:
            self.before()
        start = time.perf_counter()
        env = {**ENV, **self.env}
        done = subprocess.run(list(self.command), cwd=self.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in self.ok or b"Traceback" in done.stderr:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
            self.error = f"{self.name}: `{' '.join(self.command)}` exited {done.returncode}: " + " / ".join(tail)
            return
        self.times.append(elapsed)

    @property
    def median(self) -> Optional[float]:
        return statistics.median(self.times) if self.times and self.error is None else None


def run_rounds(jobs: Sequence[Job], runs: int) -> None:
    """A warm-up run of each job, then ``runs`` rounds that run every job once.

    Interleaving the jobs puts a floor and the figure measured against it in the same
    moments of a machine whose load changes (a shared CI runner, a laptop).
    """
    for job in jobs:
        log(f"warming up: {job.name}")
        job.run()
        job.times.clear()
    for round_number in range(runs):
        log(f"round {round_number + 1}/{runs}")
        for job in jobs:
            job.run()


def _tree_memory_kb(pid: int) -> Tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in KB (Linux /proc).

    RSS counts the pages forked workers share with their parent once per process; PSS
    shares them out, so its sum is what the tree really occupies.
    """
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                        break
            try:
                with open(f"/proc/{current}/smaps_rollup") as handle:
                    for line in handle:
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                            break
            except OSError:
                pass
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


MEASURE_MEMORY = r"""
import resource, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
from bench import _tree_memory_kb
process = subprocess.Popen(sys.argv[3:], cwd=sys.argv[2], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rss = pss = 0
while process.poll() is None:
    tree_rss, tree_pss = _tree_memory_kb(process.pid)
    rss, pss = max(rss, tree_rss), max(pss, tree_pss)
    time.sleep(0.002)
largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(largest, rss, pss, process.returncode)
"""


def peak_memory_mb(command: Sequence[str], cwd: Path) -> Tuple[float, float, float]:
    """Peak memory of ``command`` run in a fresh child, in MB: (largest single process's
    peak RSS from getrusage, sampled peak RSS summed over the process tree, the same for PSS)."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_MEMORY, str(HERE), str(cwd), *command], capture_output=True, text=True, env=ENV
    )
    try:
        largest, rss, pss, code = (int(value) for value in done.stdout.split())
    except ValueError:
        raise CommandFailed(f"memory measurement failed: {done.stderr.strip()[-300:]}") from None
    if code not in (0, 1):
        raise CommandFailed(f"`{' '.join(command)}` exited {code} while measuring memory")
    return largest / 1024, max(rss, largest) / 1024, pss / 1024


READ_EVERYTHING = r"""
import os, sys
root = sys.argv[1]
total = 0
for folder in (root, os.path.join(root, "proposals")):
    for entry in os.scandir(folder):
        if entry.is_file() and entry.name.endswith(".md"):
            with open(entry.path, "rb") as handle:
                total += len(handle.read().decode("utf-8"))
"""

IMPORT_FLOOR = "import markdown_it, ruamel.yaml, click"


def fast_path_coverage(repository: Repository) -> Optional[str]:
    """How many generated documents the fast readers decide without their library
    (informational: it uses the readers' private entry points and says nothing if they moved)."""
    try:
        sys.path.insert(0, str(PROJECT))
        from bep_hooks.parse.frontmatter import _find_closing_line, _parse_fast
        from bep_hooks.parse.markdown import is_fast

        folder = repository.root / "proposals"
        outline_fast = front_fast = total = 0
        for path in sorted(folder.glob("BEP-[0-9]*.md")):
            lines = path.read_text(encoding="utf-8").split("\n")
            total += 1
            outline_fast += is_fast(lines)
            end = _find_closing_line(lines, 0)
            front_fast += end is not None and _parse_fast(lines, 0, end) is not None
    except Exception:  # noqa: BLE001
        return None
    return (
        f"fast paths on the {total} generated documents: Markdown outline {outline_fast}/{total}, "
        f"front matter {front_fast}/{total} (the rest take the library path, by design)"
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    measured: Optional[float]  # seconds, MB or a ratio; None when skipped
    unit: str  # "s" | "MB" | "x"
    limit: Optional[float] = None  # same unit
    target: str = ""  # how the limit is made
    note: str = ""

    @property
    def ratio(self) -> Optional[float]:
        if self.measured is None or not self.limit:
            return None
        return self.measured / self.limit

    @property
    def holds(self) -> str:
        if self.limit is None:
            return ""
        if self.measured is None:
            return "skipped"
        return "yes" if self.measured <= self.limit else "NO"


def _value(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:,.0f} ms"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:.2f}"


def rows_of(figures: Sequence[Figure]) -> List[Tuple[str, str, str, str, str]]:
    rows = []
    for figure in figures:
        target = ""
        if figure.limit is not None:
            target = f"<= {_value(figure.limit, figure.unit)}"
            if figure.target:
                target += f" ({figure.target})"
        ratio = f"{figure.ratio:.2f}" if figure.ratio is not None else ""
        measured = _value(figure.measured, figure.unit)
        if figure.note:
            measured = f"{measured} ({figure.note})" if figure.measured is not None else figure.note
        rows.append((figure.name, measured, target, ratio, figure.holds))
    return rows


HEADER = ("figure", "measured", "target", "ratio", "holds")


def text_table(figures: Sequence[Figure]) -> str:
    rows = [HEADER, *rows_of(figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    out = []
    for index, row in enumerate(rows):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def markdown_table(figures: Sequence[Figure]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    for row in rows_of(figures):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
        f"{model}{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()} ({sys.executable})"
    )


def tool_versions() -> str:
    versions = []
    for name in ("click", "markdown-it-py", "ruamel.yaml", "mdformat", "mdformat-gfm"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - informational only
            pass
    prettier = find_prettier()
    if prettier:
        try:
            done = subprocess.run([prettier, "--version"], capture_output=True, text=True, timeout=30)
            versions.append(f"prettier {done.stdout.strip()}")
        except (OSError, subprocess.SubprocessError):  # informational only
            pass
    return ", ".join(versions)


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def find_prettier() -> Optional[str]:
    candidate = os.environ.get("PRETTIER")
    if candidate:
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which("prettier")


def find_mdformat() -> Optional[List[str]]:
    script = Path(sys.executable).parent / "mdformat"
    if script.exists():
        return [str(script)]
    found = shutil.which("mdformat")
    return [found] if found else None


PRECOMMIT_FACTOR = 1.5  # a real commit's pre-commit run, against one Python hook that does nothing
_NOOP_HOOK = """repos:
  - repo: local
    hooks:
      - id: noop
        name: a Python hook that does nothing
        entry: python -c pass
        language: python
"""


def _git_quiet(cwd: Path, env: Dict[str, str], *args: str) -> None:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise CommandFailed(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")


def precommit_jobs(workdir: Path, count: int, pool: "Pool") -> Tuple[List[Job], List[str]]:
    """The real pre-commit client on a one-file proposal commit: `pre-commit run` (what the
    pre-commit git hook runs: the staged files) with the README's recommended setup (the
    `bep` hook), and the same run with one `language: python` hook whose entry does
    nothing, the floor of starting any Python hook. Both hook environments are built
    first (pip, from the package index), under a PRE_COMMIT_HOME in the work folder."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return [], ["pre-commit is not installed next to this Python (`pip install pre-commit`): commit figure skipped"]
    env = {key: value for key, value in ENV.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(workdir / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
    )
    # this checkout as a hook repository (pre-commit installs a repository at a commit)
    hooks = workdir / "bep-hooks"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
                            stdout=subprocess.PIPE, check=True)  # fmt: skip
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (PROJECT / name).is_file() and not name.startswith("benchmarks/"):
            (hooks / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, hooks / name)
    _git_quiet(hooks, env, "init", "-q")
    _git_quiet(hooks, env, "add", "-A")
    _git_quiet(hooks, env, "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "bench")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, stdout=subprocess.PIPE, check=True).stdout.decode()
    recommended = f"repos:\n  - repo: {hooks}\n    rev: {head.strip()}\n    hooks:\n      - id: bep\n      - id: bep-title\n"

    jobs = []
    for name, config in (("noop", _NOOP_HOOK), ("bep", recommended)):
        repository = build_repository(workdir, count, pool, name=f"precommit-{name}")
        root = repository.root
        shutil.rmtree(root / ".git")
        (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
        _git_quiet(root, env, "init", "-q")
        _git_quiet(root, env, "add", "-A")
        _git_quiet(root, env, "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "start")
        changed = root / repository.changed  # a text edit of one document (a new file: the pool's is shared)
        text = changed.read_text(encoding="utf-8")
        changed.unlink()
        changed.write_text(text + "\nOne more sentence.\n", encoding="utf-8")
        _git_quiet(root, env, "add", repository.changed)
        log(f"building the pre-commit environment of the {name} hook ...")
        built = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        if built.returncode != 0:
            tail = " / ".join(built.stdout.decode(errors="replace").strip().splitlines()[-3:])
            return [], [f"pre-commit could not build the hook environment ({tail}): commit figure skipped"]
        command = [sys.executable, "-m", "pre_commit", "run", "--hook-stage", "pre-commit"]
        jobs.append(Job(f"pre-commit run, {name}", command, root, ok=(0, 1), env=env))
    return jobs, []


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run (CI); well under a minute")
    parser.add_argument(
        "--runs", type=int, help=f"timed runs per figure (default: {FULL.runs}, quick: {QUICK.runs})"
    )
    parser.add_argument(
        "--results",
        type=Path,
        help="write the Markdown table here (default: benchmarks/RESULTS.md on a full run; nothing on --quick)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories (prints where)")
    parser.add_argument(
        "--precommit", action="store_true", help="with --quick: time the real pre-commit client too (a minute more)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.precommit:
        import dataclasses

        sizes = dataclasses.replace(sizes, precommit=True)
    runs = args.runs or sizes.runs
    results = args.results if args.results else (None if args.quick else HERE / "RESULTS.md")

    workdir = Path(tempfile.mkdtemp(prefix="bep-bench-"))
    figures: List[Figure] = []
    notes: List[str] = []
    failed: List[str] = []
    started = time.perf_counter()
    load_before = _load()
    try:
        figures, notes = measure(workdir, sizes, runs, failed)
        notes.append(
            f"load average (1 min) {load_before} before the run, {_load()} after it: other work on the machine "
            "slows every figure; a figure and its floor are measured in the same rounds, so ratios suffer less"
        )
    finally:
        if args.keep:
            log(f"repositories kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    mode = "quick (reduced sizes: figures are indicative only)" if args.quick else "full"
    print()
    print(f"bep benchmark, {mode}: median of {runs} runs after a warm-up; {time.perf_counter() - started:.0f} s")
    print(f"machine: {machine()}")
    print()
    print(text_table(figures))
    for note in notes:
        print(f"- {note}")
    for failure in failed:
        print(f"- FAILED: {failure}")
    if results is not None:
        write_results(results, figures, notes + [f"FAILED: {f}" for f in failed], runs, mode)
        print(f"\nwritten to {results}")
    return 1 if failed else 0


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def measure(workdir: Path, sizes: Sizes, runs: int, failed: List[str]) -> Tuple[List[Figure], List[str]]:
    figures: List[Figure] = []
    notes: List[str] = []
    ENV["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    pool = Pool(workdir / "pool")
    counts = sorted({sizes.full, *sizes.commit, *sizes.scale, sizes.memory})
    repos: Dict[int, Repository] = {}
    for count in counts:
        log(f"building a repository with {count:,} proposals ...")
        repos[count] = build_repository(workdir, count, pool)
    python = sys.executable
    full_repo = repos[sizes.full]

    # -- processes timed together: floors, full, commit, scale -----------------------------
    start = Job("interpreter start", [python, "-c", "pass"], workdir, ok=(0,))
    floor = Job("import floor", [python, "-c", IMPORT_FLOOR], workdir, ok=(0,))
    read = Job("read floor", [python, "-c", READ_EVERYTHING, str(full_repo.root)], workdir, ok=(0,))
    checks = {count: Job(f"bep check at {count:,}", [*BEP, "check"], repos[count].root) for count in {sizes.full, *sizes.scale}}
    one_process = Job("bep check, one process", [*BEP, "check"], full_repo.root, env={"BEP_JOBS": "1"})
    commits = {
        count: Job(f"commit at {count:,}", [*BEP, "check", repos[count].changed], repos[count].root) for count in sizes.commit
    }
    jobs = [start, floor, read, *commits.values(), *(checks[count] for count in sorted(checks)), one_process]
    run_rounds(jobs, runs)

    # -- a real commit: the pre-commit client, against one Python hook's floor ------------
    commit_jobs: List[Job] = []
    if sizes.precommit:
        try:
            commit_jobs, skipped = precommit_jobs(workdir, sizes.full, pool)
        except (CommandFailed, subprocess.CalledProcessError, OSError) as error:
            commit_jobs, skipped = [], [f"pre-commit figure skipped: {error}"]
        notes.extend(skipped)
        run_rounds(commit_jobs, runs)
    else:
        notes.append("the pre-commit client figure runs in the full benchmark only (it builds hook environments)")

    # -- fix: bep against the formatters, on copies of one README -------------------------
    log(f"building the {sizes.fix_rows:,}-row registry ...")
    fix_root, fix_rows = build_fix_repository(workdir, sizes.fix_rows, pool)
    original = (fix_root / "README.md").read_bytes()

    def restore(folder: Path):
        return lambda: (folder / "README.md").write_bytes(original)

    fix_jobs = [Job("bep fix", [*BEP, "fix", "README.md"], fix_root, before=restore(fix_root))]
    mdformat = find_mdformat()
    if mdformat:
        folder = workdir / "mdformat"
        folder.mkdir()
        command = [*mdformat, "--extensions", "gfm", "--compact-tables", "README.md"]
        fix_jobs.append(Job("mdformat", command, folder, ok=(0,), before=restore(folder)))
    else:
        notes.append("mdformat not found next to this Python or on PATH (`pip install mdformat mdformat-gfm`): skipped")
    prettier = find_prettier()
    if prettier:
        folder = workdir / "prettier"
        folder.mkdir()
        fix_jobs.append(Job("prettier", [prettier, "--write", "README.md"], folder, ok=(0,), before=restore(folder)))
    else:
        notes.append(
            "prettier not found (PRETTIER or PATH): skipped; `npm install --prefix /tmp/prettier prettier` "
            "and set PRETTIER=/tmp/prettier/node_modules/.bin/prettier"
        )
    run_rounds(fix_jobs, sizes.tool_runs)

    # -- memory ------------------------------------------------------------------------------
    log(f"measuring peak memory at {sizes.memory:,} proposals ...")
    try:
        largest, tree_rss, tree_pss = peak_memory_mb([*BEP, "check"], repos[sizes.memory].root)
    except CommandFailed as error:
        failed.append(str(error))
        largest = tree_rss = tree_pss = None

    for job in [*jobs, *commit_jobs, *fix_jobs]:
        if job.error:
            failed.append(job.error)

    # -- the table -----------------------------------------------------------------------------
    floor_time = floor.median
    figures.append(Figure("floor: interpreter start (`python -c pass`)", start.median, "s"))
    figures.append(Figure(f"floor: import floor (python + `{IMPORT_FLOOR}`)", floor_time, "s"))
    figures.append(
        Figure(f"floor: a process reading every file once ({sizes.full:,} proposals + README)", read.median, "s")
    )
    full_limit = floor_time + PER_PROPOSAL_MS / 1000 * sizes.full if floor_time else None
    figures.append(
        Figure(
            f"full: `bep check`, {sizes.full:,} proposals",
            checks[sizes.full].median,
            "s",
            full_limit,
            f"import floor + {PER_PROPOSAL_MS} ms x {sizes.full:,}",
        )
    )
    figures.append(
        Figure("full: the same in one process (`BEP_JOBS=1`), for comparison", one_process.median, "s")
    )
    commit_limit = COMMIT_FACTOR * floor_time if floor_time else None
    for count, job in commits.items():
        figures.append(
            Figure(
                f"commit: `bep check` of 1 changed proposal, {count:,}-proposal repository",
                job.median,
                "s",
                commit_limit,
                f"{COMMIT_FACTOR} x import floor",
            )
        )
    if commit_jobs:
        noop, bep_run = (job.median for job in commit_jobs)
        figures.append(Figure("commit: `pre-commit run`, one Python hook that does nothing (floor)", noop, "s"))
        figures.append(
            Figure(
                f"commit: `pre-commit run`, recommended setup (`bep`), 1 changed proposal of {sizes.full:,}",
                bep_run,
                "s",
                PRECOMMIT_FACTOR * noop if noop else None,
                f"{PRECOMMIT_FACTOR} x that floor",
            )
        )
    for count in sizes.scale:
        figures.append(Figure(f"scale: `bep check`, {count:,} proposals", checks[count].median, "s"))
    small, middle, large = (checks[count].median for count in sizes.scale)
    figures.append(
        Figure(
            f"scale: t({sizes.scale[1]:,}) / t({sizes.scale[0]:,})",
            middle / small if middle and small else None,
            "x",
            SCALE_LIMIT,
            f"sizes x{sizes.scale[1] / sizes.scale[0]:g}",
        )
    )
    figures.append(
        Figure(
            f"scale: t({sizes.scale[2]:,}) / t({sizes.scale[1]:,})",
            large / middle if large and middle else None,
            "x",
            sizes.scale[2] / sizes.scale[1],
            "linear or better",
        )
    )
    times = {job.name: job.median for job in fix_jobs}
    figures.append(Figure(f"fix: `bep fix README.md`, {fix_rows:,} rows, a third unformatted", times["bep fix"], "s"))
    labels = {"mdformat": "`mdformat --extensions gfm --compact-tables`", "prettier": "`prettier --write`"}
    for tool, label in labels.items():
        figures.append(Figure(f"fix: {label}, same README", times.get(tool), "s", note="" if tool in times else "skipped"))
    for tool in labels:
        name = f"fix: `bep fix` against {tool}"
        if times.get(tool) and times["bep fix"]:
            figures.append(Figure(name, times["bep fix"], "s", FIX_FACTOR * times[tool], f"{FIX_FACTOR} x {tool}"))
        else:
            figures.append(Figure(name, None, "s", None, note="skipped"))
    figures.append(
        Figure(
            f"memory: peak RSS, `bep check` at {sizes.memory:,} proposals (whole process tree)",
            tree_rss,
            "MB",
            MEMORY_LIMIT_MB,
        )
    )
    figures.append(Figure("memory: largest single process (getrusage)", largest, "MB"))
    figures.append(Figure("memory: peak PSS of the tree (shared pages counted once)", tree_pss, "MB"))

    coverage = fast_path_coverage(full_repo)
    if coverage:
        notes.append(coverage)
    notes.append(
        f"repositories: README.md registry with a link in the Number column of most rows, proposals/ with "
        f"documents of about 20 KB ({_average_size(full_repo):,.0f} bytes on average), template, "
        "supporting folders; findings sprinkled in: duplicate number, unreserved documents, placeholder titles, "
        "missing sections, Accepted without Target-Version, unknown registry statuses, links to unwritten files"
    )
    wide = [count for count in counts if (repos[count].root / ".bep.yaml").exists()]
    if wide:
        notes.append(
            f"more than 9,000 proposals need five-digit numbers: the {wide[0]:,}-proposal repository declares them "
            "in a two-line `.bep.yaml` (read without ruamel.yaml, as any flat configuration is)"
        )
    return figures, notes


def _average_size(repository: Repository) -> float:
    sizes = [path.stat().st_size for path in (repository.root / "proposals").glob("BEP-[1-9]*.md")]
    return sum(sizes) / max(len(sizes), 1)


def write_results(path: Path, figures: Sequence[Figure], notes: Sequence[str], runs: int, mode: str) -> None:
    today = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    text = [
        "# Benchmark results",
        "",
        f"`python benchmarks/bench.py` ({mode}), {today}; median of {runs} runs after a warm-up,",
        "whole `bep` processes (start-up included), files in the page cache.",
        "",
        f"Machine: {machine()}.",
        f"Libraries: {tool_versions()}.",
        "",
        markdown_table(figures),
        "",
    ]
    text += [f"- {note}" for note in notes]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
