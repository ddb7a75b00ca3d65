"""The conformance tests a user runs: `pytest conformance` (or `pytest --pyargs conformance.suite`)."""
