import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

import { retrying, type RetryOptions } from "../rules/aws-retry";

/**
 * What a dynamic provider needs to call AWS as the stack does. It runs in Pulumi's dynamic-provider
 * process, which sees its inputs, the environment, and (through `configure`, Pulumi 3.139+) the
 * stack's config. Inputs are kept in the state, so they hold only settings that do not go stale and
 * are not secret keys: the stack's credentials are read from its config each time the provider runs
 * (`stackCredentials`), else the SDK's default chain (environment, profile) finds them.
 * This module is serialized with the providers: it imports only packages and infra/rules.
 */
export interface AwsConnection {
    profile?: string;
    sharedCredentialsFile?: string;
    sharedConfigFile?: string;
    /** The stack's aws:assumeRoles chain, in order. */
    assumeRoles?: { roleArn?: string; sessionName?: string; externalId?: string }[];
}

export interface StaticCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export interface SdkClientConfig {
    region: string;
    profile?: string;
    credentials?: StaticCredentials;
    /** 1: the SDK's own retries are off, `retrying` (infra/rules/aws-retry.ts) decides. */
    maxAttempts: number;
}

/** The stack config as Pulumi hands it to a dynamic provider's `configure`. */
export interface ProviderConfig {
    get(key: string): string | undefined;
}

/** Organizations and STS are answered from us-east-1 in the aws partition. */
export const GLOBAL_REGION = "us-east-1";

/**
 * Enough for a 100-account destroy: 100 gates parking at once through MoveAccount's 2 per second (burst 3,
 * orgs_reference_limits.html) all get through in about 75 s, the unluckiest after 12 attempts in 30
 * simulated runs (tests/infra/dynamic/account-gate.test.ts). Bounded: at most 20 attempts, about
 * 4 minutes of waiting on average before a call is given up on.
 */
export const DYNAMIC_PROVIDER_RETRY: RetryOptions = {
    policy: { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 30_000, random: () => Math.random() },
    clock: { sleep: (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms))) },
};

/** The stack's aws:accessKey / aws:secretKey / aws:token as they are now, or none. */
export function stackCredentials(config: ProviderConfig): StaticCredentials | undefined {
    const accessKeyId = config.get("aws:accessKey");
    const secretAccessKey = config.get("aws:secretKey");
    if (!accessKeyId || !secretAccessKey) return undefined;
    const sessionToken = config.get("aws:token");
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

async function assume(base: SdkClientConfig, roleArn: string, sessionName: string, externalId?: string): Promise<SdkClientConfig> {
    const { Credentials } = await retrying(new STSClient(base), DYNAMIC_PROVIDER_RETRY).send(new AssumeRoleCommand({
        RoleArn: roleArn, RoleSessionName: sessionName, ...(externalId ? { ExternalId: externalId } : {}),
    }));
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`sts:AssumeRole into ${roleArn} returned no credentials`);
    return {
        region: base.region,
        maxAttempts: base.maxAttempts,
        credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken },
    };
}

/** SDK client settings for the stack's identity: its current keys or profile, then its assume-role chain. */
export async function sdkClientConfig(connection: AwsConnection = {}, credentials?: StaticCredentials, region = GLOBAL_REGION): Promise<SdkClientConfig> {
    // The SDK reads shared files only from these variables; this process is the provider's own.
    if (connection.sharedCredentialsFile) process.env.AWS_SHARED_CREDENTIALS_FILE = connection.sharedCredentialsFile;
    if (connection.sharedConfigFile) process.env.AWS_CONFIG_FILE = connection.sharedConfigFile;
    let config: SdkClientConfig = {
        region,
        maxAttempts: 1,
        ...(connection.profile && !credentials ? { profile: connection.profile } : {}),
        ...(credentials ? { credentials } : {}),
    };
    for (const role of connection.assumeRoles ?? []) {
        if (role.roleArn) config = await assume(config, role.roleArn, role.sessionName || "workshop-accounts", role.externalId);
    }
    return config;
}

/** Assumes one more role on top of the stack's identity (a student account's access role). */
export async function assumeInto(connection: AwsConnection, credentials: StaticCredentials | undefined, roleArn: string, sessionName: string): Promise<SdkClientConfig> {
    return assume(await sdkClientConfig(connection, credentials), roleArn, sessionName);
}
