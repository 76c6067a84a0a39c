import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { Argv, CommandModule } from "yargs";

import { checkCloseQuota, countOrganizationAccounts } from "../aws/close-quota";
import type { ContextFactory, DriverContext } from "../context";
import { ownCostLineForResources } from "../costs/own-cost";
import type { ReadinessHook } from "../hooks";
import { accountsToClose, type MarkdownPlanMeta, planJson, planMarkdown, planSummaryLines } from "../plan/format";
import { planWorkshop } from "../plan/workshop-plan";
import type { EmailDisplay } from "../ui/personal-data";
import { type GlobalArgs,runWith } from "./command";

export interface PreviewArgs extends GlobalArgs {
    json?: boolean;
    markdown?: boolean;
    emails?: EmailDisplay;
}

/** The CloseAccount quota's numbers for a plan that closes accounts; a failed count is said, not hidden. */
async function closeQuotaNotice(ctx: DriverContext, toClose: number): Promise<MarkdownPlanMeta["closeQuota"]> {
    if (toClose === 0) return undefined;
    try {
        const check = checkCloseQuota(toClose, await countOrganizationAccounts(ctx.aws.client(OrganizationsClient)), "up", ctx.now());
        return { message: check.message, mayRefuse: check.mayRefuse };
    } catch (error) {
        return { message: `Closing ${toClose} account(s); the organization's accounts could not be counted (ListAccounts: ${(error as Error).message}).`, mayRefuse: true };
    }
}

export interface PreviewOptions {
    /** `doctor --org`'s checks, shown first; preview changes nothing, so a FAIL only warns. */
    checkOrganization?: ReadinessHook;
}

/** The plan `up` would apply, changing nothing; as text, JSON or a Markdown comment. */
export async function runPreview(ctx: DriverContext, argv: PreviewArgs, options: PreviewOptions = {}): Promise<number> {
    // Machine-readable output must be the only thing on stdout.
    const machine = argv.json || argv.markdown;
    if (options.checkOrganization) await options.checkOrganization(ctx, "preview", machine ? { log: ctx.warn, warn: ctx.warn } : ctx);
    const { plan, changes } = await planWorkshop(ctx, !!machine);
    const ownCost = ownCostLineForResources(changes, ctx.now());
    if (argv.json) ctx.log(planJson(plan, { stack: ctx.stack }));
    else if (argv.markdown) {
        const closeQuota = await closeQuotaNotice(ctx, accountsToClose(plan));
        ctx.log(planMarkdown(plan, { stack: ctx.stack, emails: argv.emails ?? "masked", ownCost, closeQuota }).trimEnd());
    } else [...planSummaryLines(plan), ownCost].forEach((line) => ctx.log(line));
    return 0;
}

export function previewCommand(getContext: ContextFactory, options: PreviewOptions = {}): CommandModule<object, PreviewArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("json", { type: "boolean", describe: "Print the plan as JSON (for scripts)" })
            .option("markdown", { type: "boolean", describe: "Print the plan as a Markdown table (for a pull-request comment)" })
            .option("emails", { choices: ["masked", "full"] as const, describe: "With --markdown: student emails masked (a.l***@uni.example, the default) or in full" })
            .conflicts("json", "markdown")
            .example("$0 preview --markdown > plan.md", "a PR-comment-ready summary, emails masked") as Argv<PreviewArgs>,
        handler: runWith(getContext, (ctx, argv) => runPreview(ctx, argv, options)),
    };
}
