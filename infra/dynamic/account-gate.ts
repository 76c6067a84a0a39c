import { CloseAccountCommand, ListAccountsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import * as pulumi from "@pulumi/pulumi";

import { admit } from "./account-admission";
import { type AwsConnection, type ProviderConfig, stackCredentials, type StaticCredentials } from "./aws-connection";
import { accountState, detachIfAttached, organizationsClient, parkAccount } from "./organizations-cleanup";
import { diffBy } from "./provider-diff";

export interface AccountGateInputs {
    connection: AwsConnection;
    /** The account's name, as ListCreateAccountStatus shows it while it is being created. */
    accountName: string;
    /**
     * The account's root email, which names it for good: workshop-unique (a random suffix) and never
     * reused by AWS, so the account is found by it at close, and a new email is a new account (replacement).
     */
    accountEmail: string;
    /** The organization's parking OU: closed accounts wait there, and its tags carry the admission leases. */
    parkingOuId: string;
    /** SCPs attached to the account outside Pulumi (the Budgets freeze) to detach before it is parked. */
    releasePolicyIds: string[];
    /** This stack: its accounts queue for Organizations' creation and closure slots one at a time. */
    queue: string;
}

type Inputs = AccountGateInputs & Record<string, unknown>;

/**
 * The id of the account with this root email, or undefined when there is none (never created, or gone
 * 90 days after closing). No API finds an account by email, so this reads the organization's list;
 * the gate cannot hold the id, because it exists before the account does.
 */
async function accountIdByEmail(client: OrganizationsClient, email: string): Promise<string | undefined> {
    let token: string | undefined;
    do {
        const page = await client.send(new ListAccountsCommand({ NextToken: token }));
        const found = (page.Accounts ?? []).find((a) => a.Email?.toLowerCase() === email.toLowerCase());
        if (found?.Id) return found.Id;
        token = page.NextToken;
    } while (token);
    return undefined;
}

/** How long an account may stay PENDING_ACTIVATION before the gate gives up (creation takes minutes; the provider waits 30). */
const CREATION_WAIT_MS = 30 * 60_000;
const CREATION_POLL_MS = 15_000;

/** The account's state, once it is no longer being created (Account.State PENDING_ACTIVATION, API_Account.html). */
async function activeOnceCreated(client: OrganizationsClient, accountId: string): Promise<string> {
    const giveUpAt = Date.now() + CREATION_WAIT_MS;
    for (;;) {
        const state = await accountState(client, accountId);
        if (state !== "PENDING_ACTIVATION") return state;
        if (Date.now() >= giveUpAt) {
            throw new Error(`account ${accountId} has been PENDING_ACTIVATION for ${CREATION_WAIT_MS / 60_000} minutes, so it was not closed; ` +
                "run this again once Organizations shows it ACTIVE (the gate stays in the stack until then)");
        }
        await new Promise((done) => setTimeout(done, CREATION_POLL_MS));
    }
}

/**
 * CloseAccount once one of Organizations' 3 closures in progress is ours. A refusal gives the slot back:
 * for the 30-day quota the error goes to the driver (the account waits, parked, for the next run); a
 * ConcurrentModificationException means something outside the count (another tool) took the slot between
 * our count and our call, so the account queues again.
 */
export async function closeWhenAdmitted(client: OrganizationsClient, accountId: string, inputs: Pick<AccountGateInputs, "parkingOuId" | "queue">): Promise<void> {
    for (;;) {
        const admission = await admit(client, { kind: "close", subject: accountId, boardId: inputs.parkingOuId, queue: inputs.queue });
        try {
            await client.send(new CloseAccountCommand({ AccountId: accountId }));
            return;
        } catch (error) {
            await admission.release();
            const name = (error as { name?: string }).name;
            if (name === "AccountAlreadyClosedException") return;
            if (name !== "ConcurrentModificationException") throw error;
        }
    }
}

/**
 * The student account's gate, declared before it and deleted after it (the account depends on it), so
 * every account of every stack is created and closed at the pace Organizations allows, counted
 * organization-wide (account-admission.ts):
 * - creating it waits for one of the 5 creations in progress; the account's CreateAccount follows at once.
 *   An account that already exists (a stack deployed before gates existed) needs none.
 * - deleting it, after Pulumi has forgotten the account (retainOnDelete) and deleted everything that used
 *   it, detaches the freeze SCP, moves the account into the parking OU and closes it there, within the 3
 *   closures in progress. Every way an account is closed comes here: a removed student, a replacement
 *   (the gate is replaced with its email) and destroy. A close refused for the 30-day quota fails the
 *   gate, which stays in the stack: the next run parks nothing twice and closes it through admission again.
 * Closing here rather than in the provider's own delete keeps admission and CloseAccount one step apart
 * by one call, however long the student's other resources take to go (a freeze settling takes minutes).
 */
class AccountGateProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    /** The stack's credentials as they are now, never a copy from the state (which goes stale). */
    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const client = await organizationsClient(inputs.connection, this.credentials);
        if (!(await accountIdByEmail(client, inputs.accountEmail))) {
            await admit(client, { kind: "create", subject: inputs.accountName, boardId: inputs.parkingOuId, queue: inputs.queue });
        }
        return { id: inputs.accountEmail, outs: inputs };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        return diffBy(olds, news, "accountEmail", ["accountName", "parkingOuId", "releasePolicyIds", "queue", "connection"],
            (a, b) => String(a).toLowerCase() === String(b).toLowerCase());
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }

    async delete(_id: string, props: Inputs): Promise<void> {
        const client = await organizationsClient(props.connection, this.credentials);
        const accountId = await accountIdByEmail(client, props.accountEmail);
        // Its creation failed, or it left the organization 90 days after closing: nothing to close.
        if (!accountId) return;
        // Being created (an up cut short, then destroy): it becomes active in minutes, and is closed then.
        const state = await activeOnceCreated(client, accountId);
        for (const policyId of props.releasePolicyIds ?? []) await detachIfAttached(client, policyId, accountId);
        // Only an active account moves or closes; one closing or closed already takes no slot.
        if (state !== "ACTIVE") return;
        await parkAccount(client, accountId, props.parkingOuId);
        await closeWhenAdmitted(client, accountId, props);
    }
}

const provider = new AccountGateProvider();

/** Paces one student account's creation and closing by Organizations' organization-wide counts. */
export class AccountGate extends pulumi.dynamic.Resource {
    constructor(name: string, args: { [K in keyof AccountGateInputs]: pulumi.Input<AccountGateInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, "workshop-accounts", "AccountGate");
    }
}
