"""Hypothesis strategies for RunInstances requests, built from botocore's EC2 model and the documented rules.

Public entry points, each in its module (import them from there):

- `strategies.valid.valid_requests(world, ...)`: valid RunInstances cases, by construction
  (`strategies.valid.from_operation` for any operation).
- `strategies.mutations.mutations(world, ...)`: invalid cases, each breaking exactly one named rule;
  `wire_mutations` for the ones only a raw Query request can carry.
- `strategies.boundaries.boundary_examples(world)`: every ranged member at its edges.
- Leaves: `strategies.case` (Case, Mutation, WireEdit), `strategies.world` (World), `strategies.model`
  (botocore's model), `strategies.limits` (the documented numbers), `strategies.wire`, `strategies.wire_names`.

This package imports nothing from `conformance` or `reports` (tests/integration/test_imports.py checks it).
"""
