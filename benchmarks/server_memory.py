"""A moto server's memory over a conformance run: RSS of the server's pid at start, every few seconds, and at the end.

    .venv/bin/python benchmarks/server_memory.py [--profile thorough] [-k SELECTION] [-n WORKERS]

Starts `python -m moto.server` on 127.0.0.1 and a free port, runs the suite against it with `--target=endpoint`
(recording every divergence into a throw-away baseline, so nothing fails on one), and stops the server by its pid.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.targets.net import answers, free_port, wait_until

REPO = Path(__file__).resolve().parent.parent
SAMPLE_EVERY_S = 5.0


def rss_mb(pid: int) -> float:
    """The resident set size of process `pid` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def sample(pid: int, into: list[float], done: threading.Event) -> None:
    while not done.wait(SAMPLE_EVERY_S):
        into.append(rss_mb(pid))


def run(profile: str, selection: str | None, workers: str) -> str:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url), timeout=60.0, what="moto server", still_running=lambda: server.poll() is None)
        start = rss_mb(server.pid)
        samples: list[float] = []
        done = threading.Event()
        threading.Thread(target=sample, args=(server.pid, samples, done), daemon=True).start()
        with tempfile.TemporaryDirectory() as scratch:
            command = [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
                       "--target=endpoint", f"--endpoint-url={url}", f"--hypothesis-profile={profile}",
                       "--update-baseline", f"--baseline={scratch}/baseline.json", "-n", workers,
                       f"--conformance-report={scratch}/report", "--conformance-progress=off",
                       *(["-k", selection] if selection else [])]
            began = time.monotonic()
            finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
            wall = time.monotonic() - began
            done.set()
            end = rss_mb(server.pid)
            results = Path(scratch, "report", "results.json")
            examples = json.loads(results.read_text(encoding="utf-8"))["run"]["examples"] if results.exists() else 0
            tail = finished.stdout.splitlines()[-1:]
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    peak = max([start, end, *samples])
    minute = samples[min(len(samples), int(60 / SAMPLE_EVERY_S)) - 1] if samples else end
    half = samples[len(samples) // 2] if samples else end
    return (f"profile {profile}, -k {selection or '(all)'}, -n {workers}: exit {finished.returncode}, "
            f"{examples} examples, {wall:.0f} s wall; server RSS {start:.0f} MB at start, {minute:.0f} MB after "
            f"1 min, {half:.0f} MB at half time, {end:.0f} MB at the end, peak {peak:.0f} MB\n"
            + "\n".join(tail))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="thorough")
    parser.add_argument("-k", dest="selection", default=None, help="pytest -k selection (default: the whole suite)")
    parser.add_argument("-n", dest="workers", default="0", help="xdist workers (default 0)")
    args = parser.parse_args()
    print(run(args.profile, args.selection, args.workers))


if __name__ == "__main__":
    main()
