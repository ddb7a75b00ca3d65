"""The oracle (conformance/oracle.py), table-driven: request -> expectation, each row citing its rule (and its
observation); and the weight of a wrong code EC2 itself used elsewhere.

The rule rows live in tests/support/oracle_rows.py; this module adds one row per RunInstances observation of
conformance/evidence/observed_aws_messages.json (the real AWS answers), tests/support/oracle_real_rows.py one per
observation of conformance/evidence/real_runinstances_observations.json, and both keep a short table of the
observations no request can reproduce (a skip naming the fact). A row whose oracle does not accept the
observed answer carries a `disagreement` explanation; the test checks it is still a disagreement and reports
it as an expected failure (xfail) instead of passing silently.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.evidence import MINED_FILE, observation, observations
from conformance.findings import UNDETERMINED as UNDETERMINED_TAG
from conformance.findings import Divergence, Expect, Severity
from conformance.oracle import (
    GENERIC_PARAMETER_CODES,
    Expectation,
    acceptable_codes,
    broken_rules,
    code_severity,
    expect,
    expect_of,
    indeterminate,
    unsettled_paths,
)
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES, Confidence, Kind
from conformance.rules.core import Launch
from conformance.verdict import judge
from strategies.case import Case
from strategies.world import example_world
from tests.support.oracle_real_rows import REAL_ROWS, REAL_SKIPPED
from tests.support.oracle_rows import (
    BIG_IMAGE,
    COMBINATION,
    ERROR,
    IMAGE,
    ROOT,
    RULE_ROWS,
    SG,
    SUBNET,
    UNDETERMINED,
    Row,
    disks,
    dry,
    err,
    eth0,
    exact,
    nics,
    ok,
    req,
    tagged,
    tags,
    vol,
    wire,
)
from tests.support.world_variants import ARM_IMAGE, FOREIGN_SUBNET, NO_DEFAULT_VPC, TWO_VPCS, WITH_ARM_IMAGE


def seen(obs: str, code: str | None, status: int | None = None, disagreement: str = "") -> dict[str, Any]:
    """The observation fields of a row."""
    return {"obs": obs, "observed": code, "observed_status": status, "disagreement": disagreement}


OBSERVATION_ROWS: tuple[Row, ...] = (
    exact("obs-dry-run-ri", "R-DRY-1",
          nics(eth0(AssociatePublicIpAddress=True), DryRun=True, UserData="#!/bin/sh\necho hi",
               IamInstanceProfile={"Arn": "arn:aws:iam::123456789012:instance-profile/conformance"},
               Placement={"AvailabilityZone": SUBNET.availability_zone}),
          "DryRunOperation", 412, **seen("OBS-DRYRUN-RI", "DryRunOperation")),
    exact("obs-dry-run-412-ri", "R-DRY-1", dry(), "DryRunOperation", 412,
          **seen("OBS-DRYRUN-412-RI", "DryRunOperation", 412)),
    exact("obs-dry-run-validates-vpc", "R-NET-1", dry(SubnetId=None, SecurityGroups=[SG.group_name]),
          "VPCIdNotSpecified|DefaultVpcDoesNotExist", world=NO_DEFAULT_VPC,
          **seen("OBS-DRYRUN-VALIDATES-VPC", "VPCIdNotSpecified", 400)),
    exact("obs-dry-run-validates-tagspec", "R-TAG-3",
          dry(TagSpecifications=[tagged(("a", "1")), tagged(("b", "2"))]), "InvalidParameterValue",
          **seen("OBS-DRYRUN-VALIDATES-TAGSPEC", "InvalidParameterValue")),
    exact("obs-dry-run-validates-tagspec-control", "R-DRY-1", dry(TagSpecifications=[tagged(("a", "1"))]),
          "DryRunOperation", 412, **seen("OBS-DRYRUN-VALIDATES-TAGSPEC", "DryRunOperation")),
    exact("obs-ni-sg", "R-NET-3", nics(eth0(), SecurityGroupIds=[SG.group_id]), COMBINATION,
          **seen("OBS-NI-SG", "InvalidParameterCombination", 400)),
    exact("obs-ni-sg-names", "R-NET-3", nics(eth0(), SecurityGroups=[SG.group_name]), COMBINATION,
          **seen("OBS-NI-SG", "InvalidParameterCombination", 400)),
    exact("obs-ni-subnet", "R-NET-2", nics(eth0(), SubnetId=SUBNET.subnet_id), COMBINATION,
          **seen("OBS-NI-SUBNET", "InvalidParameterCombination", 400)),
    exact("obs-ni-privip", "R-NET-4", nics(eth0(), PrivateIpAddress="10.0.0.10"), COMBINATION,
          **seen("OBS-NI-PRIVIP", "InvalidParameterCombination", 400)),
    exact("obs-assoc-pubip-multi", "R-NIC-2",
          nics(eth0(AssociatePublicIpAddress=True), {"DeviceIndex": 1, "SubnetId": SUBNET.subnet_id}),
          COMBINATION, **seen("OBS-ASSOC-PUBIP-MULTI", "InvalidParameterCombination", 400)),
    exact("obs-groupname-subnet", "R-NET-11", req(SubnetId=FOREIGN_SUBNET.subnet_id, SecurityGroups=[SG.group_name]),
          COMBINATION, world=TWO_VPCS, **seen("OBS-GROUPNAME-SUBNET", "InvalidParameterCombination", 400)),
    exact("obs-vpcres", "R-NET-1", req(SubnetId=None), "VPCIdNotSpecified|DefaultVpcDoesNotExist",
          world=NO_DEFAULT_VPC, **seen(
              "OBS-VPCRES", "VPCResourceNotSpecified", 400,
              "EC2-Classic era (2016): the account had no default VPC because it was on EC2-Classic, retired "
              "in 2022. Today the same request (no subnet, no default VPC) answers VPCIdNotSpecified "
              "(OBS-NODEFAULTVPC 2021, OBS-DRYRUN-VALIDATES-VPC 2025), the codes the catalogue's R-NET-1 "
              "names; the oracle keeps them rather than widen R-NET-1 to a retired platform's code")),
    exact("obs-no-default-vpc", "R-NET-1", req(SubnetId=None), "VPCIdNotSpecified|DefaultVpcDoesNotExist",
          world=NO_DEFAULT_VPC, **seen("OBS-NODEFAULTVPC", "VPCIdNotSpecified", 400)),
    err("obs-user-data-b64", "R-UD-1", req(UserData="echo hi"), "InvalidParameterValue",
        wire=wire(("UserData", "#!/bin/sh echo hi")), **seen("OBS-USERDATA-B64", "InvalidParameterValue", 400)),
    exact("obs-user-data-size", "R-UD-2", req(UserData="x" * 16_385), "InvalidParameterValue", **seen(
        "OBS-USERDATA-SIZE", "InvalidUserData.Malformed", 400,
        "the recording (public documents, 2026) names no operation; InvalidUserData.Malformed is the "
        "launch-template API's answer (CreateLaunchTemplateVersion, 2024), while RunInstances answered "
        "InvalidParameterValue (ri-userdata-over-16k 2021, and 2018-2024 threads). R-UD-2 keeps the code as "
        "'elsewhere': a target answering it diverges, but only in a minor way")),
    err("obs-max-count-0", "R-COUNT-2", req(MaxCount=0), "InvalidParameterValue",
        **seen("OBS-MAXCOUNT-0", "InvalidParameterValue", 400)),
    ok("obs-insttype", "R-ITYPE-1", req(InstanceType="t3.nano"), **seen(
        "OBS-INSTTYPE", "InvalidParameterValue", 400,
        "behaviour changed over time: recorded 2018-06-24, before the t3 family launched (2018-08-21). t3.nano "
        "is in today's model, so R-ITYPE-1 does not fire; the same code for an unknown type is row "
        "instance-type-unknown")),
    exact("obs-arch", "R-AMI-7", req(ImageId=ARM_IMAGE.image_id, InstanceType="t3.micro"),
          "InvalidParameterValue|InvalidParameterCombination|UnsupportedOperation", world=WITH_ARM_IMAGE,
          **seen("OBS-ARCH", "InvalidParameterValue", 400)),
    ok("obs-virt", "R-AMI-7", req(InstanceType="t2.micro"), **seen(
        "OBS-VIRT", "InvalidParameterCombination", 400,
        "the World records no virtualisation type per image (R-AMI-7's reason: 'virtualisation is not "
        "recorded in the world'), so a paravirtual AMI cannot be named; R-AMI-7 accepts the code when it fires "
        "(row obs-arch)")),
    exact("obs-ami-not-found", "R-AMI-3", req(ImageId="ami-abcd1234"), "InvalidAMIID.NotFound",
          **seen("OBS-AMI-NOTFOUND", "InvalidAMIID.NotFound", 400)),
    exact("obs-image-id-missing", "R-AMI-1", req(ImageId=None), "MissingParameter",
          **seen("OBS-IMAGEID-MISSING", "MissingParameter")),
    exact("obs-bdm-snapsize", "R-BDM-2", disks(vol(ROOT, VolumeSize=15), ImageId=BIG_IMAGE.image_id),
          "InvalidBlockDeviceMapping", **seen("OBS-BDM-SNAPSIZE", "InvalidBlockDeviceMapping", 400)),
    exact("obs-bdm-nosize", "R-BDM-1", disks(vol("/dev/sda1", VolumeType="gp2")),
          "InvalidBlockDeviceMapping|MissingParameter",
          **seen("OBS-BDM-NOSIZE", "InvalidBlockDeviceMapping")),
    exact("obs-bdm-dupdev", "R-BDM-18", disks(vol("/dev/xvdf", VolumeSize=1), vol("/dev/xvdf", VolumeSize=2)),
          "InvalidBlockDeviceMapping", **seen("OBS-BDM-DUPDEV", "InvalidBlockDeviceMapping")),
    exact("obs-iops-gp2", "R-BDM-6", disks(vol(VolumeType="gp2", VolumeSize=10, Iops=300)), COMBINATION,
          **seen("OBS-IOPS-GP2", "InvalidParameterCombination", 400)),
    exact("obs-iops-st1", "R-BDM-10", disks(vol(ROOT, VolumeType="st1", VolumeSize=500)),
          "BootForVolumeTypeUnsupported|InvalidParameterCombination",
          **seen("OBS-IOPS-ST1", "InvalidParameterCombination")),
    err("obs-iops-io1", "R-BDM-4", disks(vol(VolumeType="io1", VolumeSize=100)), "InvalidParameterCombination",
        **seen("OBS-IOPS-IO1", None)),  # code not captured: any error agrees
    err("obs-throughput", "R-BDM-8", disks(vol(VolumeType="io1", VolumeSize=100, Iops=1_000, Throughput=125)),
        COMBINATION, **seen("OBS-THROUGHPUT", "InvalidParameterCombination")),
    exact("obs-tag-aws", "R-TAG-6", tags(tagged(("aws:createdBy", "me"))),
          "InvalidParameterValue|InvalidTagKey.Malformed", **seen("OBS-TAG-AWS", "InvalidParameterValue")),
    exact("obs-tag-aws-sdk-prefix", "R-TAG-6", tags(tagged(("aws:createdBy", "me"))),
          "InvalidParameterValue|InvalidTagKey.Malformed", **seen("OBS-TAG-AWS", "Client.InvalidTagKey.Malformed")),
    ok("obs-tag-restype", "R-TAG-1", tags(tagged(("a", "b"), resource_type="network-interface")), **seen(
        "OBS-TAG-RESTYPE", "InvalidParameterValue", None,
        "behaviour changed over time: recorded 2017, when network interfaces could not be tagged at launch; "
        "[BC] now lists network interfaces among the taggable resources (R-TAG-1), so the oracle expects a "
        "launch. A type that is still not taggable is row obs-tag-restype-today")),
    exact("obs-tag-restype-today", "R-TAG-1", tags(tagged(("a", "b"), resource_type="image")),
          "InvalidParameterValue", **seen("OBS-TAG-RESTYPE", "InvalidParameterValue")),
    exact("obs-tag-restype-empty", "R-TAG-2", tags(tagged(("a", "b"), resource_type=None)), "InvalidParameterValue",
          **seen("OBS-TAG-RESTYPE-EMPTY", "InvalidParameterValue", 400)),
    exact("obs-tag-dupkey", "R-TAG-8", tags(tagged(("keep", "1"), ("keep", "2"))), "InvalidParameterValue",
          **seen("OBS-TAG-DUPKEY", "InvalidParameterValue")),
    exact("obs-tag-dupkey-client-prefix", "R-TAG-8", tags(tagged(("keep", "1"), ("keep", "2"))),
          "InvalidParameterValue", **seen("OBS-TAG-DUPKEY", "Client.InvalidParameterValue")),
    exact("obs-tag-keylen", "R-TAG-4", tags(tagged(("k" * 129, "v"))), "InvalidParameterValue",
          **seen("OBS-TAG-KEYLEN", "InvalidParameterValue")),
    exact("obs-tag-imds", "R-TAG-10",
          tags(tagged(("Patch Group", "v")), MetadataOptions={"InstanceMetadataTags": "enabled"}),
          "InvalidParameterValue", **seen("OBS-TAG-IMDS", "InvalidParameterValue")),
    exact("obs-credit-nont", "R-CREDIT-3",
          req(InstanceType="m5.large", CreditSpecification={"CpuCredits": "standard"}),
          "InstanceCreditSpecification.NotSupported",
          **seen("OBS-CREDIT-NONT", "InstanceCreditSpecification.NotSupported")),
    exact("obs-dry-run-client-prefix", "R-DRY-1", dry(), "DryRunOperation", 412,
          **seen("OBS-DRYRUN-412-RI", "Client.DryRunOperation", 412)),
)

# RunInstances observations (and entries about other actions) that no request can reproduce.
SKIPPED: dict[str, str] = {
    "OBS-DRYRUN-OK": "other action: DescribeInstances (its 412 envelope is RunInstances' too: OBS-DRYRUN-412-RI)",
    "OBS-UNAUTH-RAW": "other action: DescribeInstanceCreditSpecifications",
    "OBS-USERDATA-B64-LT": "other action: CreateLaunchTemplate (RunInstances' answer is OBS-USERDATA-B64)",
    "OBS-ERR-SHAPE-400": "other action: TerminateInstances (error envelope only)",
    "OBS-DRYRUN-CONDKEYS": "IAM/SCP: an SCP condition denied the call (R-DRY-4, undecidable)",
    "OBS-UNAUTH": "IAM: the caller lacked permission (R-DRY-2, undecidable)",
    "OBS-AUTHFAIL-AMI": "launch permission of another account's AMI (R-AMI-5, undecidable)",
    "OBS-IDEMP-MISMATCH": "a sequence of two requests (R-IDEM-3, stateful test)",
    "OBS-IDEMP-TERMINATED": "a sequence of requests with a terminated instance between (R-IDEM-6, stateful test)",
    "OBS-IP-INUSE": "a sequence of two launches at one address (R-NET-20, stateful test)",
}
ALL_ROWS: tuple[Row, ...] = (*RULE_ROWS, *OBSERVATION_ROWS, *REAL_ROWS)
ALL_SKIPPED: dict[str, str] = {**SKIPPED, **REAL_SKIPPED}


def expectation(row: Row) -> Expectation:
    return expect(Case(row.params, mutation=row.mutation, wire_edits=row.wire), row.world)


def named_codes(exp: Expectation) -> frozenset[str]:
    """The codes the expectation's rules name (for UNDETERMINED: what EC2 answers if it rejects)."""
    return frozenset(c for r in exp.rules for c in r.accepted_codes)


