import type {
    CreateCapacityReservationCommandInput, CreateVolumeCommandInput, RequestSpotInstancesCommandInput, RunInstancesCommandInput,
} from "@aws-sdk/client-ec2";

import type { WorkshopSettings } from "../../infra/config";
import { FREEZE_SCP, GUARDRAIL_SCPS } from "../../infra/guardrails/policy-documents";

/**
 * What `doctor --guardrails` asks EC2, and how it reads the answers. Pure. Every request carries
 * DryRun: EC2 authorizes it in full, SCPs included, then answers DryRunOperation (it would have
 * run) or UnauthorizedOperation (denied), and runs nothing: nothing is created, nothing is billed
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/CommonParameters.html, DryRun).
 */

export type Ec2Request =
    | { api: "RunInstances"; input: Omit<RunInstancesCommandInput, "ImageId" | "DryRun"> }
    | { api: "RequestSpotInstances"; input: Omit<RequestSpotInstancesCommandInput, "DryRun"> }
    | { api: "CreateVolume"; input: Omit<CreateVolumeCommandInput, "DryRun"> }
    | { api: "CreateCapacityReservation"; input: Omit<CreateCapacityReservationCommandInput, "DryRun"> };

export interface Probe {
    name: string;
    region: string;
    expect: "allowed" | "denied";
    /** The SCP statement ("file: Sid") that should deny it; for an allowed probe, none. */
    statement?: string;
    request: Ec2Request;
}

/** Requests AWS offers no DryRun for: the guardrails over them are proven by the simulator only (tests/policies/). */
export const NOT_PROVABLE_LIVE = [
    "ec2:AllocateHosts (dedicated hosts): no DryRun parameter",
    "rds:CreateDBInstance and the other RDS, SageMaker and Auto Scaling limits: no DryRun parameter",
    "the services closed by scp-service-limits (EKS, OpenSearch...): no DryRun parameter",
];

/** Regions enabled in every account by default, tried in order for "a region outside the allow-list". */
const DEFAULT_REGIONS = ["us-west-2", "eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2"];

const LARGE_TYPE = "p5.48xlarge";
const statement = (file: string, sid: string) => `${file}: ${sid}`;
const COMPUTE = GUARDRAIL_SCPS.computeLimits;

function oneInstance(type: string, extra: Partial<RunInstancesCommandInput> = {}): Ec2Request {
    return { api: "RunInstances", input: { InstanceType: type as never, MinCount: 1, MaxCount: 1, ...extra } };
}

/**
 * The probes for a workshop's settings. On a frozen account every request is denied, the freeze
 * SCP's statement first among the reasons.
 */
export function guardrailProbes(settings: Pick<WorkshopSettings, "allowedRegions" | "allowedInstanceTypes" | "maxVolumeSizeGiB" | "maxVolumeIops">, frozen: boolean): Probe[] {
    const region = settings.allowedRegions[0];
    const outside = DEFAULT_REGIONS.find((r) => !settings.allowedRegions.includes(r));
    // An allowed type without a "*" pattern; t3.micro when the list has only patterns.
    const small = settings.allowedInstanceTypes.find((t) => !t.includes("*")) ?? "t3.micro";
    const zone = `${region}a`;
    const tooBig = Math.max(2048, settings.maxVolumeSizeGiB + 1);
    const tooFast = Math.max(50_000, settings.maxVolumeIops + 1);
    const probes: Probe[] = [
        { name: `RunInstances ${small}`, region, expect: "allowed", request: oneInstance(small) },
        { name: `RunInstances ${LARGE_TYPE}`, region, expect: "denied", statement: statement(COMPUTE, "DenyInstanceTypesOutsideAllowList"), request: oneInstance(LARGE_TYPE) },
        {
            name: `RequestSpotInstances ${LARGE_TYPE}`, region, expect: "denied", statement: statement(COMPUTE, "DenyUncheckedCapacity"),
            request: { api: "RequestSpotInstances", input: { InstanceCount: 1, LaunchSpecification: { InstanceType: LARGE_TYPE as never } } },
        },
        {
            name: `CreateVolume gp3 ${tooBig} GiB`, region, expect: "denied", statement: statement(COMPUTE, "DenyLargeVolumes"),
            request: { api: "CreateVolume", input: { AvailabilityZone: zone, VolumeType: "gp3", Size: tooBig } },
        },
        {
            name: `CreateVolume io2 ${tooFast.toLocaleString("en-US")} IOPS`, region, expect: "denied", statement: statement(COMPUTE, "DenyVolumeIopsAboveLimit"),
            request: { api: "CreateVolume", input: { AvailabilityZone: zone, VolumeType: "io2", Size: 100, Iops: tooFast } },
        },
        {
            name: `CreateCapacityReservation ${small}`, region, expect: "denied", statement: statement(COMPUTE, "DenyUncheckedCapacity"),
            request: { api: "CreateCapacityReservation", input: { InstanceType: small, InstancePlatform: "Linux/UNIX", AvailabilityZone: zone, InstanceCount: 1 } },
        },
        {
            name: `RunInstances ${small} on dedicated tenancy`, region, expect: "denied", statement: statement(COMPUTE, "DenyDedicatedTenancy"),
            request: oneInstance(small, { Placement: { Tenancy: "dedicated" } }),
        },
    ];
    if (outside) {
        probes.push({ name: `RunInstances ${small} outside the allowed regions`, region: outside, expect: "denied",
            statement: statement(GUARDRAIL_SCPS.regions, "DenyOutsideAllowedRegions"), request: oneInstance(small) });
    }
    if (!frozen) return probes;
    return probes.map((p) => ({ ...p, expect: "denied", statement: statement(FREEZE_SCP, "FreezeAllButReadAndCleanUp") + (p.statement ? ` (or ${p.statement})` : "") }));
}

