"""The suite's own tests: one folder per package, one test file per module (tests/<package>/.../test_<module>.py),
end-to-end runs in tests/integration, shared helpers in tests/support."""
