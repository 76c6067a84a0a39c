import * as pulumi from "@pulumi/pulumi";

import { type AwsConnection, type ProviderConfig, stackCredentials,type StaticCredentials } from "./aws-connection";
import { detachIfAttached, organizationsClient, parkAccount } from "./organizations-cleanup";

export interface AccountParkingInputs {
    connection: AwsConnection;
    accountId: string;
    /** The OU closed accounts wait in: outside the workshop, with a deny-all SCP. */
    parkingOuId: string;
    /** SCPs attached to the account outside Pulumi (the Budgets freeze) to detach first. */
    releasePolicyIds: string[];
}

type Inputs = AccountParkingInputs & Record<string, unknown>;

/**
 * Creating it does nothing; deleting it, which Pulumi does right before it closes the account
 * (the parking depends on the account), detaches the freeze SCP from the account and moves it into
 * the parking OU. The account then closes there, and the workshop OU is left empty to be deleted.
 */
class AccountParkingProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    /** The stack's credentials as they are now, never a copy from the state (which goes stale). */
    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        return { id: inputs.accountId, outs: inputs };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        // Another account (a replaced one) needs its own parking, so the old account is parked as it closes.
        const replaces = olds.accountId !== news.accountId ? ["accountId"] : [];
        const same = JSON.stringify([olds.parkingOuId, olds.releasePolicyIds, olds.connection]) ===
            JSON.stringify([news.parkingOuId, news.releasePolicyIds, news.connection]);
        return { changes: replaces.length > 0 || !same, replaces, deleteBeforeReplace: false };
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }

    async delete(_id: string, props: Inputs): Promise<void> {
        const client = await organizationsClient(props.connection, this.credentials);
        for (const policyId of props.releasePolicyIds ?? []) await detachIfAttached(client, policyId, props.accountId);
        await parkAccount(client, props.accountId, props.parkingOuId);
    }
}

const provider = new AccountParkingProvider();

/** Parks a student's account in the suspended-accounts OU when the account is deleted (closed). */
export class AccountParking extends pulumi.dynamic.Resource {
    constructor(name: string, args: { [K in keyof AccountParkingInputs]: pulumi.Input<AccountParkingInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, "workshop-accounts", "AccountParking");
    }
}
