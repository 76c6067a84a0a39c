import type { Argv, CommandModule } from "yargs";

import type { StudentOutput } from "../../infra/outputs";
import {
    budgetActions, findStudent, type FreezeClients,
freezeClients, managementAccountId, planUnfreeze, } from "../aws/budget-freeze";
import type { ContextFactory, DriverContext } from "../context";
import { readScpStep } from "../freeze/scp";
import { carryOutStops, planStops, type StopOptions, type StopTarget,workshopRegions } from "../freeze/stop-accounts";
import { mapPool } from "../promise-pool";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { approve } from "../ui/approval";
import { type GlobalArgs,runWith } from "./command";

export interface FreezeArgs extends GlobalArgs {
    email?: string;
    allFrozen?: boolean;
    dryRun?: boolean;
}

/** Budgets is read for this many students at once with --all-frozen. */
const BUDGET_READS_AT_ONCE = 4;

async function oneStudent(clients: FreezeClients, managementId: string, student: StudentOutput): Promise<StopTarget> {
    const actions = await budgetActions(clients, managementId, student.budgetName);
    return { student, scp: await readScpStep(clients.organizations, actions, student.accountId) };
}

/** Students whose budget action has attached the freeze SCP (the same test `unfreeze` uses). */
async function frozenStudents(clients: FreezeClients, managementId: string, students: StudentOutput[]): Promise<StopTarget[]> {
    const frozen = await mapPool(students, BUDGET_READS_AT_ONCE, async (student) =>
        planUnfreeze(await budgetActions(clients, managementId, student.budgetName), student.accountId).kind === "reverse");
    return students.filter((_, i) => frozen[i]).map((student) => ({ student, scp: { kind: "by-budget" } }));
}

/**
 * Freezes students' accounts for real: the freeze SCP (when the budget has not attached it yet)
 * so nothing new starts, then stops what bills by the hour. Returns the exit code.
 */
export async function runFreeze(ctx: DriverContext, argv: FreezeArgs, options: StopOptions = {}): Promise<number> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const regions = workshopRegions(outputs);
    const clients = freezeClients(ctx.aws);
    let targets: StopTarget[];
    try {
        const managementId = await managementAccountId(clients);
        if (argv.email) {
            const student = findStudent(outputs, argv.email);
            if (!student) {
                ctx.warn(`No deployed student has the email ${argv.email}. Check the spelling, or run \`npm run driver status\` to list the students.`);
                return 1;
            }
            targets = [await oneStudent(clients, managementId, student)];
        } else {
            targets = await frozenStudents(clients, managementId, Object.values(outputs.students));
            if (targets.length === 0) {
                ctx.log("No student's budget action has attached the freeze SCP: nothing to do. Freeze one student with `freeze <email>`.");
                return 0;
            }
        }
    } catch (error) {
        ctx.warn(`Could not read the budget freeze state: ${(error as Error).name}: ${(error as Error).message}`);
        return 1;
    }

    ctx.log(`${argv.dryRun ? "Dry run: what freeze would do" : "Freeze plan"} for ${targets.length} account(s) in ${regions.join(", ")}:`);
    const plan = await planStops(ctx, targets, regions, options, outputs.allowedServices);
    const incomplete = plan.unread > 0 ? 1 : 0;
    if (argv.dryRun) {
        ctx.log("Dry run: nothing was changed.");
        return incomplete;
    }
    if (plan.todo === 0) {
        ctx.log("Nothing to stop: every listed resource is already at rest.");
        return incomplete;
    }
    const approved = await approve(ctx, {
        yes: argv.yes,
        question: `Freeze ${targets.length} account(s): ${plan.todo} call(s) to attach the SCP and stop or delete the resources above?`,
        proceedInCi: false,
        declined: "nothing was stopped",
    });
    if (!approved) return 1;
    const failed = await carryOutStops(ctx, plan, clients.organizations, options);
    return failed > 0 || incomplete ? 1 : 0;
}

export function freezeCommand(getContext: ContextFactory): CommandModule<object, FreezeArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", describe: "The student's email as listed in the roster" })
            .option("all-frozen", { type: "boolean", describe: "Every student whose budget action has attached the freeze SCP" })
            .option("dry-run", { type: "boolean", describe: "List what would be stopped, with its estimated $/hour; change nothing" })
            .check((argv) => {
                if (!!argv.email === !!argv["all-frozen"]) throw new Error("Say whose account to freeze: `freeze <email>` or `freeze --all-frozen`.");
                return true;
            })
            .example("$0 freeze ada@uni.example --dry-run", "list what runs in Ada's account and what freezing it would save per hour")
            .example("$0 freeze --all-frozen --yes", "stop what still runs in every account the budget froze") as Argv<FreezeArgs>,
        handler: runWith(getContext, (ctx, argv) => runFreeze(ctx, argv)),
    };
}