def accepts(exp: Expectation, code: str | None, status: int | None) -> bool:
    """The expectation agrees with a recorded AWS error answer (code as recorded, `Client.` allowed)."""
    normalized = Outcome(OutcomeKind.ERROR, status=status, code=code).normalized_code
    if exp.kind is Expect.SUCCESS:
        return False
    if exp.kind is Expect.UNDETERMINED:
        return normalized is None or normalized in named_codes(exp)
    status_ok = status is None or status in exp.statuses
    return status_ok and (normalized is None or normalized in exp.codes)


def check_row(row: Row) -> Expectation:
    exp = expectation(row)
    assert exp.kind is row.kind, f"{row.rule}: {exp.describe()}"
    if row.kind is ERROR:
        # R-DRY-3 acts through the broken rule's own `dry_run` (the row's `broken` names that rule)
        assert row.rule in exp.rule_ids or row.rule == "R-DRY-3", f"{row.rule} not named: {exp.describe()}"
        assert row.codes <= exp.codes, f"{sorted(row.codes - exp.codes)} not acceptable: {exp.describe()}"
        assert row.status is not None and row.status in exp.statuses, exp.describe()
        assert not row.absent & exp.codes, f"{sorted(row.absent & exp.codes)} must not be acceptable"
        if row.exact:
            # Where a broken rule's code is undocumented (INFERRED), the oracle also accepts the generic
            # invalid-parameter codes of [ERR]; the row lists the codes the catalogue suggests.
            inferred = any(r.confidence is Confidence.INFERRED for r in exp.rules)
            expected = row.codes | GENERIC_PARAMETER_CODES if inferred else row.codes
            assert exp.codes == expected and exp.statuses == {row.status}, exp.describe()
    if row.kind is Expect.SUCCESS:
        assert row.posts <= set(exp.rule_ids), f"post-conditions missing: {sorted(row.posts - set(exp.rule_ids))}"
        assert all(r.postcondition is not None for r in exp.rules)
    if row.kind is UNDETERMINED:
        if row.member:
            assert not exp.rules and row.member in exp.reason, exp.reason
        else:
            assert row.rule in exp.rule_ids, exp.describe()
    assert row.broken <= set(exp.rule_ids), f"{sorted(row.broken - set(exp.rule_ids))} not named"
    return exp


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: f"{r.rule}:{r.name}")
def test_row(row: Row) -> None:
    assert row.rule in RULES, f"row cites unknown rule {row.rule}"
    exp = check_row(row)
    if not row.obs:
        return
    agreed = exp.kind is Expect.SUCCESS if row.observed_success else accepts(exp, row.observed, row.observed_status)
    if row.disagreement:
        assert not agreed, f"{row.obs}: the oracle now accepts the observed answer; drop the disagreement"
        pytest.xfail(f"{row.obs} disagrees with the oracle ({exp.describe()}): {row.disagreement}")
    assert agreed, f"{row.obs}: observed {row.observed} (HTTP {row.observed_status}); oracle: {exp.describe()}"


