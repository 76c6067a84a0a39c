import {
    CreateCapacityReservationCommand, CreateVolumeCommand, DescribeImagesCommand, EC2Client, RequestSpotInstancesCommand, RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient, paginateListPoliciesForTarget } from "@aws-sdk/client-organizations";
import { DecodeAuthorizationMessageCommand, STSClient } from "@aws-sdk/client-sts";

import { FREEZE_SCP } from "../../infra/guardrails/policy-documents";
import type { StudentOutput, WorkshopOutputs } from "../../infra/outputs";
import { findStudent } from "../aws/budget-freeze";
import { ACCOUNT_ACCESS_ROLE, type AwsClients } from "../aws/clients";
import type { DriverContext } from "../context";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { stackWorkshopSettings } from "../pulumi/stack-settings";
import { type Clock, systemClock } from "../time/clock";
import { errorText } from "../time/retry";
import { renderTable } from "../ui/table";
import {
    guardrailProofLine, guardrailProofPath, type GuardrailProofRecord, readGuardrailProof, writeGuardrailProof,
} from "../workshop-model/guardrail-proof-record";
import {
    answerText, denyingStatements, type Ec2Request, guardrailProbes, mismatchText, NOT_PROVABLE_LIVE, type Probe, type ProbeResult, probeStatus,
    readDryRunAnswer,
} from "./guardrail-probes";
import { assumeProbeRole, createProbeRole, deleteProbeRole, type ProbeRole, probeRoleName, removeLeftoverProbeRoles } from "./probe-role";

/**
 * `doctor --guardrails <email>`: the workshop's SCPs proven on the real organization, at $0.
 * Through the student account's access role it creates a probe role with the student permission
 * set's policy, sends EC2 DryRun requests as that role, decodes each denial, and deletes the role
 * (on success, failure and Ctrl-C). It never freezes or unfreezes anything.
 */

export interface GuardrailProofOptions {
    clock?: Clock;
}

export interface GuardrailProof {
    student: StudentOutput;
    frozen: boolean;
    results: ProbeResult[];
    record: GuardrailProofRecord;
}

/** The freeze SCP is attached to the account itself (by Budgets at 100%, or `freeze`). */
async function isFrozen(aws: AwsClients, accountId: string, workshopName: string): Promise<boolean> {
    for await (const page of paginateListPoliciesForTarget({ client: aws.client(OrganizationsClient) }, { TargetId: accountId, Filter: "SERVICE_CONTROL_POLICY" })) {
        if ((page.Policies ?? []).some((p) => p.Name === `${workshopName}-${FREEZE_SCP}`)) return true;
    }
    return false;
}

/** The newest Amazon Linux 2023 image of a region, looked up by the access role (which the region SCP exempts). */
async function amazonLinuxImage(inAccount: AwsClients, region: string): Promise<string> {
    const { Images } = await inAccount.client(EC2Client, { region }).send(new DescribeImagesCommand({
        Owners: ["amazon"], Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-x86_64"] }, { Name: "state", Values: ["available"] }],
    }));
    const newest = [...(Images ?? [])].sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
    if (!newest?.ImageId) throw new Error(`no Amazon Linux 2023 image in ${region}`);
    return newest.ImageId;
}

function send(ec2: EC2Client, request: Ec2Request, imageId: string | undefined): Promise<unknown> {
    switch (request.api) {
        case "RunInstances":
            return ec2.send(new RunInstancesCommand({ ...request.input, ImageId: imageId, DryRun: true }));
        case "RequestSpotInstances":
            return ec2.send(new RequestSpotInstancesCommand({
                ...request.input, LaunchSpecification: { ...request.input.LaunchSpecification, ImageId: imageId }, DryRun: true,
            }));
        case "CreateVolume":
            return ec2.send(new CreateVolumeCommand({ ...request.input, DryRun: true }));
        case "CreateCapacityReservation":
            return ec2.send(new CreateCapacityReservationCommand({ ...request.input, DryRun: true }));
    }
}

const needsImage = (probe: Probe) => probe.request.api === "RunInstances" || probe.request.api === "RequestSpotInstances";

async function runProbe(probe: Probe, probeAws: AwsClients, inAccount: AwsClients, images: Map<string, Promise<string>>): Promise<ProbeResult> {
    let imageId: string | undefined;
    if (needsImage(probe)) {
        if (!images.has(probe.region)) images.set(probe.region, amazonLinuxImage(inAccount, probe.region));
        try {
            imageId = await images.get(probe.region)!;
        } catch (error) {
            return { probe, answer: { kind: "inconclusive", error: `no image to launch: ${errorText(error)}` } };
        }
    }
    let answer;
    try {
        await send(probeAws.client(EC2Client, { region: probe.region }), probe.request, imageId);
        // A DryRun request always fails; one that succeeded would have run, and was not asked to.
        answer = { kind: "inconclusive" as const, error: "EC2 accepted a DryRun request without DryRunOperation" };
    } catch (error) {
        answer = readDryRunAnswer(error);
    }
    if (answer.kind !== "denied" || !answer.encoded) return { probe, answer };
    try {
        const { DecodedMessage } = await inAccount.client(STSClient, { region: probe.region }).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: answer.encoded }));
        return { probe, answer, deniedBy: denyingStatements(DecodedMessage ?? "{}").statements };
    } catch (error) {
        return { probe, answer, decodeError: errorText(error) };
    }
}

/** Deletes the probe role on Ctrl-C too, then lets the signal end the process as it would have. */
function deleteOnInterrupt(remove: () => Promise<void>): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
        dispose();
        void remove().finally(() => process.kill(process.pid, signal));
    };
    const dispose = () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    return dispose;
}

