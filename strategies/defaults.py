"""What EC2 does with a request member left out: the documented default of each member path that has one.

A member read back only at its default proves nothing: a target that ignores the member shows the default too.
So the read-back counts a path as exercised only at another value (`defaulted_only` says which are not), and the
carriers of a path
(strategies.carriers) prefer a request that sets it to another value. Each default is quoted from the member's
documentation in botocore's EC2 model (the API Reference's text) or, where noted, from the API Reference page.
Members whose default depends on the account, the AMI, the subnet or the instance type (HttpTokens, EbsOptimized,
CpuCredits, a volume's encryption, TcpEstablishedTimeout, a subnet's public addressing) are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strategies.model import leaf_values

DEFAULTS: Mapping[str, object] = {
    "DisableApiTermination": False,  # "The default is false, which means that you can terminate the instance"
    "DisableApiStop": False,  # "Indicates whether an instance is enabled for stop protection" (off unless asked)
    "Monitoring.Enabled": False,  # "Otherwise, basic monitoring is enabled"
    "InstanceInitiatedShutdownBehavior": "stop",  # "Default: stop"
    "HibernationOptions.Configured": False,  # "Default: false"
    "EnclaveOptions.Enabled": False,  # "To enable the instance for ... Nitro Enclaves, set this parameter to true"
    "Placement.Tenancy": "default",  # an instance is dedicated or on a host only when asked
    "MetadataOptions.HttpEndpoint": "enabled",  # "Default: enabled"
    "MetadataOptions.HttpProtocolIpv6": "disabled",  # "Default: disabled"
    "MetadataOptions.InstanceMetadataTags": "disabled",  # "Default: disabled"
    # [BC] CapacityReservationSpecification: "the instance's Capacity Reservation preference defaults to open"
    "CapacityReservationSpecification.CapacityReservationPreference": "open",
    "MaintenanceOptions.AutoRecovery": "default",  # "Disables the automatic recovery ... or sets it to default"
    "NetworkInterfaces[].ConnectionTrackingSpecification.UdpStreamTimeout": 180,  # "Default: 180 seconds"
    "NetworkInterfaces[].ConnectionTrackingSpecification.UdpTimeout": 30,  # "Default: 30 seconds"
}


def at_default(path: str, value: Any) -> bool:
    return path in DEFAULTS and value == DEFAULTS[path]


def defaulted_only(params: Any) -> frozenset[str]:
    """The leaf paths a request carries only at their documented default (in every list item that has them)."""
    default: set[str] = set()
    other: set[str] = set()
    for path, value in leaf_values(params):
        (default if at_default(path, value) else other).add(path)
    return frozenset(default - other)
