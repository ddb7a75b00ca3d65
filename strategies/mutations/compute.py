"""Mutations that break the CPU options, CPU credit and hibernation rules (R-CPU-*, R-CREDIT-*, R-HIB-*)."""

from __future__ import annotations

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import CPU_CREDITS, SPOT_PERSISTENT
from strategies.mutations import MutationSpec
from strategies.mutations._edit import (
    Params,
    case,
    drop,
    no_hibernation,
    no_spot,
    put,
    replace_root,
    retype,
)
from strategies.world import World

CREDITS = "CreditSpecification.CpuCredits"


def _not_sev(world: World) -> list[str]:
    """R-CPU-2: types without AMD SEV-SNP (the rule's own reading of the World)."""
    return [t for t in world.instance_types if world.sev_snp_unsupported(t)]


def _not_nested(world: World) -> list[str]:
    """R-CPU-3: types without nested virtualization."""
    return [t for t in world.instance_types if world.nested_virtualization_unsupported(t)]


def _burstable_types(world: World) -> list[str]:
    return [t for t in world.instance_types if world.burstable(t)]


def _steady_types(world: World) -> list[str]:
    return [t for t in world.instance_types if not world.burstable(t)]


def _cpu_option_types(world: World) -> list[str]:
    """Types whose valid core and thread counts the World knows (R-CPU-4)."""
    return [t for t in world.instance_types
            if (f := world.type_facts(t)) is not None and f.valid_cores is not None and f.valid_threads is not None]


def _sleepless_types(world: World) -> list[str]:
    return [t for t in world.instance_types if world.hibernation_unsupported(t)]


def cores_without_threads(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, "CpuOptions.CoreCount", "CpuOptions.ThreadsPerCore")
    keep = draw(st.sampled_from(["CoreCount", "ThreadsPerCore"]))
    put(params, f"CpuOptions.{keep}", 1)
    return case(params, "R-CPU-1", f"CpuOptions.{keep}", "cpu-core-count-without-threads")


def threads_invalid(draw: st.DrawFn, params: Params, world: World) -> Case:
    put(params, "CpuOptions.CoreCount", 1)
    put(params, "CpuOptions.ThreadsPerCore", draw(st.sampled_from([0, 3, 4])))
    return case(params, "R-CPU-1", "CpuOptions.ThreadsPerCore", "cpu-threads-per-core-invalid")


