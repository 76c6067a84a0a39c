import {
    DescribeAccountCommand, DetachPolicyCommand, ListParentsCommand, ListTargetsForPolicyCommand, MoveAccountCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";

import { retrying } from "../rules/aws-retry";
import { type AwsConnection, DYNAMIC_PROVIDER_RETRY, sdkClientConfig, type StaticCredentials } from "./aws-connection";

/**
 * The Organizations calls that make a workshop's teardown complete: moving an account out of the
 * workshop OU before it is closed (a closed account stays in its OU for 90 days, and an OU with an
 * account in it cannot be deleted), and detaching an SCP that AWS Budgets attached outside Pulumi
 * (a policy attached anywhere cannot be deleted). Serialized into dynamic providers: SDK imports only.
 */

const errorName = (error: unknown) => (error as { name?: string }).name;

/**
 * An Organizations client as the stack's identity, every call retried with backoff: a teardown of
 * many accounts meets Organizations' throttling (TooManyRequestsException), which the SDK's default
 * three attempts do not outlast.
 */
export async function organizationsClient(connection: AwsConnection, credentials: StaticCredentials | undefined): Promise<OrganizationsClient> {
    return retrying(new OrganizationsClient(await sdkClientConfig(connection, credentials)), DYNAMIC_PROVIDER_RETRY);
}

/** Detaches `policyId` from `targetId`; already detached, or gone, is fine. */
export async function detachIfAttached(client: OrganizationsClient, policyId: string, targetId: string): Promise<boolean> {
    try {
        await client.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
        return true;
    } catch (error) {
        if (["PolicyNotAttachedException", "PolicyNotFoundException", "TargetNotFoundException", "AccountNotFoundException"].includes(errorName(error) ?? "")) return false;
        throw error;
    }
}

/** Every root, OU and account the policy is attached to (ListTargetsForPolicy, all pages). */
export async function policyTargets(client: OrganizationsClient, policyId: string): Promise<string[]> {
    const targets: string[] = [];
    let token: string | undefined;
    try {
        do {
            const page = await client.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token }));
            targets.push(...(page.Targets ?? []).map((t) => t.TargetId!).filter(Boolean));
            token = page.NextToken;
        } while (token);
    } catch (error) {
        if (errorName(error) === "PolicyNotFoundException") return [];
        throw error;
    }
    return targets;
}

/** Detaches the policy from every target, so DeletePolicy can succeed. Returns the targets it was on. */
export async function detachFromAllTargets(client: OrganizationsClient, policyId: string): Promise<string[]> {
    const detached: string[] = [];
    for (const target of await policyTargets(client, policyId)) {
        if (await detachIfAttached(client, policyId, target)) detached.push(target);
    }
    return detached;
}

/** The account's State (DescribeAccount; Status on older answers), or "GONE" once it left the organization. */
export async function accountState(client: OrganizationsClient, accountId: string): Promise<string> {
    try {
        const { Account } = await client.send(new DescribeAccountCommand({ AccountId: accountId }));
        return Account?.State ?? Account?.Status ?? "UNKNOWN";
    } catch (error) {
        if (errorName(error) === "AccountNotFoundException") return "GONE";
        throw error;
    }
}

/**
 * Moves an account the caller found ACTIVE (Organizations moves only active accounts) into the
 * parking OU, from its current parent; one parked already stays.
 */
export async function parkAccount(client: OrganizationsClient, accountId: string, parkingOuId: string): Promise<void> {
    const { Parents } = await client.send(new ListParentsCommand({ ChildId: accountId }));
    const parent = Parents?.[0]?.Id;
    if (!parent || parent === parkingOuId) return;
    await client.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: parent, DestinationParentId: parkingOuId }));
}
