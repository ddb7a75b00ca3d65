"""`python -m conformance.readback_table [--results results.json [--check]]`: the read-back table.

For every RunInstances leaf path: the post-condition rules that read its effect back after a launch (and
where: DescribeInstances, DescribeInstanceAttribute, DescribeVolumes, DescribeNetworkInterfaces), or why it
cannot be observed after the launch. With a results document (e.g. a `ci` run's results.json) each row
shows how often the read-back ran there (examples whose launch was read back and that carried the member at
another value than its documented default, strategies.defaults; `coverage.read_back`), and a line
`exercised: A/B ...` counts the observable paths read back at least once (paths in NOT_DRAWN, which no
emulator's world lets a valid request carry, are listed with the reason).
`--check` exits 1 when an observable path outside NOT_DRAWN was never read back at a set value. The last line
is `read-back: X/Y observable member paths`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from conformance.rules import RULES, Kind, Rule
from strategies.model import leaf_paths

# Member paths whose effect no Describe call shows after the launch, with the reason.
NOT_OBSERVABLE: Final[Mapping[str, str]] = {
    "DryRun": "a DryRun request launches nothing",
    "ClientToken": "shown as ClientToken, judged by the idempotency rules (stateful), not a read-back",
    "AdditionalInfo": "reserved: no documented effect",
    "Placement.SpreadDomain": "reserved for future use",
    "ElasticGpuSpecification[].Type": "Elastic Graphics reached end of life; no instance shows it",
    "ElasticInferenceAccelerators[].Type": "Elastic Inference reached end of life; no instance shows it",
    "ElasticInferenceAccelerators[].Count": "Elastic Inference reached end of life; no instance shows it",
    "LaunchTemplate.LaunchTemplateId": "shown only as aws:ec2launchtemplate:id, a tag the launch adds (R-LT-*)",
    "LaunchTemplate.LaunchTemplateName": "resolved to an id before launch; no member shows the name",
    "LaunchTemplate.Version": "shown only as the aws:ec2launchtemplate:version tag (R-LT-*)",
    "BlockDeviceMappings[].VirtualName": "instance-store volumes are not EBS volumes: no Describe call lists them",
    "BlockDeviceMappings[].Ebs.OutpostArn": "Outposts only; DescribeVolumes shows it only there (R-BDM-21)",
    "BlockDeviceMappings[].Ebs.AvailabilityZone": "not supported by RunInstances (R-BDM-14)",
    "BlockDeviceMappings[].Ebs.AvailabilityZoneId": "not supported by RunInstances (R-BDM-14)",
    "BlockDeviceMappings[].Ebs.EbsCardIndex": "no Describe member shows the card index (R-BDM-21)",
    "BlockDeviceMappings[].Ebs.VolumeInitializationRate": "a one-off initialisation speed, not a volume property",
    "NetworkInterfaces[].AssociateCarrierIpAddress": "Wavelength zones only; the world has none",
    "NetworkInterfaces[].EnaSrdSpecification.EnaSrdEnabled": "DescribeNetworkInterfaces output has no ENA Express "
    "member in botocore's model",
    "NetworkInterfaces[].EnaSrdSpecification.EnaSrdUdpSpecification.EnaSrdUdpEnabled": "as EnaSrdEnabled",
    "NetworkInterfaces[].EnaQueueCount": "no Describe member of the interface shows the queue count",
    "NetworkInterfaces[].ConnectionTrackingSpecification.TcpEstablishedTimeout": "shown only after the "
    "instance runs (ConnectionTrackingConfiguration), not read back",
    "NetworkInterfaces[].ConnectionTrackingSpecification.UdpStreamTimeout": "as TcpEstablishedTimeout",
    "NetworkInterfaces[].ConnectionTrackingSpecification.UdpTimeout": "as TcpEstablishedTimeout",
    "InstanceMarketOptions.SpotOptions.MaxPrice": "a Spot request member: DescribeSpotInstanceRequests, not read",
    "InstanceMarketOptions.SpotOptions.SpotInstanceType": "as MaxPrice",
    "InstanceMarketOptions.SpotOptions.BlockDurationMinutes": "deprecated (R-MKT-7)",
    "InstanceMarketOptions.SpotOptions.ValidUntil": "as MaxPrice",
    "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior": "as MaxPrice",
    "CreditSpecification.CpuCredits": "DescribeInstanceCreditSpecifications, not read back (a fifth call)",
    "Monitoring.MetricCategoryIds[]": "shown in Monitoring.MetricCategoryIds only with detailed monitoring; "
    "not read back",
    "NetworkInterfaces[].AssociatePublicIpAddress": "judged by R-NIC-3/R-NIC-4 on the public address",
    "NetworkInterfaces[].PrivateIpAddresses[].Primary": "which address is primary: judged with "
    "PrivateIpAddress (R-NET-19)",
    "NetworkInterfaces[].Ipv6Addresses[].IsPrimaryIpv6": "judged with EnablePrimaryIpv6 (R-RB-7)",
    "NetworkInterfaces[].PrimaryIpv6": "judged with EnablePrimaryIpv6 (R-RB-7)",
    "Ipv6Addresses[].IsPrimaryIpv6": "judged with EnablePrimaryIpv6 (R-RB-7)",
}


# Observable member paths no valid request can carry on the emulators here (moto, moto server, ministack),
# with the reason; the `aws` target's discovered world may have what they name.
NOT_DRAWN: Final[Mapping[str, str]] = {
    "Operator.Principal": "reserved for internal use (R-OPR-1): valid requests leave it out, the oracle calls "
    "a request with it undetermined",
    "LicenseSpecifications[].LicenseConfigurationArn": "needs a License Manager license configuration; no "
    "emulator here implements License Manager (moto 5.2.5 has no licensemanager backend)",
    "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId": "needs a Capacity "
    "Reservation; moto 5.2.5 implements no CreateCapacityReservation",
    **{f"Placement.{member}": "needs a placement group; moto 5.2.5 implements no CreatePlacementGroup"
       for member in ("GroupName", "GroupId", "PartitionNumber")},
    "KernelId": "needs an aki- kernel image (paravirtual AMIs); the emulators list none",
    "RamdiskId": "needs an ari- ramdisk image (paravirtual AMIs); the emulators list none",
    "Placement.HostId": "needs a Dedicated Host whose instance family matches the launch; the world builder "
    "allocates none (the strategies do not match host families to instance types yet)",
    "Placement.Affinity": "only with Placement.HostId (R-PLC-3)",
    "Placement.HostResourceGroupArn": "needs a host resource group with Dedicated Hosts, as Placement.HostId",
    **{f"SecondaryInterfaces[].{member}": "needs a secondary subnet (CreateSecondarySubnet); no emulator here "
       "implements secondary networks"
       for member in ("DeleteOnTermination", "DeviceIndex", "PrivateIpAddresses[].PrivateIpAddress",
                      "PrivateIpAddressCount", "SecondarySubnetId", "InterfaceType", "NetworkCardIndex",
                      "Ipv6Addresses[].Ipv6Address", "Ipv6AddressCount", "EnaQueueCount", "VlanMode")},
}


def observable_paths() -> tuple[str, ...]:
    """The leaf paths whose effect a read-back can see."""
    return tuple(p for p in leaf_paths() if p not in NOT_OBSERVABLE)


def drawn_paths() -> tuple[str, ...]:
    """The observable paths a valid request on an emulator's world can carry (each must be read back)."""
    return tuple(p for p in observable_paths() if p not in NOT_DRAWN)


