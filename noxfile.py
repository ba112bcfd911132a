"""The support matrix: every Python this machine has, with the lowest and the highest
versions of the libraries that pyproject.toml allows.

    python -m pip install nox && python -m nox          # what .ci/run does
    python -m nox --list                                # the sessions found here

Interpreters are looked for under pyenv ($PYENV_ROOT or ~/.pyenv/versions), on PATH
(python3.X), and nox's own; one that is not there is skipped with a printed line, never
silently.
Sessions:

- tests-3.X-lowest / tests-3.X-highest: the suite without the end-to-end tests (those run
  once, in .ci/run's own environment), on the lowest Python with both library sets, on
  the highest Python with both, on the Pythons between with the highest libraries only;
- below-floor-3.X: a Python under requires-python, where pip must refuse the package.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
BELOW_FLOOR = ("3.9",)

nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True  # we only define sessions we found


def _dependencies():
    """(name, lowest version) of each runtime dependency, read from pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M).group(1)
    pins = re.findall(r'"([A-Za-z0-9_.\-]+)>=([0-9][0-9.]*)', block)
    assert pins, "no 'name>=version' dependencies found in pyproject.toml"
    return pins


def _interpreter(version: str):
    """An absolute path to a working python`version`, or None."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates = sorted(glob.glob(os.path.join(pyenv, "versions", f"{version}.*", "bin", f"python{version}")))
    candidates += [found for found in [shutil.which(f"python{version}")] if found]
    if "%d.%d" % sys.version_info[:2] == version:
        candidates.append(sys.executable)  # the Python nox runs on, whatever its name
    for candidate in candidates:
        try:
            done = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True, text=True, timeout=30,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


FOUND = {version: _interpreter(version) for version in SUPPORTED + BELOW_FLOOR}
for _version, _path in FOUND.items():
    if _path is None:
        print(f"nox: Python {_version} not found on this machine (PATH, pyenv): its sessions are skipped")

PRESENT = [version for version in SUPPORTED if FOUND[version]]


def _matrix():
    """(python, libraries) pairs: both library sets at the ends, the highest between."""
    pairs = []
    for index, version in enumerate(PRESENT):
        ends = index in (0, len(PRESENT) - 1)
        for libraries in ("lowest", "highest") if ends else ("highest",):
            pairs.append((version, libraries))
    return pairs


def _install(session: nox.Session, libraries: str) -> None:
    if libraries == "lowest":
        pins = [f"{name}=={version}" for name, version in _dependencies()]
        session.install(".[test]", *pins)
    else:
        session.install("--upgrade", ".[test]", *[name for name, _ in _dependencies()])
    session.run("python", "-m", "pip", "list", "--format=freeze", silent=False)


for _version, _libraries in _matrix():

    def _tests(session: nox.Session, _libraries: str = _libraries) -> None:
        _install(session, _libraries)
        session.run(
            "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *session.posargs,
        )  # fmt: skip

    nox.session(name=f"tests-{_version}-{_libraries}", python=FOUND[_version], venv_backend="venv")(_tests)


for _version in BELOW_FLOOR:
    if not FOUND[_version]:
        continue

    def _below_floor(session: nox.Session) -> None:
        """pip refuses the package on a Python below requires-python, saying why."""
        output = session.run("python", "-m", "pip", "install", "--no-deps", ".", success_codes=[1], silent=True)
        if "requires a different Python" not in (output or ""):
            session.error(f"pip did not refuse the package as expected:\n{output}")
        print("pip refused the package, as requires-python says")

    nox.session(name=f"below-floor-{_version}", python=FOUND[_version], venv_backend="venv")(_below_floor)
