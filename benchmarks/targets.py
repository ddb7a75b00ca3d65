"""Median time of RunInstances(MinCount=1, MaxCount=1) + reset, per target.

    python benchmarks/targets.py [--rounds 50] [moto moto-server ministack endpoint-moto]

`endpoint-moto` starts a moto server and uses the `endpoint` target against it (reset through
`/moto-api/reset`, a seed and the world re-created). ministack is installed on first use.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.targets import Target, get_target
from conformance.targets.net import free_port
from strategies.case import Case

DEFAULT_TARGETS = ("moto", "moto-server", "ministack", "endpoint-moto")


@contextmanager
def open_target(name: str) -> Iterator[Target]:
    if name != "endpoint-moto":
        with get_target(name) as target:
            yield target
        return
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        with get_target("endpoint", endpoint_url=f"http://127.0.0.1:{port}") as target:
            yield target
    finally:
        server.stop()


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(name: str, rounds: int) -> str:
    started = time.perf_counter()
    with open_target(name) as target:
        start_s = time.perf_counter() - started
        world = target.world()
        case = Case(
            {
                "ImageId": world.images[0].image_id,
                "MinCount": 1,
                "MaxCount": 1,
                "InstanceType": world.instance_types[0],
                "SubnetId": world.subnets[0].subnet_id,
            }
        )
        target.send(case)
        target.reset()
        run = median_ms(lambda: target.send(case), rounds)
        reset = median_ms(target.reset, rounds)
        both = median_ms(lambda: (target.send(case), target.reset()), rounds)
    return (
        f"{name:<14} start {start_s:5.1f} s   RunInstances {run:6.2f} ms   reset {reset:6.2f} ms   "
        f"RunInstances+reset {both:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", default=list(DEFAULT_TARGETS))
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    for name in args.targets:
        print(measure(name, args.rounds), flush=True)


if __name__ == "__main__":
    main()
