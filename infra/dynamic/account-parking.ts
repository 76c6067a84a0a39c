import * as pulumi from "@pulumi/pulumi";

import { admit } from "./account-admission";
import { type AwsConnection, type ProviderConfig, stackCredentials,type StaticCredentials } from "./aws-connection";
import { accountState, detachIfAttached, organizationsClient, parkAccount } from "./organizations-cleanup";

export interface AccountParkingInputs {
    connection: AwsConnection;
    accountId: string;
    /** The OU closed accounts wait in: outside the workshop, with a deny-all SCP. */
    parkingOuId: string;
    /** SCPs attached to the account outside Pulumi (the Budgets freeze) to detach first. */
    releasePolicyIds: string[];
    /** This stack: its closures queue for Organizations' closure slots one at a time (account-admission.ts). */
    queue: string;
}

type Inputs = AccountParkingInputs & Record<string, unknown>;

/**
 * Creating it does nothing; deleting it, which Pulumi does right before it closes the account
 * (the parking depends on the account), waits for one of Organizations' 3 closures in progress
 * (account-admission.ts), detaches the freeze SCP from the account and moves it into the parking OU.
 * The account then closes there, and the workshop OU is left empty to be deleted. Every way an
 * account is closed passes here first: a removed student, a replacement (the parking is replaced
 * with its account) and destroy.
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
        const same = JSON.stringify([olds.parkingOuId, olds.releasePolicyIds, olds.connection, olds.queue]) ===
            JSON.stringify([news.parkingOuId, news.releasePolicyIds, news.connection, news.queue]);
        return { changes: replaces.length > 0 || !same, replaces, deleteBeforeReplace: false };
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }

    async delete(_id: string, props: Inputs): Promise<void> {
        const client = await organizationsClient(props.connection, this.credentials);
        // Only an active account will be closed: one closing or closed already takes no new slot.
        // A parking deployed before admission existed has no queue: its stack is its own.
        if (await accountState(client, props.accountId) === "ACTIVE") await admit(client, { kind: "close", subject: props.accountId, boardId: props.parkingOuId, queue: props.queue ?? "this stack" });
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
