import type { Argv, CommandModule } from "yargs";
import type { ContextFactory, DriverContext } from "../context";
import { ownCostLineForResources } from "../costs/own-cost";
import { runHook, type AfterUpdateHook } from "../hooks";
import { hasChanges, planSummaryLines } from "../plan/format";
import { UpdateProgress } from "../plan/progress";
import { updateReport } from "../plan/update-report";
import { planWorkshop } from "../plan/workshop-plan";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { approve } from "../ui/approval";
import { runWith, type GlobalArgs } from "./command";

export type UpArgs = GlobalArgs;

export interface UpOptions {
    /** Runs after an update that left students with an account (the welcome emails). */
    afterUpdate?: AfterUpdateHook;
}

/**
 * Roster check, preview, a per-student summary, confirmation, the update with live progress,
 * then per student what worked and what failed. Exit code 1 when anything failed.
 */
export async function runUp(ctx: DriverContext, argv: UpArgs, options: UpOptions): Promise<number> {
    const { plan, students, changes } = await planWorkshop(ctx);
    [...planSummaryLines(plan), ownCostLineForResources(changes, ctx.now())].forEach((line) => ctx.log(line));
    if (!hasChanges(plan)) return 0;
    if (!await approve(ctx, { yes: argv.yes, question: "Apply these changes?", proceedInCi: true, declined: "nothing was changed" })) {
        return 1;
    }

    ctx.log(`Updating ${ctx.engine.description}...`);
    const progress = new UpdateProgress(ctx, students, plan);
    const result = await ctx.engine.up(progress.onEvent).finally(() => progress.finish());
    const report = updateReport(result, students, "update");
    report.log.forEach((line) => ctx.log(line));
    report.warn.forEach((line) => ctx.warn(line));

    let failed = result.ok ? 0 : 1;
    const outputs = workshopOutputs(result.outputs);
    const withAccount = Object.keys(outputs.students).length;
    if (withAccount > 0) ctx.log(`${withAccount} student(s) have an account; \`status\` lists them.`);
    if (options.afterUpdate && withAccount > 0) {
        const hook = options.afterUpdate;
        const emailFailures = await runHook(ctx, "Sending the welcome emails", () => hook(ctx, outputs));
        if (emailFailures > 0) ctx.warn(`${emailFailures} welcome email(s) did not go out; the accounts are fine. Run \`email\` to retry them.`);
        failed += emailFailures;
    }
    return failed > 0 ? 1 : 0;
}

export function upCommand(getContext: ContextFactory, options: UpOptions = {}): CommandModule<object, UpArgs> {
    return {
        command: "up",
        describe: "Create, update or close student accounts to match the roster (preview, confirm, apply)",
        builder: (yargs: Argv) => yargs
            .example("$0 up", "preview, confirm, then apply")
            .example("$0 up --yes --stack nov", "apply without asking (scripts)") as Argv<UpArgs>,
        handler: runWith(getContext, (ctx, argv) => runUp(ctx, argv, options)),
    };
}
