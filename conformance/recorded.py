"""A recorded real EC2 RunInstances answer, and its request moved onto a World (for `calibrate`).

The request (boto3 kwargs) is moved onto `example_world()` deterministically: an id the answer treats as existing
becomes the World's own (the n-th distinct recorded value of a kind -> the World's n-th); an id the answer names as
malformed or unknown (its code, or its recorded rule about that one kind with a code of that rule or prose saying
the resource does not exist), or one sent empty, stays as recorded. Image and account facts the `world` prose states
(architecture, ENA, root encryption and size) are set on the World; the mapping is listed, to be shown.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.evidence import RUNINSTANCES_FILES, normalized, runinstances_entries
from conformance.oracle import acceptable_codes
from conformance.rules import RULES
from strategies.case import Case, WireEdit
from strategies.limits import type_architecture
from strategies.world import Subnet, World, example_world

# `world` prose naming an image or account fact the World models -> how it changes the World.
_ARCH = r"{0} (AMI|image)|(ImageId|AMI)\b[^;]*\bis (an )?{0}"
_EXISTS_NOT = (r"does not exist|no existing|non-existing|names no|\bunknown\b"
               r"|\bno [a-z ]*(profile|subnet|group|key)")
_NO_ENA = r"without (the )?ENA|WITHOUT EnaSupport|enaSupport false"
_UNENCRYPTED_ROOT = r"(AMI|root)[^;]*unencrypted"
_NOT_BY_DEFAULT = r"default encryption off|encryption by default (is )?(off|disabled)"
_ROOT_SNAPSHOT = r"root snapshot[^;]*?\b(\d+) ?G"
OVER_16K = r"(over|more than|larger than|exceeds|above) 16[ ,]?(384|KiB|KB|k)"
NOT_BASE64 = r"not base64|without base64|unencoded"
# kind of resource -> its id paths (rule member paths, `[]` for list items), the code prefixes that name it malformed
# or unknown, and where the World holds its ids (attribute, or attribute.field of each item).
KINDS = {
    "image": ("ImageId", "InvalidAMIID.", "image_ids"),
    "subnet": ("SubnetId NetworkInterfaces[].SubnetId", "InvalidSubnet", "subnets.subnet_id"),
    "group": ("SecurityGroupIds[] NetworkInterfaces[].Groups[] SecurityGroups[]", "InvalidGroup InvalidSecurityGroup",
              "security_groups.group_id"),
    "key": ("KeyName", "InvalidKeyPair.", "key_names"),
    "template": ("LaunchTemplate.LaunchTemplateId LaunchTemplate.LaunchTemplateName", "InvalidLaunchTemplate",
                 "launch_templates.template_id"),
    "profile": ("IamInstanceProfile.Arn IamInstanceProfile.Name", "InvalidIamInstanceProfile", "instance_profile_arns"),
    "interface": ("NetworkInterfaces[].NetworkInterfaceId", "InvalidNetworkInterfaceID. InvalidNetworkInterfaceId.",
                  "network_interface_ids"),
    "placement group": ("Placement.GroupName Placement.GroupId",
                        "InvalidPlacementGroup.Unknown InvalidPlacementGroupId.", "placement_groups.group_name"),
    "zone": ("Placement.AvailabilityZone", "InvalidAvailabilityZone InvalidZone.", "availability_zones.name"),
    "host": ("Placement.HostId", "InvalidHostID InvalidHostId", "host_ids"),
    "host resource group": ("Placement.HostResourceGroupArn", "", "host_resource_group_arns"),
    "capacity reservation": ("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId",
                             "InvalidCapacityReservationId", "capacity_reservation_ids"),
    "kernel": ("KernelId", "InvalidKernelId", "kernel_ids"),
    "ramdisk": ("RamdiskId", "InvalidRamDiskId", "ramdisk_ids"),
    "snapshot": ("BlockDeviceMappings[].Ebs.SnapshotId", "InvalidSnapshot", "snapshot_ids"),
    "kms key": ("BlockDeviceMappings[].Ebs.KmsKeyId", "InvalidKMSKey", "kms_key_ids"),
    "license": ("LicenseSpecifications[].LicenseConfigurationArn", "", "license_configuration_arns"),
    "address": ("PrivateIpAddress NetworkInterfaces[].PrivateIpAddress "
                "NetworkInterfaces[].PrivateIpAddresses[].PrivateIpAddress", "InvalidIPAddress", ""),
    "ipv6 address": ("Ipv6Addresses[].Ipv6Address NetworkInterfaces[].Ipv6Addresses[].Ipv6Address", "", ""),
}
# paths whose ids are another field of the kind's resources
BY_PATH = {"SecurityGroups[]": "security_groups.group_name",
           "IamInstanceProfile.Name": "instance_profile_names",
           "LaunchTemplate.LaunchTemplateName": "launch_templates.template_name",
           "Placement.GroupId": "placement_groups.group_id"}
ROOT_NAMES = ("/dev/sda1", "/dev/xvda")


class BadInput(Exception):
    """A recording that cannot be read: its one-line reason."""


@dataclass(frozen=True)
class Recorded:
    """One recorded RunInstances answer."""

    id: str
    date: str
    request: dict[str, Any]
    dry_run: bool
    prose: str  # the resources that had to exist, as recorded
    success: bool
    code: str | None  # normalized; None for a launch or a refusal whose code was not recorded
    rule: str  # the rule the recording names ("" where none)
    unexpressed: str = ""  # what in the recording itself no case can carry ("" where nothing)
    answered_by: str = "EC2"  # who answered: EC2, or the emulator a `--record-answers` line names


@dataclass(frozen=True)
class Moved:
    """A recorded request on the World: the case, the World, what was mapped, and a fact it lacks ("" if none)."""

    case: Case | None
    world: World
    mapping: tuple[str, ...]
    missing: str = ""


def _recorded(entry: Any, where: str) -> Recorded:
    """One entry of a recording, checked."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise BadInput(f"{where}: an observation without an id")
    if not isinstance(entry.get("request"), dict) or not isinstance(entry.get("outcome"), dict):
        raise BadInput(f"{where}: observation {entry['id']!r} has no request or outcome object")
    outcome = entry["outcome"]
    return Recorded(entry["id"], str(entry.get("date", "")), entry["request"], bool(entry.get("dry_run")),
                    str(entry.get("world", "")), bool(outcome.get("success")), normalized(outcome.get("error_code")),
                    str(entry.get("rule") or ""), _unexpressed(entry), _answered_by(entry))