def cores_off_type(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-CPU-4: a well-formed pair (R-CPU-1 holds) the type does not offer: a core count above its valid ones,
    or any pair for a type without CPU options."""
    instance_type = draw(st.sampled_from(_cpu_option_types(world)))
    retype(params, instance_type, world)
    facts = world.type_facts(instance_type)
    assert facts is not None and facts.valid_cores is not None
    cores = max(facts.valid_cores, default=0) + draw(st.integers(1, 4))
    put(params, "CpuOptions.CoreCount", cores)
    put(params, "CpuOptions.ThreadsPerCore", draw(st.sampled_from(facts.valid_threads or (1, 2))))
    return case(params, "R-CPU-4", "CpuOptions.CoreCount", "cpu-core-count-not-offered-by-type")


def sev_snp_unsupported(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_not_sev(world))), world)
    put(params, "CpuOptions.AmdSevSnp", "enabled")
    return case(params, "R-CPU-2", "CpuOptions.AmdSevSnp", "cpu-sev-snp-unsupported-type")


def nested_unsupported(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_not_nested(world))), world)
    put(params, "CpuOptions.NestedVirtualization", "enabled")
    return case(params, "R-CPU-3", "CpuOptions.NestedVirtualization", "cpu-nested-virtualization-unsupported")


def credits_empty(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_burstable_types(world))), world)
    put(params, CREDITS, "")
    return case(params, "R-CREDIT-1", CREDITS, "credit-specification-empty")


def credits_invalid(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_burstable_types(world))), world)
    put(params, CREDITS, draw(st.sampled_from(["burst", "Unlimited", "none", "unlimited "])))
    return case(params, "R-CREDIT-2", CREDITS, "credit-specification-invalid-value")


def credits_on_non_burstable(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_steady_types(world))), world)
    put(params, CREDITS, draw(st.sampled_from(CPU_CREDITS)))
    return case(params, "R-CREDIT-3", "CreditSpecification", "credit-specification-non-burstable-type")


def hibernation_with_enclave(draw: st.DrawFn, params: Params, world: World) -> Case:
    no_spot(params)
    drop(params, "CpuOptions.AmdSevSnp")
    put(params, "HibernationOptions.Configured", True)
    put(params, "EnclaveOptions.Enabled", True)
    return case(params, "R-HIB-1", "EnclaveOptions.Enabled", "hibernation-with-enclave")


def hibernation_other_interruption(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, "EnclaveOptions", "CpuOptions.AmdSevSnp")
    put(params, "HibernationOptions.Configured", True)
    put(params, "InstanceMarketOptions.MarketType", "spot")
    put(params, "InstanceMarketOptions.SpotOptions.SpotInstanceType", SPOT_PERSISTENT)  # not R-MKT-8's
    path = "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"
    put(params, path, "stop")
    return case(params, "R-HIB-3", path, "hibernation-spot-interruption-not-hibernate")


def hibernation_unsupported_type(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-HIB-6: hibernation configured on a type that DescribeInstanceTypes says cannot hibernate."""
    retype(params, draw(st.sampled_from(_sleepless_types(world))), world)
    no_spot(params)
    drop(params, "EnclaveOptions", "CpuOptions.AmdSevSnp")
    put(params, "HibernationOptions.Configured", True)
    return case(params, "R-HIB-6", "HibernationOptions.Configured", "hibernation-unsupported-type")


def knows_unencrypted_root(world: World) -> bool:
    """R-HIB-5 needs a World that knows encryption by default is off and has an image."""
    return world.ebs_encryption_by_default is False


def hibernation_unencrypted_root(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, "EnclaveOptions", "CpuOptions.AmdSevSnp")
    params.pop("LaunchTemplate", None)
    image = draw(st.sampled_from(world.images))
    params["ImageId"] = image.image_id
    params.pop("BlockDeviceMappings", None)  # mappings may depend on the previous image's root device
    if image.root_encrypted is not False or draw(st.booleans()):
        # with a size: the rule alone, not also a sizeless root mapping (valid, but some emulators refuse it)
        replace_root(params, world, {"Encrypted": False, "VolumeSize": 30})
    if draw(st.booleans()):
        no_spot(params)
        put(params, "HibernationOptions.Configured", True)
        path = "HibernationOptions.Configured"
    else:  # ri-hib-spot-hibernate-interruption-unencrypted-root: the Spot behaviour alone
        no_hibernation(params)
        drop(params, "InstanceMarketOptions.SpotOptions.ValidUntil")
        put(params, "InstanceMarketOptions.MarketType", "spot")
        put(params, "InstanceMarketOptions.SpotOptions.SpotInstanceType", SPOT_PERSISTENT)
        path = "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"
        put(params, path, "hibernate")
    return case(params, "R-HIB-5", path, "hibernation-unencrypted-root")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("cpu-core-count-without-threads", "R-CPU-1", "CpuOptions.CoreCount", cores_without_threads),
    MutationSpec("cpu-threads-per-core-invalid", "R-CPU-1", "CpuOptions.ThreadsPerCore", threads_invalid),
    MutationSpec("cpu-sev-snp-unsupported-type", "R-CPU-2", "CpuOptions.AmdSevSnp", sev_snp_unsupported,
                 applicable=lambda w: bool(_not_sev(w))),
    MutationSpec("cpu-nested-virtualization-unsupported", "R-CPU-3", "CpuOptions.NestedVirtualization",
                 nested_unsupported, applicable=lambda w: bool(_not_nested(w))),
    MutationSpec("cpu-core-count-not-offered-by-type", "R-CPU-4", "CpuOptions.CoreCount", cores_off_type,
                 applicable=lambda w: bool(_cpu_option_types(w))),
    MutationSpec("credit-specification-empty", "R-CREDIT-1", CREDITS, credits_empty,
                 applicable=lambda w: bool(_burstable_types(w))),
    MutationSpec("credit-specification-invalid-value", "R-CREDIT-2", CREDITS, credits_invalid,
                 applicable=lambda w: bool(_burstable_types(w))),
    MutationSpec("credit-specification-non-burstable-type", "R-CREDIT-3", "CreditSpecification",
                 credits_on_non_burstable, applicable=lambda w: bool(_steady_types(w))),
    MutationSpec("hibernation-with-enclave", "R-HIB-1", "EnclaveOptions.Enabled", hibernation_with_enclave),
    MutationSpec("hibernation-spot-interruption-not-hibernate", "R-HIB-3",
                 "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior",
                 hibernation_other_interruption),
    MutationSpec("hibernation-unsupported-type", "R-HIB-6", "HibernationOptions.Configured",
                 hibernation_unsupported_type, applicable=lambda w: bool(_sleepless_types(w))),
    MutationSpec("hibernation-unencrypted-root", "R-HIB-5", "HibernationOptions.Configured",
                 hibernation_unencrypted_root, applicable=knows_unencrypted_root),
)


