"""Which real EC2 answers stand behind which rule: rule id -> its `Evidence` (attached to the Rule objects).

Each entry names a recorded observation (conformance/evidence, with its date and source) or, where the
answer is not recorded there, gives its date and source itself. An ACCEPTED code joins the rule's
acceptable codes; an ELSEWHERE code (another operation, a retired period) is not accepted, and a target
answering it diverges only in a minor way.
"""

from __future__ import annotations

from conformance.evidence import Evidence, Standing, observed

ELSEWHERE = Standing.ELSEWHERE

EVIDENCE: dict[str, tuple[Evidence, ...]] = {
    "R-DRY-1": (observed("OBS-DRYRUN-RI"), observed("OBS-DRYRUN-412-RI")),
    "R-DRY-2": (observed("OBS-UNAUTH"),),
    "R-DRY-4": (observed("OBS-DRYRUN-CONDKEYS"),),
    "R-NET-1": (
        observed("OBS-DRYRUN-VALIDATES-VPC"), observed("OBS-NODEFAULTVPC"),
        observed("OBS-VPCRES", standing=ELSEWHERE,
                 note="EC2-Classic era: the account had no default VPC because it was on EC2-Classic, retired "
                 "in 2022; today's answer is VPCIdNotSpecified"),
    ),
    "R-NET-2": (observed("OBS-NI-SUBNET"),),
    "R-NET-3": (observed("OBS-NI-SG"),),
    "R-NET-4": (observed("OBS-NI-PRIVIP"),),
    "R-NET-9": (observed("OBS-IP-INUSE"),),
    "R-NET-20": (
        observed("OBS-IP-INUSE"),
        Evidence("InvalidIPAddress.InUse", "2022-01-04", "https://github.com/pulumi/pulumi-aws/issues/1754",
                 note="'Error launching source instance: InvalidIPAddress.InUse: Address 172.16.10.20 is in use. "
                 "status code: 400'"),
        Evidence("InvalidIPAddress.InUse", "2022-08-08", "https://github.com/aws/aws-cli/issues/7178",
                 note="'An error occurred (InvalidIPAddress.InUse) when calling the RunInstances operation: "
                 "Address 10.xxx.xxx.xxx is in use.'"),
    ),
    "R-NET-11": (observed("OBS-GROUPNAME-SUBNET"),),
    "R-NET-12": (observed("ri-net-sg-vpc-differs-from-default-subnet"),),
    "R-NET-13": (observed("ri-net-sg-id-not-found-short-id"),),
    "R-NET-22": (observed("mined-minecloud-ami-19-empty-groupid-boto2"),
                 observed("mined-tungbq-devops-basics-1-empty-groupid")),
    "R-NIC-2": (observed("OBS-ASSOC-PUBIP-MULTI"),),
    "R-NIC-11": (observed("ri-nic-ipv6-addresses-and-count"),),
    "R-UD-1": (
        observed("OBS-USERDATA-B64"),
        observed("OBS-USERDATA-B64-LT", standing=ELSEWHERE, note="CreateLaunchTemplate's code, not RunInstances'"),
    ),
    "R-UD-2": (
        observed("ri-userdata-over-16k"),
        observed("OBS-USERDATA-SIZE", standing=ELSEWHERE,
                 note="the recording names no operation; the launch-template API answers this code "
                 "(CreateLaunchTemplateVersion, github-aws-runners/terraform-aws-github-runner#3700, "
                 "2024-01-02), RunInstances InvalidParameterValue"),
    ),
    "R-COUNT-2": (observed("OBS-MAXCOUNT-0"),),
    "R-COUNT-5": (observed("ri-insufficient-capacity-az"),),
    "R-COUNT-6": (observed("ri-vcpu-limit-exceeded"), observed("ri-instance-limit-per-type-2017")),
    "R-ITYPE-1": (observed("OBS-INSTTYPE"),),
    "R-AMI-1": (observed("OBS-IMAGEID-MISSING"),),
    "R-AMI-2": (observed("ri-ami-malformed-literal-template"), observed("ri-ami-malformed-16-hex")),
    "R-AMI-3": (observed("OBS-AMI-NOTFOUND"),),
    "R-AMI-5": (observed("OBS-AUTHFAIL-AMI"),),
    "R-AMI-7": (
        observed("OBS-ARCH"), observed("OBS-VIRT"), observed("ri-ami-arch-arm64-type-x86-ami"),
        observed("ri-ami-arch-x86-type-arm64-ami-newmsg"), observed("ri-ami-arch-multiarch-type-arm64-ami"),
    ),
    "R-AMI-8": (observed("ri-ami-ena-required"),),
    "R-BDM-1": (
        observed("OBS-BDM-NOSIZE"),
        Evidence("MissingParameter", "2020", "https://github.com/getmoto/moto/pull/2949",
                 note="moto's message taken from EC2's answer, tested against EC2 in the pull request"),
    ),
    "R-BDM-2": (observed("OBS-BDM-SNAPSIZE"),),
    "R-BDM-6": (observed("OBS-IOPS-GP2"),),
    "R-BDM-8": (observed("OBS-THROUGHPUT"),),
    "R-BDM-10": (observed("OBS-IOPS-ST1"),),
    "R-BDM-18": (observed("OBS-BDM-DUPDEV"),),
    "R-BDM-29": (
        observed("mined-parsec-12-kmskeyid-without-encrypted"),
        Evidence("InvalidParameterDependency", "2020-07-29", "https://github.com/rancher/rancher/issues/28146",
                 note="'Error launching instance: InvalidParameterDependency: The parameter KmsKeyId requires the "
                 "parameter Encrypted to be set.' (a node template with a KMS key and EBS encryption off; whether "
                 "Encrypted=false or no Encrypted went on the wire is not shown)"),
    ),
    "R-BDM-19": (observed("ri-bdm-invalid-device-name-path"), observed("ri-bdm-trailing-digit-device-name")),
    "R-TAG-1": (observed("OBS-TAG-RESTYPE"),),
    "R-TAG-2": (observed("OBS-TAG-RESTYPE-EMPTY"),),
    "R-TAG-3": (observed("OBS-DRYRUN-VALIDATES-TAGSPEC"),),
    "R-TAG-4": (observed("OBS-TAG-KEYLEN"),),
    "R-TAG-6": (observed("OBS-TAG-AWS"),),
    "R-TAG-8": (observed("OBS-TAG-DUPKEY"),),
    "R-TAG-10": (observed("OBS-TAG-IMDS"),),
    "R-TAG-15": (observed("mined-capa-5594-nic-tags-without-new-nic"),),
    "R-CREDIT-3": (observed("OBS-CREDIT-NONT"), observed("ri-credit-spec-on-m5-2019")),
    "R-HIB-5": (observed("ri-hib-spot-hibernate-interruption-unencrypted-root"),),
    "R-IAM-1": (observed("ri-iam-profile-name-is-a-role"),),
    "R-IAM-2": (observed("mined-sdk-java-647-profile-name-and-arn"),),
    "R-KEY-1": (observed("ri-key-pair-not-found"),),
    "R-MKT-8": (observed("ri-spot-one-time-with-stop"),),
    "R-CR-3": (observed("mined-packer-12912-cr-id-and-preference"),),
    "R-PLC-10": (observed("ri-plc-affinity-without-host-tenancy"),),
    "R-IDEM-3": (observed("OBS-IDEMP-MISMATCH"),),
    "R-IDEM-6": (observed("OBS-IDEMP-TERMINATED"),),
    "R-PROTO-3": (observed("ri-proto-lowercase-list-prefix-unknownparameter"),),
}
