import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { ownCostLineForResources } from "../costs/own-cost";
import type { ReadinessHook } from "../hooks";
import { planJson, planMarkdown, planSummaryLines } from "../plan/format";
import { planWorkshop } from "../plan/workshop-plan";
import { type GlobalArgs,runWith } from "./command";

export interface PreviewArgs extends GlobalArgs {
    json?: boolean;
    markdown?: boolean;
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
    else if (argv.markdown) ctx.log(`${planMarkdown(plan, { stack: ctx.stack }).trimEnd()}\n\n${ownCost}`);
    else [...planSummaryLines(plan), ownCost].forEach((line) => ctx.log(line));
    return 0;
}

export function previewCommand(getContext: ContextFactory, options: PreviewOptions = {}): CommandModule<object, PreviewArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("json", { type: "boolean", describe: "Print the plan as JSON (for scripts)" })
            .option("markdown", { type: "boolean", describe: "Print the plan as a Markdown table (for a pull-request comment)" })
            .conflicts("json", "markdown")
            .example("$0 preview --markdown > plan.md", "a PR-comment-ready summary") as Argv<PreviewArgs>,
        handler: runWith(getContext, (ctx, argv) => runPreview(ctx, argv, options)),
    };
}