def test_table_size_and_citations() -> None:
    assert len(ALL_ROWS) >= 100
    names = [r.name for r in ALL_ROWS]
    assert len(names) == len(set(names)), "row names must be unique"
    kinds = {r.kind for r in ALL_ROWS}
    assert kinds == set(Expect)


def test_every_observation_of_both_recordings_is_in_the_table() -> None:
    """The hand-written rows cover the two hand-collected recordings; the mined one is judged by `calibrate`
    (tests/conformance/test_calibrate.py)."""
    ids = {i for i, o in observations().items() if o.file != MINED_FILE}
    rows = {r.obs for r in ALL_ROWS if r.obs}
    assert not rows & set(ALL_SKIPPED), f"both a row and a skip: {sorted(rows & set(ALL_SKIPPED))}"
    assert rows | set(ALL_SKIPPED) <= ids, f"unknown observation ids: {sorted((rows | set(ALL_SKIPPED)) - ids)}"
    missing = sorted(ids - rows - set(ALL_SKIPPED))
    assert not missing, f"observations neither in the table nor skipped: {missing}"
    runinstances = {i for i, o in observations().items() if "RunInstances" in o.operation}
    wrongly_other = sorted(i for i in runinstances if ALL_SKIPPED.get(i, "").startswith("other action"))
    assert not wrongly_other, f"RunInstances observations skipped as another action: {wrongly_other}"
    assert all(reason for reason in ALL_SKIPPED.values())


