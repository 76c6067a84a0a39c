import {
    AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, IAMClient,
    ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRoleTagsCommand, paginateListRoles,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";

import type { Clock } from "../time/clock";

/**
 * The short-lived role `doctor --guardrails` probes through: created in the student account by
 * its access role, with the student permission set's policy, trusted by the access role alone,
 * and deleted when the probe ends. The region and freeze SCPs exempt OrganizationAccountAccessRole
 * on purpose, so only a principal like this one shows what they do to a student.
 * Its fixed path, name prefix and tag let the next run, and `destroy`, find one a crash left behind.
 */

export const PROBE_ROLE_PATH = "/workshop-guardrail-probe/";
export const PROBE_ROLE_PREFIX = "workshop-guardrail-probe-";
export const PROBE_ROLE_TAG = { Key: "workshop-accounts", Value: "guardrail-probe" } as const;

export interface ProbeRole {
    name: string;
    arn: string;
}

const isNamed = (error: unknown, ...names: string[]) => names.includes((error as Error)?.name);

/** One role name per run: the time, so a leftover says when it was made. */
export function probeRoleName(now: Date): string {
    return `${PROBE_ROLE_PREFIX}${now.toISOString().replace(/\D/g, "").slice(0, 14)}`;
}

export async function createProbeRole(iam: IAMClient, options: { name: string; trustedArn: string; policyArn: string }): Promise<ProbeRole> {
    const trust = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: options.trustedArn }, Action: "sts:AssumeRole" }],
    };
    const { Role } = await iam.send(new CreateRoleCommand({
        RoleName: options.name, Path: PROBE_ROLE_PATH, AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 3600,
        Description: "doctor --guardrails: a student's permissions, to prove the SCPs with DryRun requests; deleted after the run",
        Tags: [PROBE_ROLE_TAG],
    }));
    if (!Role?.Arn) throw new Error(`IAM created ${options.name} without an ARN`);
    try {
        await iam.send(new AttachRolePolicyCommand({ RoleName: options.name, PolicyArn: options.policyArn }));
    } catch (error) {
        await deleteProbeRole(iam, options.name);
        throw error;
    }
    return { name: options.name, arn: Role.Arn };
}

/** Detaches and deletes what the role holds, then the role; a role already gone is fine. */
export async function deleteProbeRole(iam: IAMClient, name: string): Promise<void> {
    try {
        const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
        for (const p of AttachedPolicies ?? []) await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: p.PolicyArn }));
        const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
        for (const policy of PolicyNames ?? []) await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }));
        await iam.send(new DeleteRoleCommand({ RoleName: name }));
    } catch (error) {
        if (!isNamed(error, "NoSuchEntityException", "NoSuchEntity")) throw error;
    }
}

/** Probe roles a killed run left: under the probe path, with the prefix and the tag. Deleted; their names returned. */
export async function removeLeftoverProbeRoles(iam: IAMClient): Promise<string[]> {
    const removed: string[] = [];
    for await (const page of paginateListRoles({ client: iam }, { PathPrefix: PROBE_ROLE_PATH })) {
        for (const role of page.Roles ?? []) {
            if (!role.RoleName?.startsWith(PROBE_ROLE_PREFIX)) continue;
            const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }));
            if (!(Tags ?? []).some((t) => t.Key === PROBE_ROLE_TAG.Key && t.Value === PROBE_ROLE_TAG.Value)) continue;
            await deleteProbeRole(iam, role.RoleName);
            removed.push(role.RoleName);
        }
    }
    return removed;
}

/**
 * IAM is eventually consistent: a role can be refused for some seconds after CreateRole returns
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 * So AccessDenied is retried, a bounded number of times.
 */
export const ASSUME_ATTEMPTS = 10;
export const ASSUME_DELAY_MS = 3000;

export async function assumeProbeRole(sts: STSClient, role: ProbeRole, clock: Clock): Promise<AwsCredentialIdentity> {
    for (let attempt = 1; ; attempt++) {
        try {
            const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: "guardrail-probe", DurationSeconds: 900 }));
            if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${role.name} returned no credentials`);
            return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
        } catch (error) {
            if (!isNamed(error, "AccessDenied", "AccessDeniedException") || attempt >= ASSUME_ATTEMPTS) throw error;
            await clock.sleep(ASSUME_DELAY_MS);
        }
    }
}
