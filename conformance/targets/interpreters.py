"""The Python interpreter a tool's virtual environment is made from, when the tool needs another Python than the
suite's own: found on PATH (`python3.13`) or in pyenv (`pyenv root`/versions/3.13.*), never downloaded.

Each candidate is run once and kept only if it says it is that version: a pyenv shim on PATH exists for every
version pyenv has but fails (exit 127) unless that version is selected."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

PROBE = "import sys; print('%d.%d' % sys.version_info[:2])"
PROBE_TIMEOUT = 20.0


def running_version() -> str:
    """The suite's own Python as "3.11"."""
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def pyenv_root(search_path: str | None = None) -> Path | None:
    """$PYENV_ROOT, else what `pyenv root` prints (pyenv on PATH), else ~/.pyenv if it exists."""
    if root := os.environ.get("PYENV_ROOT"):
        return Path(root)
    if pyenv := shutil.which("pyenv", path=search_path):
        done = _run([pyenv, "root"])
        if done is not None and done.returncode == 0 and done.stdout.strip():
            return Path(done.stdout.strip())
    home = Path(os.path.expanduser("~")) / ".pyenv"
    return home if home.is_dir() else None


def candidates(version: str, search_path: str | None = None, root: Path | None = None) -> list[Path]:
    """Every `python{version}` on PATH in PATH order, then pyenv's versions/{version}.* newest first."""
    name = f"python{version}"
    directories = (os.environ.get("PATH", "") if search_path is None else search_path).split(os.pathsep)
    found = [Path(d) / name for d in directories if d and os.access(Path(d) / name, os.X_OK)]
    if root is not None:
        release = re.compile(rf"{re.escape(version)}(\.\d+)?")  # 3.13, 3.13.2; not 3.13-dev, 3.13.0t
        installs = [p for p in (root / "versions").glob(f"{version}*") if release.fullmatch(p.name)]
        for install in sorted(installs, key=lambda p: [int(part) for part in p.name.split(".")], reverse=True):
            if os.access(install / "bin" / name, os.X_OK):
                found.append(install / "bin" / name)
    return list(dict.fromkeys(found))


def reports(interpreter: Path, version: str) -> bool:
    """The interpreter runs and says it is Python `version`."""
    done = _run([str(interpreter), "-c", PROBE])
    return done is not None and done.returncode == 0 and done.stdout.strip() == version


def find_python(version: str, *, search_path: str | None = None, root: Path | None = None) -> Path | None:
    """The suite's own interpreter if it is `version`, else the first candidate that runs as `version`, else None."""
    if version == running_version():
        return Path(sys.executable)
    root = root if root is not None else pyenv_root(search_path)
    return next((c for c in candidates(version, search_path, root) if reports(c, version)), None)


def missing_message(who: str, version: str, search_path: str | None = None, root: Path | None = None) -> str:
    """One line: what needs which Python, where it was looked for, how to get one."""
    where = f"in pyenv ({root / 'versions' / version}.*)" if root is not None else "in pyenv (not installed)"
    return (f"{who} needs Python {version}: none found on PATH (python{version}) or {where}; install one "
            f"(`pyenv install {version}`, or your system's python{version} package)")


def _run(argv: list[str]) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=PROBE_TIMEOUT, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
