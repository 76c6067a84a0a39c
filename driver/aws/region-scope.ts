import { STSClient } from "@aws-sdk/client-sts";

import { errorText, withRetries } from "../time/retry";
import { ACCOUNT_ACCESS_ROLE, type AwsClientClass, type AwsClients } from "./clients";
import { isRetryableAwsError, retrying, type RetryOptions } from "./retrying-client";

/**
 * One student account in one region, as the inventory, the freeze and the meter work in it:
 * clients through the account's access role, each call retried by the driver's own policy.
 */
export interface RegionScope {
    accountId: string;
    region: string;
    /** A client of this account and region; the same one for every call with the same class. */
    client<T extends object>(Client: AwsClientClass<T>): T;
}

export function regionScope(aws: AwsClients, accountId: string, region: string, retry: RetryOptions): RegionScope {
    const inAccount = aws.forAccount(accountId);
    const clients = new Map<unknown, object>();
    return {
        accountId,
        region,
        client: <T extends object>(Client: AwsClientClass<T>): T => {
            let client = clients.get(Client) as T | undefined;
            if (!client) {
                client = retrying(inAccount.client(Client, { region, maxAttempts: 1 }), retry);
                clients.set(Client, client);
            }
            return client;
        },
    };
}

/**
 * Assumes the account's access role once, up front: an account whose role cannot be assumed
 * (AccessDenied, a suspended account) is then one clear failure instead of one per call.
 * The session is kept by the client factory and reused by every later client of the account.
 */
export async function enterAccount(aws: AwsClients, accountId: string, retry: RetryOptions): Promise<void> {
    const sts = aws.forAccount(accountId).client(STSClient);
    const outcome = await withRetries(() => sts.config.credentials(), isRetryableAwsError, retry.policy, retry.clock);
    if (!outcome.ok) {
        throw new Error(`cannot assume ${ACCOUNT_ACCESS_ROLE} in ${accountId}: ${errorText(outcome.error)}`, { cause: outcome.error });
    }
}
