"""Valid requests stay valid on every world variant (no default VPC, two VPCs, IPv4-only, IPv6-only subnets)."""

from __future__ import annotations

import pytest
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.oracle import broken_rules
from strategies.model import input_shape
from strategies.valid import valid_requests
from tests.support.world_variants import VARIANTS, Variant


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_valid_requests_on_each_world_variant(variant: Variant) -> None:
    @settings(max_examples=60)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(valid_requests(variant.world, dry_run=None, settled_only=False))
        report = ParamValidator().validate(dict(case.params), input_shape())
        assert not report.has_errors(), report.generate_report()
        assert broken_rules(case, variant.world) == (), [r.id for r in broken_rules(case, variant.world)]

    check()
