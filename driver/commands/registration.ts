import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { newGenerationId } from "../pulumi/workshop-keys";
import { CODE_GENERATION_CONFIG, REGISTRATION_CONFIG, workshopCodeFromOutputs } from "../registration/workshop-code";
import { type GlobalArgs, runWith } from "./command";
import { reportFailures } from "./keys";

async function registrationEnabled(ctx: DriverContext): Promise<boolean> {
    if ((await ctx.engine.getConfig(REGISTRATION_CONFIG))?.trim().toLowerCase() === "true") return true;
    ctx.warn("Self-registration is off for this stack. Turn it on with " +
        "`pulumi config set workshop-accounts:registration true` and run `npm run up`.");
    return false;
}

/** A new workshop code: the old one stops working as soon as `up` has replaced it. */
export async function rotateCode(ctx: DriverContext): Promise<number> {
    if (!(await registrationEnabled(ctx))) return 1;
    const current = (await ctx.engine.getConfig(CODE_GENERATION_CONFIG))?.trim();
    const generation = newGenerationId(ctx.now(), current ? [current] : []);
    await ctx.engine.setConfig(CODE_GENERATION_CONFIG, generation);
    const result = await ctx.engine.up(reportFailures(ctx));
    if (!result.ok) {
        ctx.warn(`\`up\` failed${result.error ? `: ${result.error}` : ""}. The config already asks for code generation ${generation}; ` +
            "run `npm run up` again once the cause is fixed.");
        return 1;
    }
    ctx.log(`New workshop code: ${workshopCodeFromOutputs(result.outputs) ?? "?"}. The previous code no longer works.`);
    return 0;
}

export async function showRegistration(ctx: DriverContext): Promise<number> {
    if (!(await registrationEnabled(ctx))) return 1;
    const outputs = await ctx.engine.outputs();
    const registration = workshopOutputs(outputs).registration;
    if (!registration) {
        ctx.log("Self-registration is on but not deployed yet: run `npm run up`.");
        return 0;
    }
    ctx.log(`Registration page: ${registration.url}`);
    ctx.log(`Workshop code: ${workshopCodeFromOutputs(outputs) ?? "?"}`);
    return 0;
}

export function registrationCommand(getContext: ContextFactory): CommandModule<object, GlobalArgs> {
    return {
        command: "registration",
        describe: "The self-registration page: show its address and workshop code, or rotate the code",
        builder: (yargs: Argv) => yargs
            .command<GlobalArgs>("show", "Print the registration page's address and the workshop code", (y) => y, runWith(getContext, showRegistration))
            .command<GlobalArgs>("rotate-code", "Replace the workshop code (runs `up`); the old code stops working",
                (y) => y, runWith(getContext, rotateCode))
            .demandCommand(1, "say `registration show` or `registration rotate-code`") as Argv<GlobalArgs>,
        handler: () => undefined,
    };
}