@pytest.mark.parametrize("obs_id", sorted(ALL_SKIPPED))
def test_skipped_observation(obs_id: str) -> None:
    """An observation no request can reproduce: a skip that names the fact behind the answer."""
    assert obs_id in observations()
    pytest.skip(f"{obs_id}: {ALL_SKIPPED[obs_id]}")


@pytest.mark.parametrize("row", [r for r in ALL_ROWS if r.obs], ids=lambda r: r.name)
def test_observation_rows_match_the_recording(row: Row) -> None:
    recorded = observation(row.obs)
    if row.observed_success:
        assert recorded.success and recorded.code is None, f"{row.obs} is not a recorded success"
        return
    code = Outcome(OutcomeKind.ERROR, code=row.observed).normalized_code
    entry = recorded.entry
    variants = " ".join(map(str, entry.get("variants", []))) + str(entry.get("control", ""))
    assert code == recorded.code or (code is not None and code in variants), (code, recorded.code)
    if row.observed_status is not None:
        assert row.observed_status == recorded.status
    if row.disagreement:
        assert row.disagreement.strip(), "a disagreement needs its explanation"


def test_client_prefix_is_stripped_and_never_expected() -> None:
    for row in ALL_ROWS:
        exp = expectation(row)
        assert not any(c.startswith(("Client.", "Server.")) for c in exp.codes), row.name
    dry_run = expectation(next(r for r in ALL_ROWS if r.name == "valid-dry-run"))
    for sent in ("DryRunOperation", "Client.DryRunOperation", "Server.DryRunOperation"):
        assert Outcome(OutcomeKind.ERROR, status=412, code=sent).normalized_code in dry_run.codes
    assert Outcome(OutcomeKind.ERROR, code="Client.Other.DryRunOperation").normalized_code not in dry_run.codes