/** What EC2 answered a DryRun request. */
export type ProbeAnswer =
    | { kind: "allowed" }
    | { kind: "denied"; encoded?: string }
    /** Anything else (throttled, a bad parameter, a network error): proves nothing either way. */
    | { kind: "inconclusive"; error: string };

const ENCODED = /Encoded authorization failure message:\s*(\S+)/;

/** Reads the SDK's answer to a DryRun request: EC2 always answers one with an error. */
export function readDryRunAnswer(error: unknown): ProbeAnswer {
    const err = error as { name?: string; Code?: string; message?: string } | undefined;
    const code = err?.name ?? err?.Code ?? "";
    if (code === "DryRunOperation") return { kind: "allowed" };
    if (code === "UnauthorizedOperation") {
        const encoded = ENCODED.exec(err?.message ?? "")?.[1];
        return { kind: "denied", ...(encoded ? { encoded } : {}) };
    }
    return { kind: "inconclusive", error: `${code || "Error"}: ${err?.message ?? String(error)}` };
}

/**
 * The statements an sts:DecodeAuthorizationMessage answer names as denying. Its JSON has
 * `allowed`, `explicitDeny`, `matchedStatements.items[]` (statementId, effect) and `context`
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html).
 */
export function denyingStatements(decoded: string): { explicitDeny: boolean; statements: string[]; action?: string } {
    const message = JSON.parse(decoded) as {
        explicitDeny?: boolean;
        matchedStatements?: { items?: { statementId?: string; effect?: string }[] };
        context?: { action?: string };
    };
    const statements = (message.matchedStatements?.items ?? [])
        .filter((s) => (s.effect ?? "").toUpperCase() === "DENY")
        .map((s) => s.statementId || "(a statement without Sid)");
    return { explicitDeny: !!message.explicitDeny, statements, ...(message.context?.action ? { action: message.context.action } : {}) };
}

export type ProbeStatus = "proven" | "FAIL" | "unknown";

export interface ProbeResult {
    probe: Probe;
    answer: ProbeAnswer;
    /** Denying statements from the decoded message, when it could be decoded. */
    deniedBy?: string[];
    /** Why the message was not decoded. */
    decodeError?: string;
}

export function probeStatus(result: ProbeResult): ProbeStatus {
    if (result.answer.kind === "inconclusive") return "unknown";
    return result.answer.kind === result.probe.expect ? "proven" : "FAIL";
}

/** The "AWS answered" cell: what EC2 said, and which statement denied it when that is known. */
export function answerText(result: ProbeResult): string {
    const { answer } = result;
    if (answer.kind === "allowed") return "DryRunOperation (allowed)";
    if (answer.kind === "inconclusive") return `could not prove: ${answer.error}`;
    const by = result.deniedBy?.length ? `, by ${result.deniedBy.join(", ")}` : result.decodeError ? ` (not decoded: ${result.decodeError})` : "";
    return `UnauthorizedOperation (denied${by})`;
}

/** What the instructor reads under a FAIL. */
export function mismatchText(result: ProbeResult): string | undefined {
    if (probeStatus(result) !== "FAIL") return undefined;
    const { probe } = result;
    return probe.expect === "denied"
        ? `${probe.name} in ${probe.region} would have run: ${probe.statement} should have denied it. Check that the SCP is attached to the workshop OU and the account is in it (\`npm run doctor -- <email>\`).`
        : `${probe.name} in ${probe.region} was denied${result.deniedBy?.length ? ` by ${result.deniedBy.join(", ")}` : ""}: students cannot launch what the workshop allows.`;
}
