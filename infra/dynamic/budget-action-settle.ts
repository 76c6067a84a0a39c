import { BudgetsClient, DescribeBudgetActionsForBudgetCommand } from "@aws-sdk/client-budgets";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import * as pulumi from "@pulumi/pulumi";

import { retrying } from "../rules/aws-retry";
import { type AwsConnection, DYNAMIC_PROVIDER_RETRY, type ProviderConfig, sdkClientConfig, stackCredentials,type StaticCredentials } from "./aws-connection";
import { diffBy } from "./provider-diff";

export interface BudgetActionSettleInputs {
    connection: AwsConnection;
    /** The budget whose actions must be at rest before they are deleted. */
    budgetName: string;
    /** How long to wait for a running action before giving up with the reason. */
    timeoutSeconds: number;
}

type Inputs = BudgetActionSettleInputs & Record<string, unknown>;

/**
 * DeleteBudgetAction is refused with ResourceLockedException while the action runs (EXECUTION_,
 * REVERSE_ or RESET_IN_PROGRESS, API_budgets_DeleteBudgetAction.html), and the provider does not
 * retry it (terraform-provider-aws internal/service/budgets/budget_action.go).
 */
const RUNNING = ["EXECUTION_IN_PROGRESS", "REVERSE_IN_PROGRESS", "RESET_IN_PROGRESS"];
const POLL_MS = 15_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Creating it does nothing; deleting it, which Pulumi does right before it deletes the budget action
 * (it depends on the action), waits until none of the budget's actions is running, so a teardown that
 * meets a freeze being applied or reversed waits it out instead of failing that student.
 */
class BudgetActionSettleProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        return { id: inputs.budgetName, outs: inputs };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        return diffBy(olds, news, "budgetName", ["connection", "timeoutSeconds"]);
    }

    async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: news };
    }

    async delete(_id: string, props: Inputs): Promise<void> {
        const config = await sdkClientConfig(props.connection, this.credentials);
        // The budget lives in the caller's account, as the provider's BudgetAction defaults it.
        const { Account } = await retrying(new STSClient(config), DYNAMIC_PROVIDER_RETRY).send(new GetCallerIdentityCommand({}));
        const budgets = retrying(new BudgetsClient(config), DYNAMIC_PROVIDER_RETRY);
        const deadline = Date.now() + props.timeoutSeconds * 1000;
        for (;;) {
            let running: { ActionId?: string; Status?: string }[];
            try {
                const { Actions } = await budgets.send(new DescribeBudgetActionsForBudgetCommand({ AccountId: Account, BudgetName: props.budgetName }));
                running = (Actions ?? []).filter((a) => RUNNING.includes(a.Status ?? ""));
            } catch (error) {
                if ((error as { name?: string }).name === "NotFoundException") return;
                throw error;
            }
            if (running.length === 0) return;
            if (Date.now() >= deadline) {
                const what = running.map((a) => `${a.ActionId} still ${a.Status}`).join(", ");
                throw new Error(`budget ${props.budgetName}: action ${what} after ${Math.round(props.timeoutSeconds / 60)} min; ` +
                    "AWS Budgets refuses to delete an action while it runs (ResourceLockedException). " +
                    "Run destroy again once it has finished (Billing console > Budgets > the budget > Actions).");
            }
            await sleep(POLL_MS);
        }
    }
}

const provider = new BudgetActionSettleProvider();

/** Holds a budget's actions' deletion until none of them is running. */
export class BudgetActionSettle extends pulumi.dynamic.Resource {
    constructor(name: string, args: { [K in keyof BudgetActionSettleInputs]: pulumi.Input<BudgetActionSettleInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, args, opts, "workshop-accounts", "BudgetActionSettle");
    }
}
