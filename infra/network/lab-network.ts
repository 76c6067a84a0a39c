import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

import type { LabNetworkSettings } from "../config";
import type { AwsConnection } from "../dynamic/aws-connection";
import { RoleReady } from "../dynamic/role-ready";
import { explicitProviderArgs } from "../providers";

export interface LabNetworkArgs {
    account: aws.organizations.Account;
    region: string;
    settings: LabNetworkSettings;
    connection: pulumi.Input<AwsConnection>;
}

/** How long a new account's access role may take to become assumable before the lab network gives up. */
export const ROLE_READY_TIMEOUT_SECONDS = 300;

/**
 * A ready VPC inside a student's account for courses that start from one. Public subnets only
 * and no NAT gateway: a VPC, subnets, route tables and an internet gateway cost nothing.
 * It is built through the account's OrganizationAccountAccessRole, which Organizations creates
 * in every account it vends; the provider waits until that role can be assumed (RoleReady).
 */
export class LabNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;

    constructor(name: string, args: LabNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:LabNetwork", name, {}, opts);
        const role = new RoleReady(`${name}-role-ready`, {
            connection: args.connection,
            roleArn: pulumi.interpolate`arn:aws:iam::${args.account.id}:role/OrganizationAccountAccessRole`,
            timeoutSeconds: ROLE_READY_TIMEOUT_SECONDS,
        }, { parent: this });
        const provider = new aws.Provider(name, explicitProviderArgs(args.region, {
            assumeRoles: [{ roleArn: role.roleArn, sessionName: "workshop-accounts-lab-network" }],
        }), { parent: this });
        const vpc = new awsx.ec2.Vpc(name, {
            cidrBlock: args.settings.cidrBlock,
            // Named, not looked up: a lookup through this provider, whose role is unknown until the account
            // exists, crashes the preview (pulumi-awsx#961).
            availabilityZoneNames: args.settings.availabilityZoneNames,
            natGateways: { strategy: awsx.ec2.NatGatewayStrategy.None },
            subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
            subnetSpecs: [{ type: awsx.ec2.SubnetType.Public }],
            tags: { Name: `${name}-lab` },
        }, {
            parent: this,
            providers: [provider],
            // Closing the account removes the VPC; deleting it first would fail on anything a student left in it.
            deletedWith: args.account,
        });
        this.vpcId = vpc.vpcId;
        this.registerOutputs({ vpcId: this.vpcId });
    }
}
