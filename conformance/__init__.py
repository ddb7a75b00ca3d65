"""ec2-conformance: the oracle, the targets and the pytest plugin."""
