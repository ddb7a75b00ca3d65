"""End-to-end tests: whole conformance runs in a subprocess, the wheel, servers, and checks over the whole codebase."""
