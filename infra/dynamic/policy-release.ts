import * as pulumi from "@pulumi/pulumi";

import { type AwsConnection, type ProviderConfig, stackCredentials,type StaticCredentials } from "./aws-connection";
import { detachFromAllTargets, organizationsClient } from "./organizations-cleanup";
import { diffBy } from "./provider-diff";

export interface PolicyReleaseInputs {
    connection: AwsConnection;
    policyId: string;
}

type Inputs = PolicyReleaseInputs & Record<string, unknown>;

/**
 * Deleting it detaches the policy from every root, OU and account it is attached to. Pulumi deletes
 * it before the policy it depends on, so DeletePolicy finds the policy detached even when AWS Budgets
 * attached it to a frozen student outside Pulumi's state.
 */
class PolicyReleaseProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    /** The stack's credentials as they are now, never a copy from the state (which goes stale). */
    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        return { id: inputs.policyId, outs: inputs };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        return diffBy(olds, news, "policyId", ["connection"]);
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }

    async delete(_id: string, props: Inputs): Promise<void> {
        await detachFromAllTargets(await organizationsClient(props.connection, this.credentials), props.policyId);
    }
}

const provider = new PolicyReleaseProvider();

export class PolicyRelease extends pulumi.dynamic.Resource {
    constructor(name: string, args: { [K in keyof PolicyReleaseInputs]: pulumi.Input<PolicyReleaseInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, "workshop-accounts", "PolicyRelease");
    }
}
