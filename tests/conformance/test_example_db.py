"""conformance.example_db: which Hypothesis database `--example-db` names, beside the run's local one; a spec
that cannot be used is one line (the run itself is tests/integration/test_example_db_run.py)."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest
from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    GitHubArtifactDatabase,
    InMemoryExampleDatabase,
    MultiplexedDatabase,
    ReadOnlyDatabase,
)

from conformance.example_db import ExampleDbError, beside, shared_database


def test_a_directory_is_kept_beside_the_local_database(tmp_path: Path) -> None:
    local = InMemoryExampleDatabase()
    found = beside(local, str(tmp_path / "shared"))
    assert isinstance(found, MultiplexedDatabase)
    found.save(b"key", b"choices")
    assert list(local.fetch(b"key")) == [b"choices"]
    assert list(DirectoryBasedExampleDatabase(tmp_path / "shared").fetch(b"key")) == [b"choices"]


def test_a_github_artifact_is_read_only_and_names_its_artifact() -> None:
    found = shared_database("github:octo/fleet@nightly-db")  # nothing is fetched until it is read
    assert isinstance(found, ReadOnlyDatabase)
    inner = found._wrapped
    assert isinstance(inner, GitHubArtifactDatabase)
    assert (inner.owner, inner.repo, inner.artifact_name) == ("octo", "fleet", "nightly-db")


NO_REDIS = pytest.mark.skipif(find_spec("redis") is not None, reason="redis is installed here (not in the lock)")


@pytest.mark.parametrize(("spec", "needle"), [
    ("github:octo", "github:OWNER/REPO"),
    pytest.param("redis://127.0.0.1:6379", "hypothesis[redis]", marks=NO_REDIS)])
def test_a_spec_that_cannot_be_used_says_why(spec: str, needle: str) -> None:
    with pytest.raises(ExampleDbError, match=needle.replace("[", r"\[")):
        shared_database(spec)


def test_a_file_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "db").write_text("", encoding="utf-8")
    with pytest.raises(ExampleDbError, match="a file, not a directory"):
        shared_database(str(tmp_path / "db"))
