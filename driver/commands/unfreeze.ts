import type { Argv, CommandModule } from "yargs";

import {
    budgetActions, detachScp, findStudent, freezeClients, freezePolicyId, isScpAttached, managementAccountId, planUnfreeze,
    reverseBudgetAction,
} from "../aws/budget-freeze";
import type { ContextFactory, DriverContext } from "../context";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { type GlobalArgs,runWith } from "./command";

export interface UnfreezeArgs extends GlobalArgs {
    email: string;
}

/** Lifts the budget freeze from one student's account; returns the exit code. */
export async function runUnfreeze(ctx: DriverContext, email: string): Promise<number> {
    const clients = freezeClients(ctx.aws);
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const student = findStudent(outputs, email);
    if (!student) {
        ctx.warn(`No deployed student has the email ${email}. Check the spelling, or run \`npm run driver status\` to list the students.`);
        return 1;
    }
    const who = `${student.name} <${student.email}> (account ${student.accountId})`;
    try {
        const accountId = await managementAccountId(clients);
        const actions = await budgetActions(clients, accountId, student.budgetName);
        const plan = planUnfreeze(actions, student.accountId);
        switch (plan.kind) {
            case "no-action":
                ctx.warn(`${who} has no budget freeze action on budget ${student.budgetName}: budgetFreeze is off for this stack, ` +
                    "or `up` has not run since it was turned on. Nothing was changed.");
                return 1;
            case "not-frozen": {
                // `freeze <email>` attaches the SCP itself when the budget has not: Budgets knows nothing of it.
                const policyId = freezePolicyId(actions, student.accountId);
                if (policyId && await isScpAttached(clients.organizations, student.accountId, policyId)) {
                    await detachScp(clients.organizations, student.accountId, policyId);
                    ctx.log(`Unfroze ${who}: detached the freeze SCP that \`freeze\` attached (budget action ${plan.statuses.join(", ")}).`);
                    return 0;
                }
                ctx.log(`${who} is not frozen (budget action ${plan.statuses.join(", ")}). Nothing to do.`);
                return 0;
            }
            case "busy":
                ctx.warn(`Budgets is still working on ${who}'s freeze (${plan.statuses.join(", ")}). Try again in a few minutes.`);
                return 1;
            case "reverse":
                for (const actionId of plan.actionIds) await reverseBudgetAction(clients, accountId, student.budgetName, actionId);
                ctx.log(`Unfroze ${who}: Budgets is detaching the freeze SCP, which takes effect within minutes.`);
                // The spend that triggered the freeze is still there.
                ctx.log(`Their spend is still over their $${student.budgetLimitUsd} budget: raise their budgetUsd in the roster and run \`up\` ` +
                    "if they should keep working past it.");
                return 0;
        }
    } catch (error) {
        ctx.warn(`Could not unfreeze ${who}: ${(error as Error).message}`);
        return 1;
    }
}

export function unfreezeCommand(
    getContext: ContextFactory,
): CommandModule<object, UnfreezeArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", demandOption: true, describe: "The student's email as listed in the roster" }) as Argv<UnfreezeArgs>,
        handler: runWith(getContext, (ctx, argv) => runUnfreeze(ctx, argv.email)),
    };
}