def test_success_post_conditions_judge_the_reservation() -> None:
    """A SUCCESS carries R-COUNT-4: fewer instances than MinCount is a problem, MinCount of them is not."""
    row = next(r for r in ALL_ROWS if r.name == "several-instances")
    exp = check_row(row)
    count = next(r for r in exp.rules if r.id == "R-COUNT-4")
    assert count.postcondition is not None
    case = Case(row.params)

    def instances(n: int) -> dict[str, Any]:
        return {"Instances": [{"InstanceId": f"i-{k:017x}", "ImageId": IMAGE.image_id, "InstanceType": "t3.micro",
                               "State": {"Name": "pending"}, "SubnetId": SUBNET.subnet_id} for k in range(n)]}

    assert count.postcondition(case, row.world, Launch(instances(1)))
    assert not count.postcondition(case, row.world, Launch(instances(2)))


# --- a wrong code EC2 itself used for the same mistake elsewhere (another operation or period) weighs MINOR: the
# rules hold that knowledge as Evidence and the verdict carries it into the WRONG_CODE finding ---

WORLD = example_world()
OVERSIZED = Case(req(UserData="x" * 16_385))


def _answer(code: str) -> Outcome:
    return Outcome(OutcomeKind.ERROR, status=400, code=code, message="m", request_id="r",
                   raw_body=f"<Response><Errors><Error><Code>{code}</Code><Message>m</Message></Error></Errors>"
                            "<RequestID>r</RequestID></Response>")


