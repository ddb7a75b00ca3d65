"""Members that stand alone: protections, EBS optimisation, monitoring, IAM profile, licences, accelerators,
and the reserved members (AdditionalInfo, Operator)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick, some
from strategies.families.generic import for_path
from strategies.limits import (
    ELASTIC_GPU_TYPES,
    ELASTIC_INFERENCE_COUNT,
    ELASTIC_INFERENCE_TYPES,
)

PATHS = frozenset(
    {
        "DisableApiTermination",
        "DisableApiStop",
        "EbsOptimized",
        "Monitoring.Enabled",
        "Monitoring.MetricCategoryIds[]",
        "IamInstanceProfile.Arn",
        "IamInstanceProfile.Name",
        "LicenseSpecifications[].LicenseConfigurationArn",
        "ElasticGpuSpecification[].Type",
        "ElasticInferenceAccelerators[].Type",
        "ElasticInferenceAccelerators[].Count",
        "AdditionalInfo",
        "Operator.Principal",
    }
)
_BOOLEANS = ("DisableApiTermination", "DisableApiStop")


def build(draw: st.DrawFn, draft: Draft) -> None:
    chosen = flags(draw, 10)
    params, world = draft.params, draft.world
    for name, on in zip(_BOOLEANS, chosen, strict=False):
        if on:
            params[name] = draw(for_path(name))
    if chosen[2]:  # R-EBSO-1
        supported = not world.ebs_optimization_unsupported(draft.instance_type)
        params["EbsOptimized"] = supported and draw(st.booleans())
    if chosen[3]:
        params["Monitoring"] = _monitoring(draw, draft)
    if chosen[4] and world.instance_profile_arns:
        params["IamInstanceProfile"] = _profile(draw, draft)
    if chosen[5] and world.license_configuration_arns:
        arns = some(draw, world.license_configuration_arns)
        params["LicenseSpecifications"] = [{"LicenseConfigurationArn": arn} for arn in arns]
    _unsettled(draw, draft, chosen[6:])


def _monitoring(draw: st.DrawFn, draft: Draft) -> dict[str, Any]:
    """R-MON-1: Enabled always; metric categories only with detailed monitoring on."""
    enabled, categories = flags(draw, 2)
    spec: dict[str, Any] = {"Enabled": enabled}
    if enabled and categories and draft.world.metric_category_ids:
        spec["MetricCategoryIds"] = some(draw, draft.world.metric_category_ids)
    return spec


def _profile(draw: st.DrawFn, draft: Draft) -> dict[str, str]:
    """R-IAM-1: the profile by ARN or by name (the ARN's last segment), not both."""
    arn = pick(draw, draft.world.instance_profile_arns)
    by_name, = flags(draw, 1)
    return {"Name": arn.rsplit("/", 1)[-1]} if by_name else {"Arn": arn}


def _unsettled(draw: st.DrawFn, draft: Draft, chosen: tuple[bool, ...]) -> None:
    """R-EGPU-1, R-EIA-1, R-ADD-1, R-OPR-1: members whose response the docs leave open."""
    params = draft.params
    gpu, inference, additional, operator = chosen
    if gpu and draft.allows("ElasticGpuSpecification[].Type"):
        params["ElasticGpuSpecification"] = [{"Type": pick(draw, ELASTIC_GPU_TYPES)}]
    if inference and draft.allows("ElasticInferenceAccelerators[].Type"):
        accelerator: dict[str, Any] = {"Type": pick(draw, ELASTIC_INFERENCE_TYPES)}
        if flags(draw, 1)[0]:
            accelerator["Count"] = draw(integers(*ELASTIC_INFERENCE_COUNT))
        params["ElasticInferenceAccelerators"] = [accelerator]
    if additional and draft.allows("AdditionalInfo"):
        params["AdditionalInfo"] = draw(for_path("AdditionalInfo"))
    if operator and draft.allows("Operator.Principal"):
        params["Operator"] = draw(for_path("Operator"))
