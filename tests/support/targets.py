"""Loopback HTTP servers for the target tests: a scripted fake EC2 and a recording one for the aws target; the
checks every target over HTTP passes; stub interpreters for the venv recipes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from conformance.outcome import OutcomeKind
from conformance.targets.base import Target
from strategies.case import Case, WireEdit
from strategies.world import World

NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"'

Reply = tuple[int, str]  # (status, body); status 0 means: break the connection mid-response


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    form: dict[str, list[str]]

    @property
    def action(self) -> str:
        """The Query Action, or the JSON protocol's operation (`X-Amz-Target: Service.Operation`)."""
        target = self.headers.get("X-Amz-Target", "")
        return target.rsplit(".", 1)[-1] if target else self.form.get("Action", [""])[0]


@dataclass
class Server:
    url: str
    requests: list[Recorded] = field(default_factory=list)


def _handler(answer: Callable[[Recorded], Reply], server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            record = Recorded(self.path, dict(self.headers), parse_qs(body, keep_blank_values=True))
            server.requests.append(record)
            status, text = answer(record)
            if status == 0:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<RunInstancesResponse>")
                self.wfile.flush()
                self.close_connection = True
                return
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            return None

    return Handler


class QuietServer(ThreadingHTTPServer):
    """A threaded HTTP server that does not print the errors of clients that gave up (timeout tests)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None


def loopback(handler: type[BaseHTTPRequestHandler]) -> tuple[QuietServer, str]:
    """A QuietServer on 127.0.0.1 and a free port, already serving in a thread, and its URL."""
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def close(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@contextmanager
def serve(answer: Callable[[Recorded], Reply]) -> Iterator[Server]:
    """A threaded HTTP server on 127.0.0.1 and a free port, answering with `answer`, stopped on exit."""
    info = Server(url="")
    httpd, info.url = loopback(_handler(answer, info))
    try:
        yield info
    finally:
        close(httpd)


def hang(seconds: float) -> Reply:
    time.sleep(seconds)
    return 200, "<RunInstancesResponse/>"


def error_xml(code: str, message: str) -> str:
    return (
        f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
        "<RequestID>req-1</RequestID></Response>"
    )


def _items(tag: str, rows: list[str]) -> str:
    return f"<{tag}>" + "".join(f"<item>{row}</item>" for row in rows) + f"</{tag}>"


DESCRIBE_BODIES = {
    "DescribeAvailabilityZones": _items(
        "availabilityZoneInfo",
        [
            "<zoneName>us-east-1a</zoneName><zoneId>use1-az1</zoneId><zoneState>available</zoneState>",
            "<zoneName>us-east-1b</zoneName><zoneId>use1-az2</zoneId><zoneState>available</zoneState>",
        ],
    ),
    "DescribeImages": _items(
        "imagesSet",
        [
            "<imageId>ami-0123456789abcdef0</imageId><architecture>x86_64</architecture>"
            "<rootDeviceName>/dev/xvda</rootDeviceName><creationDate>2025-01-01T00:00:00.000Z</creationDate>"
            "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeSize>8</volumeSize></ebs>"
            "</item></blockDeviceMapping>"
        ],
    ),
    "DescribeInstanceTypeOfferings": _items(
        "instanceTypeOfferingSet",
        ["<instanceType>t3.micro</instanceType>", "<instanceType>m5.large</instanceType>"],
    ),
    "DescribeVpcs": _items("vpcSet", ["<vpcId>vpc-0a1b2c3d4e5f60718</vpcId><isDefault>true</isDefault>"]),
    "DescribeSubnets": _items(
        "subnetSet",
        [
            "<subnetId>subnet-0a1b2c3d4e5f60718</subnetId><availabilityZone>us-east-1a</availabilityZone>"
            "<cidrBlock>172.31.0.0/20</cidrBlock><vpcId>vpc-0a1b2c3d4e5f60718</vpcId>",
            "<subnetId>subnet-0b1b2c3d4e5f60718</subnetId><availabilityZone>us-east-1b</availabilityZone>"
            "<cidrBlock>172.31.16.0/20</cidrBlock><vpcId>vpc-0a1b2c3d4e5f60718</vpcId>",
        ],
    ),
    "DescribeSecurityGroups": _items(
        "securityGroupInfo",
        [
            "<groupId>sg-0a1b2c3d4e5f60718</groupId><groupName>default</groupName>"
            "<vpcId>vpc-0a1b2c3d4e5f60718</vpcId>"
        ],
    ),
    "DescribeKeyPairs": _items("keySet", ["<keyName>conformance-key</keyName>"]),
    "DescribePlacementGroups": "<placementGroupSet/>",
    "DescribeSnapshots": "<snapshotSet/>",
    "DescribeLaunchTemplates": "<launchTemplates/>",
}

PROFILE_ARN = "arn:aws:iam::123456789012:instance-profile/conformance"
LICENSE_ARN = "arn:aws:license-manager:us-east-1:123456789012:license-configuration:lic-0123456789abcdef"
# The read-only calls of other services (IAM's Query XML, License Manager's JSON) and EC2's Get call.
OTHER_BODIES = {
    "GetEbsEncryptionByDefault": f"<GetEbsEncryptionByDefaultResponse {NS}><requestId>r-1</requestId>"
    "<ebsEncryptionByDefault>false</ebsEncryptionByDefault></GetEbsEncryptionByDefaultResponse>",
    "ListInstanceProfiles": '<ListInstanceProfilesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
    "<ListInstanceProfilesResult><IsTruncated>false</IsTruncated><InstanceProfiles><member>"
    f"<Arn>{PROFILE_ARN}</Arn><InstanceProfileName>conformance</InstanceProfileName>"
    "<InstanceProfileId>AIPA0000000000EXAMPLE</InstanceProfileId><Path>/</Path>"
    "<CreateDate>2025-01-01T00:00:00Z</CreateDate><Roles/></member></InstanceProfiles>"
    "</ListInstanceProfilesResult></ListInstanceProfilesResponse>",
    "ListLicenseConfigurations": f'{{"LicenseConfigurations": [{{"LicenseConfigurationArn": "{LICENSE_ARN}"}}]}}',
}

DRY_RUN_REPLY: Reply = (
    412,
    error_xml("DryRunOperation", "Request would have succeeded, but DryRun flag is set."),
)


def fake_ec2(record: Recorded) -> Reply:
    """Minimal valid answers to the aws target's Describe calls, and DryRunOperation to RunInstances."""
    action = record.action
    if action in DESCRIBE_BODIES:
        return (
            200,
            f"<{action}Response {NS}><requestId>r-1</requestId>{DESCRIBE_BODIES[action]}</{action}Response>",
        )
    if action in OTHER_BODIES:
        return 200, OTHER_BODIES[action]
    if action == "RunInstances":
        return DRY_RUN_REPLY
    return 400, error_xml("InvalidAction", f"not served here: {action}")


# a target's classification and reset, checked the same way for every target over HTTP ---------------------

def one_launch_params(world: World) -> dict[str, Any]:
    """A valid one-instance launch in the world's second subnet."""
    return {
        "ImageId": world.images[0].image_id,
        "MinCount": 1,
        "MaxCount": 1,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[1].subnet_id,
    }


def check_target_classifies(target: Target) -> None:
    """A started target classifies a launch, an error and a wire edit, and its reset keeps the world and ends the
    instances (the moto-server and endpoint targets' tests)."""
    world = target.world()
    ok = target.send(Case(one_launch_params(world)))
    assert ok.kind is OutcomeKind.SUCCESS and len(ok.instance_ids) == 1
    bad = target.send(Case({**one_launch_params(world), "SecurityGroupIds": ["sg-00000000000000000"]}))
    assert bad.kind is OutcomeKind.ERROR and bad.status == 400 and bad.code and bad.request_id
    wire = target.send(Case(one_launch_params(world), wire_edits=(WireEdit("UserData", "%%%"),)))
    assert wire.transport == "query" and wire.kind is OutcomeKind.ERROR
    target.reset()
    assert target.world() == world
    left = target.describe_instances(ok.instance_ids)  # gone after a full reset, terminated after a cleanup
    assert {i["State"]["Name"] for i in left} <= {"shutting-down", "terminated"}, left


# stub interpreters --------------------------------------------------------------------------------------

NO_SUCH_PYTHON = "3.99"  # a version no suite runs on: keeps the suite's own Python out of the way


def stub(path: Path, prints: str = NO_SUCH_PYTHON, exit_code: int = 0) -> Path:
    """An executable that prints `prints` and exits with `exit_code`, whatever it is asked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho {prints}\nexit {exit_code}\n", encoding="utf-8")
    path.chmod(0o755)
    return path