def _wrong_code_findings(code: str) -> list[Severity | None]:
    verdict = judge(OVERSIZED, WORLD, expect(OVERSIZED, WORLD), _answer(code))
    return [f.weight for f in verdict.findings if f.kind is Divergence.WRONG_CODE]


def test_a_code_ec2_used_elsewhere_is_minor_and_an_unrelated_one_keeps_its_kind() -> None:
    ud2 = (RULES["R-UD-2"],)
    assert code_severity(ud2, "InvalidUserData.Malformed") is Severity.MINOR
    assert code_severity(ud2, "InvalidParameterCombination") is None
    assert code_severity(ud2, None) is None
    assert _wrong_code_findings("InvalidUserData.Malformed") == [Severity.MINOR]
    assert _wrong_code_findings("InvalidBlockDeviceMapping") == [Severity.MAJOR]


def test_observed_codes_join_the_acceptable_ones_and_elsewhere_codes_do_not() -> None:
    assert "MissingParameter" in acceptable_codes(RULES["R-BDM-1"])  # moto PR 2949, tested against EC2
    assert "InvalidParameterValue" in acceptable_codes(RULES["R-IAM-1"])
    assert "VPCResourceNotSpecified" not in acceptable_codes(RULES["R-NET-1"])
    assert "VPCResourceNotSpecified" in RULES["R-NET-1"].elsewhere_codes
    assert "NoSuchEntity" not in acceptable_codes(RULES["R-IAM-1"])


