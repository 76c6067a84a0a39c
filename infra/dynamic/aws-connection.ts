import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

/**
 * What a dynamic provider needs to call AWS as the stack does. It runs in Pulumi's dynamic-provider
 * process, which sees only its inputs and the environment, not the stack's `aws:*` config.
 * This module is serialized with the providers: it imports only AWS SDK packages.
 */
export interface AwsConnection {
    profile?: string;
    sharedCredentialsFile?: string;
    sharedConfigFile?: string;
    staticCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    /** The stack's aws:assumeRoles chain, in order. */
    assumeRoles?: { roleArn?: string; sessionName?: string; externalId?: string }[];
}

export interface SdkClientConfig {
    region: string;
    profile?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Organizations and STS are answered from us-east-1 in the aws partition. */
export const GLOBAL_REGION = "us-east-1";

async function assume(base: SdkClientConfig, roleArn: string, sessionName: string, externalId?: string): Promise<SdkClientConfig> {
    const { Credentials } = await new STSClient(base).send(new AssumeRoleCommand({
        RoleArn: roleArn, RoleSessionName: sessionName, ...(externalId ? { ExternalId: externalId } : {}),
    }));
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`sts:AssumeRole into ${roleArn} returned no credentials`);
    return {
        region: base.region,
        credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken },
    };
}

/** SDK client settings for the stack's identity: profile or keys, then its assume-role chain. */
export async function sdkClientConfig(connection: AwsConnection = {}, region = GLOBAL_REGION): Promise<SdkClientConfig> {
    // The SDK reads shared files only from these variables; this process is the provider's own.
    if (connection.sharedCredentialsFile) process.env.AWS_SHARED_CREDENTIALS_FILE = connection.sharedCredentialsFile;
    if (connection.sharedConfigFile) process.env.AWS_CONFIG_FILE = connection.sharedConfigFile;
    let config: SdkClientConfig = {
        region,
        ...(connection.profile ? { profile: connection.profile } : {}),
        ...(connection.staticCredentials ? { credentials: connection.staticCredentials } : {}),
    };
    for (const role of connection.assumeRoles ?? []) {
        if (role.roleArn) config = await assume(config, role.roleArn, role.sessionName || "workshop-accounts", role.externalId);
    }
    return config;
}

/** Assumes one more role on top of the stack's identity (a student account's access role). */
export async function assumeInto(connection: AwsConnection, roleArn: string, sessionName: string): Promise<SdkClientConfig> {
    return assume(await sdkClientConfig(connection), roleArn, sessionName);
}
