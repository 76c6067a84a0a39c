import { ListAccountsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import * as pulumi from "@pulumi/pulumi";

import { admit } from "./account-admission";
import { type AwsConnection, type ProviderConfig, stackCredentials, type StaticCredentials } from "./aws-connection";
import { organizationsClient } from "./organizations-cleanup";

export interface CreationSlotInputs {
    connection: AwsConnection;
    /** The account's name, as ListCreateAccountStatus shows it while it is being created. */
    accountName: string;
    /** The account's root email: a new one means a new account (email forces a replacement), so a new slot. */
    accountEmail: string;
    /** The organization's parking OU, whose tags carry the admission leases. */
    boardId: string;
    /** This stack: its accounts queue for slots one at a time. */
    queue: string;
}

type Inputs = CreationSlotInputs & Record<string, unknown>;

async function accountExists(client: OrganizationsClient, email: string): Promise<boolean> {
    let token: string | undefined;
    do {
        const page = await client.send(new ListAccountsCommand({ NextToken: token }));
        if ((page.Accounts ?? []).some((a) => a.Email?.toLowerCase() === email.toLowerCase())) return true;
        token = page.NextToken;
    } while (token);
    return false;
}

/**
 * Creating it waits for one of Organizations' 5 creations in progress (account-admission.ts); the
 * account depends on it, so its CreateAccount is sent only then. An account that already exists
 * (a stack deployed before slots existed) needs none. Updating and deleting do nothing.
 */
class CreationSlotProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    /** The stack's credentials as they are now, never a copy from the state (which goes stale). */
    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const client = await organizationsClient(inputs.connection, this.credentials);
        if (!(await accountExists(client, inputs.accountEmail))) {
            await admit(client, { kind: "create", subject: inputs.accountName, boardId: inputs.boardId, queue: inputs.queue });
        }
        return { id: inputs.accountEmail, outs: inputs };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.accountEmail !== news.accountEmail ? ["accountEmail"] : [];
        const same = JSON.stringify([olds.accountName, olds.boardId, olds.queue, olds.connection]) ===
            JSON.stringify([news.accountName, news.boardId, news.queue, news.connection]);
        return { changes: replaces.length > 0 || !same, replaces, deleteBeforeReplace: false };
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }
}

const provider = new CreationSlotProvider();

/** Gates one account's creation on Organizations' organization-wide count of creations in progress. */
export class CreationSlot extends pulumi.dynamic.Resource {
    constructor(name: string, args: { [K in keyof CreationSlotInputs]: pulumi.Input<CreationSlotInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, "workshop-accounts", "CreationSlot");
    }
}