/** Removes the probe roles a killed run left in these accounts (the next run, and `destroy`). */
export async function removeProbeRolesLeftIn(aws: AwsClients, accountIds: string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const id of accountIds) removed.push(...(await removeLeftoverProbeRoles(aws.forAccount(id).client(IAMClient))).map((name) => `${id}/${name}`));
    return removed;
}

export async function proveGuardrails(ctx: DriverContext, email: string, options: GuardrailProofOptions = {}): Promise<GuardrailProof> {
    const clock = options.clock ?? systemClock;
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const student = findStudent(outputs, email);
    if (!student) throw new Error(`${email} has no account in stack ${ctx.stack}: \`npm run status\` lists who does; the probe needs a deployed student account`);
    const settings = await stackWorkshopSettings(ctx.engine);
    const inAccount = ctx.aws.forAccount(student.accountId);
    const iam = inAccount.client(IAMClient);
    let leftovers: string[];
    try {
        leftovers = await removeLeftoverProbeRoles(iam);
    } catch (error) {
        throw new Error(`could not work in account ${student.accountId} through ${ACCOUNT_ACCESS_ROLE}: ${errorText(error)}. ` +
            "Check that the account is ACTIVE and the role exists (`npm run doctor -- " + email + "`), and that your credentials may assume it.", { cause: error });
    }
    if (leftovers.length) ctx.log(`Removed probe role(s) an interrupted run left: ${leftovers.join(", ")}.`);
    const frozen = await isFrozen(ctx.aws, student.accountId, settings.workshopName);
    const probes = guardrailProbes(settings, frozen);

    const role: ProbeRole = await createProbeRole(iam, {
        name: probeRoleName(ctx.now()), policyArn: settings.permissionSetPolicyArn,
        trustedArn: `arn:aws:iam::${student.accountId}:role/${ACCOUNT_ACCESS_ROLE}`,
    });
    const remove = () => deleteProbeRole(iam, role.name);
    const dispose = deleteOnInterrupt(remove);
    let results: ProbeResult[];
    try {
        const credentials = await assumeProbeRole(inAccount.client(STSClient), role, clock);
        const probeAws = ctx.aws.withCredentials(credentials);
        const images = new Map<string, Promise<string>>();
        results = [];
        for (const probe of probes) results.push(await runProbe(probe, probeAws, inAccount, images));
    } finally {
        dispose();
        await remove();
    }
    const count = (status: ReturnType<typeof probeStatus>) => results.filter((r) => probeStatus(r) === status).length;
    const record: GuardrailProofRecord = {
        version: 1, provenAt: ctx.now().toISOString(), email: student.email, accountId: student.accountId, frozen,
        proven: count("proven"), failed: count("FAIL"), unknown: count("unknown"),
    };
    writeGuardrailProof(guardrailProofPath(ctx.dataDir), record);
    return { student, frozen, results, record };
}

/** The table and what follows it. */
export function guardrailProofReport(proof: GuardrailProof): string[] {
    const rows = proof.results.map((r) => [r.probe.name, r.probe.region, r.probe.expect, answerText(r), probeStatus(r)]);
    const lines = [
        `Guardrails of account ${proof.student.accountId} (${proof.student.email})${proof.frozen ? ", frozen now: every request should be denied" : ""}, ` +
            "as a role with the student permission set's policy. Every request is a DryRun: nothing is created, the cost is $0.",
        ...renderTable(["request", "region", "expected", "AWS answered", "verdict"], rows),
    ];
    for (const r of proof.results) {
        const mismatch = mismatchText(r);
        if (mismatch) lines.push(`FAIL: ${mismatch}`);
    }
    lines.push("Not provable live (no DryRun), proven in simulation only (tests/policies/):", ...NOT_PROVABLE_LIVE.map((n) => `  - ${n}`));
    const { proven, failed, unknown } = proof.record;
    lines.push(`${proven} proven, ${failed} FAIL, ${unknown} could not be sent. Cost: $0.`);
    return lines;
}

/** `doctor --guardrails` and the automatic run after `up`: the table, and 1 when anything was not proven. */
export async function runGuardrailProof(ctx: DriverContext, email: string, options: GuardrailProofOptions = {}): Promise<number> {
    const proof = await proveGuardrails(ctx, email, options);
    guardrailProofReport(proof).forEach((line) => ctx.log(line));
    return proof.record.failed + proof.record.unknown > 0 ? 1 : 0;
}

/** After an `up` that created accounts: prove the guardrails on the first of them, once per workshop. */
export async function proveOnFirstNewAccount(ctx: DriverContext, outputs: WorkshopOutputs, newStudentKeys: string[], options: GuardrailProofOptions = {}): Promise<number> {
    const earlier = readGuardrailProof(guardrailProofPath(ctx.dataDir));
    const first = outputs.students[newStudentKeys[0]];
    if (earlier || !first) return 0;
    ctx.log(`Proving the guardrails on the first new account, ${first.accountId} (once per workshop; --no-guardrail-proof skips it):`);
    const failed = await runGuardrailProof(ctx, first.email, options);
    ctx.log(guardrailProofLine(readGuardrailProof(guardrailProofPath(ctx.dataDir))));
    return failed;
}

/** `destroy`'s tidy-up: the probe roles an interrupted run left in the workshop's accounts. */
export async function removeStudentProbeRoles(ctx: DriverContext, outputs: WorkshopOutputs): Promise<number> {
    const removed = await removeProbeRolesLeftIn(ctx.aws, Object.values(outputs.students).map((s) => s.accountId));
    if (removed.length) ctx.log(`Removed ${removed.length} leftover guardrail probe role(s): ${removed.join(", ")}.`);
    return 0;
}
