"""The repository the proposal-family rule tests start from: the real shapes of a BEP repository
with the newer template (BEP-CONVENTIONS.md), a template whose sections are examples, and how the
tests run `bep check` and read its findings. Shared by tests/test_rules_{proposal,frontmatter,
status,section,supporting,file,registry}.py and tests/test_check_proposals.py."""

from __future__ import annotations

from pathlib import Path

from .conftest import registry_readme
from .test_proposal import NEW_TEMPLATE


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


ROWS = (
    "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Joongi Kim | Draft |\n"
    "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Accepted |\n"
    "| [1002](proposals/BEP-1002/) | Agent Architecture & More ↔ | 김현수, HyeokJin Kim | Implemented |\n"
    "| 1011 | _(skipped)_ | | |\n"
    "| 1012 | RBAC | Sanghun Lee | Superseded |\n"
)


SECTIONS = ("Related Issues", "Motivation", "Migration / Compatibility", "References")


def doc(title: str, *, status: str = "Draft", front: str = None, sections=SECTIONS, body: str = "") -> str:
    """A document for NEW_TEMPLATE."""
    if front is None:
        front = (
            f"Author: Joongi Kim (joongi@lablup.com)\nStatus: {status}\nCreated: 2025-03-04\n"
            "Created-Version: 25.4.0\nTarget-Version:\nImplemented-Version:\n"
        )
    text = "".join(f"## {name}\n\nText.\n\n" for name in sections)
    return f"---\n{front}---\n\n# {title}\n\n{body}{text}"


def repo(make_repo, rows: str = ROWS, **files):
    tree = {
        "README.md": registry_readme(rows),
        "proposals/BEP-0000-template.md": NEW_TEMPLATE,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata"),
        "proposals/BEP-1001-app-injection.md": doc(
            "App Injection", front="Author: Joongi Kim\nStatus: Accepted\nCreated: 2025-03-05\n"
            "Created-Version:\nTarget-Version: 25.9.0\nImplemented-Version:\n"
        ),
        "proposals/BEP-1002-agent-architecture.md": doc(
            "BEP-1002: Agent Architecture",
            front="# Status: Draft | Accepted | Implemented | Rejected | Superseded\n"
            "Author: 김현수, HyeokJin Kim\nStatus: Implemented  # was Accepted\nCreated: 2025-03-10\n"
            "Created-Version:\nTarget-Version: 25.6.0\nImplemented-Version: 25.6.2\n",
            sections=("1. Related Issues", "2. Motivation", "3. Migration/Compatibility", "4. References"),
            body="```bash\n# Motivation\n## References\n```\n\n<!--\n## Hidden\n-->\n\n",
        ),
        "proposals/BEP-1012-RBAC.md": doc(
            "RBAC",
            front="Author: Sanghun Lee\nStatus: Superseded\nCreated:\nCreated-Version:\nTarget-Version:\n"
            "Implemented-Version:\nSuperseded-By: BEP-1067\n",
        ),
        "proposals/BEP-1002/diagram.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        "proposals/BEP-1002/BEP-1002-agent-architecture.md": "# Sub-document\n",
        "proposals/BEP-1012-RBAC/schema.graphql": "# a comment\ntype Role { name: String }\n",
        "proposals/BEP-1012-RBAC/check.py": "# comment\nprint(1)\n",
        "proposals/BEP-1012-RBAC/kr/BEP-1012-RBAC.md": "# 번역\n",
        "proposals/README.md": "# Proposals\n\n## Motivation\n",
        "proposals/AGENTS.md": "# Agents\n",
    }
    tree.update(files)
    root = make_repo(tree)
    if not (root / "drafts").exists():
        (root / "drafts").symlink_to("proposals")
    return root


def found(findings, path=None, rule=None):
    return [
        (f["rule"], f["line"])
        for f in findings
        if (path is None or f["path"] == path) and (rule is None or f["rule"] == rule)
    ]


def check(bep_json, root, *paths, only="proposals"):
    code, findings = bep_json("--only", only, "--root", str(root), *[str(p) for p in paths])
    return code, findings


WORDY_TEMPLATE = """---
# Author: Full name and email of the proposal author
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
---

# Title

The below sections are just examples. Feel free to reorganize them.

## Related Issues

- JIRA: BA-XXXX
- GitHub: #XXXX

## Motivation

Why is this change needed? What problem does it solve?

Example:
> ```python
> # Only 4 fields are handled, others are ignored
> ```

## References
"""


def wordy_repo(make_repo, body: str, front: str = ""):
    document = (
        "---\n# Author: Full name and email of the proposal author\nAuthor: Kim\nStatus: Draft\n"
        f"Created: 2025-03-04\n{front}---\n\n# Accelerator Metadata\n\n{body}"
    )
    return make_repo(
        {
            "README.md": registry_readme("| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Kim | Draft |\n"),
            "proposals/BEP-0000-template.md": WORDY_TEMPLATE,
            "proposals/BEP-1000-accelerator-metadata.md": document,
        }
    )