# --- the oracle's parts: a state's expectation, unsettled members, open rules ---


def test_a_rule_a_state_decides_expects_its_evidence_widened_codes() -> None:
    """expect_of (the state machine's steps): the rule's acceptable codes, as every example breaking it gets."""
    in_use = RULES["R-NET-20"]
    exp = expect_of(in_use)
    assert (exp.kind, exp.rule_ids) == (Expect.ERROR, ("R-NET-20",))
    assert exp.codes == acceptable_codes(in_use) and "InvalidIPAddress.InUse" in exp.codes
    assert in_use.outcome is not None and exp.statuses == {in_use.outcome.status}
    lifecycle = expect_of(RULES["R-PROTO-9"])
    assert (lifecycle.kind, lifecycle.rule_ids, lifecycle.codes) == (Expect.SUCCESS, ("R-PROTO-9",), frozenset())


def test_an_unsettled_member_leaves_a_valid_request_undetermined() -> None:
    case = Case(req(AdditionalInfo="anything"))
    assert unsettled_paths(case) == ("AdditionalInfo",)
    exp = expect(case, WORLD)
    assert exp.kind is Expect.UNDETERMINED and not exp.rules and "AdditionalInfo" in exp.reason
    assert unsettled_paths(Case(req())) == ()


def test_an_invalid_request_is_judged_before_its_unsettled_members() -> None:
    exp = expect(Case(req(AdditionalInfo="anything", MaxCount=0)), WORLD)
    assert (exp.kind, exp.rule_ids) == (Expect.ERROR, ("R-COUNT-2",))


def test_a_valid_request_expects_a_launch_with_every_post_condition() -> None:
    exp = expect(Case(req()), WORLD)
    assert exp.kind is Expect.SUCCESS
    assert set(exp.rule_ids) == {r.id for r in RULES.values() if r.kind is Kind.POSTCONDITION}
    assert broken_rules(Case(req()), WORLD) == ()


def test_an_undecidable_or_undetermined_rule_is_open_everywhere_and_a_decided_one_only_where_it_says() -> None:
    case = Case(req())
    assert indeterminate(RULES["R-DRY-5"], case, WORLD)  # undecidable
    assert not indeterminate(RULES["R-COUNT-2"], case, WORLD)
    tagged = [r for r in RULES.values() if UNDETERMINED_TAG in r.tags]
    assert tagged and all(indeterminate(r, case, WORLD) for r in tagged)
