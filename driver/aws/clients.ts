import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";

/**
 * The one place the driver builds AWS SDK clients. Every command gets them from the context
 * (`ctx.aws`), so credentials, region and endpoints are decided once: from the environment and
 * the stack's `aws:profile` / `aws:region` in production, from fixed test values under
 * aws-sdk-client-mock in tests.
 */

/**
 * Organizations, Budgets and Cost Explorer are global services answered from us-east-1,
 * whatever region the workshop runs in.
 */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/** What the factory sets on a client; every AWS SDK v3 client accepts these. */
export interface AwsClientConfig {
    region: string;
    profile?: string;
    credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    endpoint?: string;
    maxAttempts?: number;
}

/** An AWS SDK v3 client class, e.g. OrganizationsClient. */
export type AwsClientClass<T> = new (config: AwsClientConfig) => T;

export interface ClientOptions {
    /** Defaults to the global services' region. */
    region?: string;
    /** The SDK's own attempts; 1 where a retry could repeat a side effect (sending an email). */
    maxAttempts?: number;
}

export interface AwsClients {
    /** A client of the management account (the credentials the driver runs with). */
    client<T>(Client: AwsClientClass<T>, options?: ClientOptions): T;
    /**
     * The region of regional management-account services (SES): AWS_REGION, AWS_DEFAULT_REGION or
     * the stack's aws:region. Throws an actionable error when none is set.
     */
    homeRegion(): string;
    /**
     * The same factory inside a student account, through the role Organizations created in it
     * (OrganizationAccountAccessRole). One session per account, reused until shortly before it expires.
     */
    forAccount(accountId: string): AwsClients;
    /** The same factory signing with other credentials (a role the driver assumed, such as the guardrail probe's). */
    withCredentials(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): AwsClients;
}

/** The role Organizations creates in every account it creates, trusted by the management account. */
export const ACCOUNT_ACCESS_ROLE = "OrganizationAccountAccessRole";
/** A session is renewed this long before it expires, so no call starts with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface AwsEnvironment {
    env: NodeJS.ProcessEnv;
    /** The stack's aws:profile, so the driver signs in like `pulumi up` does. */
    profile?: string;
    /** The stack's aws:region. */
    region?: string;
}

/**
 * Endpoint overrides by client class name: SES_ENDPOINT points SES at the local emulator;
 * AWS_ENDPOINT_URL_<SERVICE> (the SDK's own convention) works for every client as well.
 */
function endpointFor(clientName: string, env: NodeJS.ProcessEnv): string | undefined {
    if (clientName === "SESv2Client" && env.SES_ENDPOINT) return env.SES_ENDPOINT;
    const service = clientName.replace(/Client$/, "").toUpperCase();
    return env[`AWS_ENDPOINT_URL_${service}`] || undefined;
}

/**
 * Static keys from the given environment win (the context's env is not always process.env: tests
 * and the SES emulator pass their own); otherwise the SDK's default chain, with the stack's profile.
 */
function credentialsFrom(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

export function awsClients(source: AwsEnvironment): AwsClients {
    const credentials = credentialsFrom(source.env);
    const profile = credentials ? undefined : source.env.AWS_PROFILE || source.profile;
    return factory(source, credentials ? { credentials } : profile ? { profile } : {});
}

type Identity = Pick<AwsClientConfig, "credentials" | "profile">;

function factory(source: AwsEnvironment, identity: Identity): AwsClients {
    const accounts = new Map<string, AwsClients>();
    const clients: AwsClients = {
        client: <T>(Client: AwsClientClass<T>, options: ClientOptions = {}): T => {
            const endpoint = endpointFor(Client.name, source.env);
            return new Client({
                region: options.region ?? GLOBAL_SERVICES_REGION,
                ...identity,
                ...(endpoint ? { endpoint } : {}),
                ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
            });
        },
        homeRegion: () => {
            const region = source.env.AWS_REGION || source.env.AWS_DEFAULT_REGION || source.region;
            if (!region) {
                throw new Error("AWS_REGION is not set: set it to the region your SES identities are verified in, e.g. AWS_REGION=us-east-1");
            }
            return region;
        },
        forAccount: (accountId) => {
            let inAccount = accounts.get(accountId);
            if (!inAccount) {
                inAccount = factory(source, { credentials: assumedRole(clients, accountId) });
                accounts.set(accountId, inAccount);
            }
            return inAccount;
        },
        withCredentials: (credentials) => factory(source, { credentials }),
    };
    return clients;
}

/** Credentials of the account's access role, assumed on first use and again only near expiry. */
function assumedRole(management: AwsClients, accountId: string): AwsCredentialIdentityProvider {
    let session: Promise<AwsCredentialIdentity> | undefined;
    const fresh = (c: AwsCredentialIdentity) => !c.expiration || c.expiration.getTime() - Date.now() > RENEW_BEFORE_MS;
    const assume = async (): Promise<AwsCredentialIdentity> => {
        // Loaded on first use: every command's context holds this factory, and `--help` must load no SDK client.
        const { AssumeRoleCommand, STSClient } = await import("@aws-sdk/client-sts");
        const { Credentials: c } = await management.client(STSClient).send(new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${accountId}:role/${ACCOUNT_ACCESS_ROLE}`,
            RoleSessionName: "workshop-accounts",
        }));
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    };
    return async () => {
        const current = session && await session.catch(() => undefined);
        if (current && fresh(current)) return current;
        session = assume();
        return session;
    };
}
