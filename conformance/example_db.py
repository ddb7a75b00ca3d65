"""`--example-db SPEC`: a Hypothesis example database the runs of several machines share (issue #24).

Hypothesis saves every failing example it shrank and replays the saved ones first on the next run. A shared
database makes a failure one shard found the first thing every shard replays next time. SPEC is one of
Hypothesis's own databases, kept beside the run's local one (`MultiplexedDatabase`: saved to both, read from both):

- a directory path: `DirectoryBasedExampleDatabase` (a CI cache or a shared volume);
- `github:OWNER/REPO[@ARTIFACT]`: `GitHubArtifactDatabase`, read only (`ReadOnlyDatabase`), the artifact a CI
  job uploaded (default name `hypothesis-example-db`);
- `redis://HOST:PORT[/DB]`: `RedisExampleDatabase`, with `hypothesis[redis]` installed.

The database holds Hypothesis's choice sequences, never the run's credentials (they are not drawn) nor a
user's UserData (the suite draws its own). The `ci` profile keeps no database: it draws the same examples on every
run, which is what a baseline is compared with.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    ExampleDatabase,
    GitHubArtifactDatabase,
    MultiplexedDatabase,
    ReadOnlyDatabase,
)

DEFAULT_ARTIFACT = "hypothesis-example-db"


class ExampleDbError(Exception):
    """A database that cannot be used: its one-line reason."""


def shared_database(spec: str) -> ExampleDatabase:
    """The database SPEC names (see the module docstring)."""
    if spec.startswith(("redis://", "rediss://")):
        return _redis(spec)
    if spec.startswith("github:"):
        return _github(spec.removeprefix("github:"))
    path = Path(spec)
    if path.exists() and not path.is_dir():
        raise ExampleDbError(f"{spec} is a file, not a directory")
    return DirectoryBasedExampleDatabase(path)


def beside(local: ExampleDatabase | None, spec: str) -> ExampleDatabase:
    """The shared database SPEC names, kept beside the run's local one."""
    shared = shared_database(spec)
    return shared if local is None else MultiplexedDatabase(local, shared)


def _github(where: str) -> ExampleDatabase:
    owner, _, rest = where.partition("/")
    repo, _, artifact = rest.partition("@")
    if not owner or not repo or "/" in repo:
        raise ExampleDbError("a GitHub artifact is github:OWNER/REPO or github:OWNER/REPO@ARTIFACT")
    return ReadOnlyDatabase(GitHubArtifactDatabase(owner, repo, artifact_name=artifact or DEFAULT_ARTIFACT))


def _redis(url: str) -> ExampleDatabase:
    try:
        import redis  # type: ignore[import-not-found]
        from hypothesis.extra.redis import RedisExampleDatabase
    except ImportError:
        raise ExampleDbError("a Redis database needs hypothesis[redis]: pip install 'hypothesis[redis]'") from None
    database: ExampleDatabase = RedisExampleDatabase(redis.Redis.from_url(url))
    return database
