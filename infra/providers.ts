import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Arguments for an explicit AWS provider. Explicit providers do not read the stack's `aws:*`
 * config the way the default provider does, so an instructor who signs in with `aws:profile`
 * would otherwise see these resources use other credentials.
 */
export function explicitProviderArgs(region: string, extra: Omit<aws.ProviderArgs, "region" | "profile"> = {}): aws.ProviderArgs {
    const profile = new pulumi.Config("aws").get("profile");
    return { region: region as aws.Region, ...(profile ? { profile } : {}), ...extra };
}