def _answered_by(entry: dict[str, Any]) -> str:
    """`moto 5.2.6` for a `--record-answers` line of an emulator; EC2 for real EC2's (`--target=aws`) and the
    project's evidence."""
    target = str(entry.get("target") or "")
    if not target or target == "aws":
        return "EC2"
    return f"{target} {entry.get('target_version') or ''}".strip()


def _unexpressed(entry: dict[str, Any]) -> str:
    """What a `--record-answers` line holds that no case can carry: wire edits, a crash, UserData as its digest."""
    if entry.get("wire_edits"):
        return "the request's wire edits (a wire-level request: its boto3 form is not what was sent)"
    if entry["outcome"].get("crash"):
        return "a crash of the target (no code to judge)"
    data = entry["request"].get("UserData")
    if isinstance(data, dict) and set(data) == {"size", "sha256"}:  # the digest --record-answers writes
        return "the UserData content (recorded as its size and SHA-256 only)"
    return ""


def _checked(entries: Iterable[Any], where: str) -> list[Recorded]:
    """Entries as `Recorded`, each id once."""
    found = [_recorded(e, where) for e in entries]
    ids = [r.id for r in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise BadInput(f"{where}: observation id {twice[0]!r} recorded twice")
    return found


def read(paths: Iterable[str]) -> list[Recorded]:
    """The observations of these files, or of the project's RunInstances recordings when none is named."""
    names = list(paths)
    if not names:
        return _checked([e for n in RUNINSTANCES_FILES for e in runinstances_entries(n)], "conformance/evidence")
    return _checked([entry for name in names for entry in _entries(name)], ", ".join(names))


def _entries(name: str) -> list[Any]:
    """A file's observations: a document with an `observations` list (conformance/evidence), or JSON lines of
    them (`--record-answers`)."""
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{name}: cannot read ({exc.__class__.__name__}: {exc})") from None
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise BadInput(f"{name}: not JSON (line {exc.lineno}: {exc.msg})") from None
        return _lines(name, text)
    if isinstance(loaded, dict) and "observations" not in loaded and "id" in loaded:
        return [loaded]  # a recording of one answer
    if not isinstance(loaded, dict) or not isinstance(loaded.get("observations"), list):
        raise BadInput(f"{name}: no 'observations' list (the schema of conformance/evidence)")
    return list(loaded["observations"])


def _lines(name: str, text: str) -> list[Any]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise BadInput(f"{name}: line {number} is not JSON ({exc.msg})") from None
    return found


def _kind(path: str) -> str | None:
    """The kind of resource named at a member path (None for any other member)."""
    return next((k for k, (paths, _, _) in KINDS.items() if {path, path + "[]"} & set(paths.split())), None)


def world_ids(world: World, where: str) -> list[str]:
    """The World's ids at `attribute` or `attribute.field`."""
    attribute, _, field = where.partition(".")
    items = getattr(world, attribute)
    return [str(getattr(i, field)) for i in items] if field else [str(i) for i in items]


def kept(rec: Recorded) -> frozenset[str]:
    """The kinds a refusal names as malformed or unknown: by its code, or by its rule when that is about one kind."""
    if rec.success:
        return frozenset()
    by_code = {k for k, (_, prefixes, _) in KINDS.items() if prefixes and (rec.code or "").startswith(
        tuple(prefixes.split()))}
    rule = RULES.get(rec.rule)
    if rule is None:
        return frozenset(by_code)
    kinds = {_kind(m) for m in rule.members} - ({"subnet"} if "address" in {_kind(m) for m in rule.members} else set())
    about_it = rec.code is None or rec.code in acceptable_codes(rule) or re.search(_EXISTS_NOT, rec.prose, re.I)
    single = next(iter(kinds)) if len(kinds) == 1 else None
    return frozenset(by_code | ({single} if single and about_it else set()))


def _world(rec: Recorded) -> tuple[World, list[str]]:
    """example_world() with the image and account facts the prose states (and the root the request maps)."""
    world, notes = example_world(), []
    image, prose = world.images[0], rec.prose
    changes: dict[str, Any] = {}
    for pattern, field, value in ((_NO_ENA, "ena_support", False), (_UNENCRYPTED_ROOT, "root_encrypted", False)):
        if re.search(pattern, prose, re.IGNORECASE):
            changes[field] = value
    said = [a for a in ("arm64", "x86_64") if re.search(_ARCH.format(a), prose, re.IGNORECASE)]
    itype = rec.request.get("InstanceType")
    arch = said[0] if said else type_architecture(itype) if isinstance(itype, str) and itype else None
    if arch and arch != image.architecture:
        changes["architecture"] = arch  # as stated, else the type's: the answer is not about a mismatch
    size = re.search(_ROOT_SNAPSHOT, prose)
    if size:
        changes["root_snapshot_size"] = int(size.group(1))
    devices = [m.get("DeviceName") for m in rec.request.get("BlockDeviceMappings") or [] if isinstance(m, dict)]
    root = next((d for d in devices if d in ROOT_NAMES), None)
    if root:
        changes["root_device_name"] = root
    notes += [f"world: image {image.image_id} {k}={v!r}" for k, v in changes.items()]
    by_default = False if re.search(_NOT_BY_DEFAULT, prose, re.IGNORECASE) else None
    if by_default is not None:
        notes.append("world: EBS encryption by default off")
    images = (dataclasses.replace(image, **changes), *world.images[1:])
    return dataclasses.replace(world, images=images, ebs_encryption_by_default=by_default), notes


class _Mover:
    """Maps a recorded request's ids onto one World, the n-th distinct value of a kind to the World's n-th."""

    def __init__(self, world: World, keep: frozenset[str]) -> None:
        self.world, self.keep, self.missing = world, keep, ""
        self.seen: dict[tuple[str, str], str] = {}  # (table, recorded) -> mapped
        self.notes: list[str] = []

    def walk(self, value: Any, path: str) -> Any:
        """The value with every id below `path` mapped."""
        if isinstance(value, dict):
            return {k: self.walk(v, f"{path}.{k}" if path else k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, path + "[]") for v in value]
        kind = _kind(path)
        return self.leaf(kind, path, value) if kind and isinstance(value, str) else value

    def leaf(self, kind: str, path: str, value: str) -> str:
        """One id, mapped or kept (and noted)."""
        if kind in self.keep or not value:
            why = f"the answer names this {kind} malformed or unknown" if value else "sent empty"
            self.notes.append(f"{path}: {value!r} kept ({why})")
            return value
        mapped = self.address(kind, value) if kind.endswith("address") else self.resource(kind, path, value)
        self.notes.append(f"{path}: {value} -> {mapped}")
        return mapped

    def resource(self, kind: str, path: str, value: str) -> str:
        """The World's n-th resource of the kind (a zone follows the first mapped subnet)."""
        table = BY_PATH.get(path, KINDS[kind][2])
        if kind == "zone" and (subnet := self._first_subnet()):
            return self.seen.setdefault((table, value), self._subnet(subnet).availability_zone)
        if (table, value) not in self.seen:
            values = world_ids(self.world, table)
            index = sum(1 for t, _ in self.seen if t == table)
            if index >= len(values):
                self.missing = self.missing or f"more distinct {kind}s than the World has ({len(values)})"
                return value
            self.seen[(table, value)] = values[index]
        return self.seen[(table, value)]

    def _first_subnet(self) -> str:
        return next((v for (t, _), v in self.seen.items() if t == KINDS["subnet"][2]), "")

    def _subnet(self, subnet_id: str) -> Subnet:
        return self.world.subnet(subnet_id) or self.world.subnets[0]

    def address(self, kind: str, value: str) -> str:
        """An address in the first mapped subnet, keeping its recorded last part where it is a number."""
        subnet = self._subnet(self._first_subnet())
        ordinal = 10 + sum(1 for t, _ in self.seen if t == kind)
        self.seen[(kind, value)] = value
        if kind == "address":
            last = value.rsplit(".", 1)[-1]
            return subnet.cidr_block.rsplit(".", 1)[0] + "." + (last if last.isdigit() else str(ordinal))
        last = value.rsplit(":", 1)[-1]
        prefix = (subnet.ipv6_cidr_block or "2600:1f18::/64").split("/")[0].rstrip(":")
        return f"{prefix}::{last if re.fullmatch(r'[0-9a-f]{1,4}', last) else ordinal}"


def _user_data(rec: Recorded, params: dict[str, Any]) -> tuple[tuple[WireEdit, ...], list[str]]:
    """A `<placeholder>` UserData made concrete: over 16 KiB, sent raw (not base64), or a short script."""
    value = params.get("UserData")
    if not (isinstance(value, str) and value.startswith("<") and value.endswith(">")):
        return (), []
    said = value + " " + rec.prose
    if re.search(OVER_16K, said, re.IGNORECASE):
        params["UserData"] = "#" * 16_385
        return (), [f"UserData: {value} -> 16,385 bytes"]
    params["UserData"] = "#!/bin/sh\n"
    if re.search(NOT_BASE64, said, re.IGNORECASE):
        return (WireEdit("UserData", "#!/bin/sh not base64"),), [f"UserData: {value} -> sent raw on the wire"]
    return (), [f"UserData: {value} -> a 10-byte script"]


def move(rec: Recorded) -> Moved:
    """The recorded request as a case on a World, or the fact the World lacks."""
    world, notes = _world(rec)
    if rec.unexpressed:
        return Moved(None, world, tuple(notes), rec.unexpressed)
    mover = _Mover(world, kept(rec))
    params = mover.walk(rec.request, "")
    edits, data_notes = _user_data(rec, params)
    if rec.dry_run:
        params["DryRun"] = True
    mapping = tuple(mover.notes + data_notes + notes)
    if mover.missing:
        return Moved(None, world, mapping, mover.missing)
    return Moved(Case(params, wire_edits=edits), world, mapping)
