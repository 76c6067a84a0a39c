import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { AwsConnection } from "./dynamic/aws-connection";

/**
 * Settings that pin the management account (allowedAccountIds) would make a provider that acts in a
 * student account refuse to start; they stay with the default provider.
 */
const MANAGEMENT_ONLY = new Set(["allowedAccountIds", "forbiddenAccountIds"]);
/** Credentials: kept secret wherever they travel (provider inputs, dynamic resources' state). */
const CREDENTIALS = new Set(["accessKey", "secretKey", "token"]);

function parse(raw: string): unknown {
    // Structured stack config (lists, objects, numbers, booleans) arrives as JSON text; plain strings do not parse.
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/**
 * Every `aws:*` stack setting, as the default provider reads it: profile, assumeRoles,
 * sharedCredentialsFiles, defaultTags, endpoints, retries... Secrets stay secret.
 */
export function stackAwsSettings(): Record<string, unknown> {
    const settings: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith("aws:")) continue;
        const value = parse(raw);
        const name = key.slice("aws:".length);
        settings[name] = CREDENTIALS.has(name) ? pulumi.secret(value) : value;
    }
    return settings;
}

/**
 * Arguments for an explicit AWS provider. Explicit providers do not read the stack's `aws:*`
 * config the way the default provider does, so without this an instructor who signs in with
 * `aws:profile` or `aws:assumeRoles` would see these resources use other credentials, and lose the
 * default tags. `extra.assumeRoles` is chained after the stack's own roles (first into the
 * management account, then into the student account).
 */
export function explicitProviderArgs(region: string, extra: Omit<aws.ProviderArgs, "region"> = {}): aws.ProviderArgs {
    const inherited = stackAwsSettings();
    const crossAccount = extra.assumeRoles !== undefined;
    const base = Object.fromEntries(Object.entries(inherited).filter(([key]) => !(crossAccount && MANAGEMENT_ONLY.has(key)))) as aws.ProviderArgs;
    const stackRoles = (inherited.assumeRoles ?? []) as aws.types.input.ProviderAssumeRole[];
    return {
        ...base,
        ...extra,
        region: region as aws.Region,
        ...(crossAccount ? { assumeRoles: pulumi.output(extra.assumeRoles!).apply((more) => [...stackRoles, ...(more ?? [])]) } : {}),
    };
}

/**
 * How a dynamic provider reaches AWS: the default provider's profile, shared files and assume-role
 * chain. Never the stack's keys: these inputs are kept in the state, where a session token goes
 * stale (a later `destroy` would fail to park the accounts) and every new token would show an update.
 * The providers read the keys from the stack config when they run (infra/dynamic/aws-connection.ts).
 */
export function stackAwsConnection(): pulumi.Output<AwsConnection> {
    const s = stackAwsSettings();
    const roles = (s.assumeRoles ?? (s.assumeRole ? [s.assumeRole] : [])) as NonNullable<AwsConnection["assumeRoles"]>;
    const files = (value: unknown) => (Array.isArray(value) && value.length > 0 ? String(value[0]) : undefined);
    const connection: AwsConnection = {};
    if (s.profile) connection.profile = String(s.profile);
    const credentialsFile = files(s.sharedCredentialsFiles);
    if (credentialsFile) connection.sharedCredentialsFile = credentialsFile;
    const configFile = files(s.sharedConfigFiles);
    if (configFile) connection.sharedConfigFile = configFile;
    if (roles.length > 0) connection.assumeRoles = roles;
    // An external id in the role chain is kept out of the preview's output.
    return pulumi.secret(connection);
}