def unexercised(counts: Mapping[str, int]) -> list[str]:
    """The drawn paths a run never read back."""
    return [p for p in drawn_paths() if not counts.get(p)]


def _under(path: str, member: str) -> bool:
    return path == member or path.startswith((f"{member}.", f"{member}["))


def readers(path: str) -> list[Rule]:
    """The post-condition rules that read this member path back."""
    return [r for r in RULES.values() if r.kind is Kind.POSTCONDITION
            and any(_under(path, m) or _under(m, path) for m in r.members if m)]


def where(rules: Sequence[Rule]) -> str:
    calls = sorted({t.split(":", 1)[1] for r in rules for t in r.tags if t.startswith("read-back:")})
    return ", ".join(calls) or "DescribeInstances"


def table(leaves: Mapping[str, int] | None = None) -> list[str]:
    lines = [f"{'member path':<80}  {'ran':>5}  read back by / why not"]
    observable = read = 0
    for path in leaf_paths():
        ran = "-" if leaves is None else str(leaves.get(path, 0))
        if path in NOT_OBSERVABLE:
            lines.append(f"{path:<80}  {'':>5}  not observable: {NOT_OBSERVABLE[path]}")
            continue
        observable += 1
        rules = readers(path)
        drawn = f" (not drawn on emulators: {NOT_DRAWN[path]})" if path in NOT_DRAWN else ""
        if rules:
            read += 1
            lines.append(f"{path:<80}  {ran:>5}  {where(rules)}: {', '.join(r.id for r in rules)}{drawn}")
        else:
            lines.append(f"{path:<80}  {ran:>5}  NOT READ BACK{drawn}")
    if leaves is not None:
        drawn_count = len(drawn_paths())
        lines.append(f"exercised: {drawn_count - len(unexercised(leaves))}/{drawn_count} drawable observable "
                     f"member paths read back in this run ({len(NOT_DRAWN)} not drawable on emulators, listed)")
    lines.append(f"read-back: {read}/{observable} observable member paths")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.readback_table", description=__doc__)
    parser.add_argument("--results", type=Path, help="a results.json whose coverage gives the run counts")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a drawable observable path was never read back in that run")
    args = parser.parse_args(argv)
    if args.check and args.results is None:
        parser.error("--check needs --results")
    leaves = None
    if args.results is not None:
        try:
            coverage = json.loads(args.results.read_text(encoding="utf-8"))["coverage"]
            leaves = coverage.get("read_back", coverage["leaves"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"python -m conformance.readback_table: cannot read coverage from {args.results}: {exc}",
                  file=sys.stderr)
            return 2
    print("\n".join(table(leaves)))
    missing = unexercised(leaves) if args.check and leaves is not None else []
    if missing:
        print(f"python -m conformance.readback_table: never read back in {args.results}: {', '.join(missing)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
