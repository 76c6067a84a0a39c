import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import type { EventSink } from "../pulumi/engine";
import {
    formatKey, KEY_GENERATIONS_CONFIG, keysFromOutputs, newGenerationId, parseKeyGenerations, rotateGenerations,
} from "../pulumi/workshop-keys";
import { approve } from "../ui/approval";
import { type GlobalArgs,runWith } from "./command";

export interface KeysArgs extends GlobalArgs {
    reveal?: boolean;
}

async function workshopModeEnabled(ctx: DriverContext): Promise<boolean> {
    if ((await ctx.engine.getConfig("workshopMode"))?.trim().toLowerCase() === "true") return true;
    ctx.warn("Workshop mode is off for this stack, so it has no shared keys. Turn it on with " +
        "`pulumi config set workshop-accounts:workshopMode true` and run `npm run up`.");
    return false;
}

/** Failures only: step names and provider errors never carry the key (Pulumi masks secrets as [secret]). */
export const reportFailures = (ctx: DriverContext): EventSink => (event) => {
    if (event.kind === "step-failed") ctx.warn(`${event.name}: ${event.message}`);
    else if (event.kind === "diagnostic" && event.severity === "error") ctx.warn(event.message);
};

/** Writes the generations and deploys them; true when `up` succeeded. */
async function applyGenerations(ctx: DriverContext, generations: string[]): Promise<boolean> {
    await ctx.engine.setConfig(KEY_GENERATIONS_CONFIG, JSON.stringify(generations));
    const result = await ctx.engine.up(reportFailures(ctx));
    if (!result.ok) {
        ctx.warn(`\`up\` failed${result.error ? `: ${result.error}` : ""}. The config already lists ${JSON.stringify(generations)}; ` +
            "run `npm run up` again once the cause is fixed.");
    }
    return result.ok;
}

export async function rotateKeys(ctx: DriverContext): Promise<number> {
    if (!(await workshopModeEnabled(ctx))) return 1;
    const current = parseKeyGenerations(await ctx.engine.getConfig(KEY_GENERATIONS_CONFIG));
    const id = newGenerationId(ctx.now(), current);
    const rotation = rotateGenerations(current, id);
    if (!(await applyGenerations(ctx, rotation.next))) return 1;
    const created = keysFromOutputs(await ctx.engine.outputs()).find((k) => k.generation === id);
    ctx.log(`New workshop-mode key ${id}${created ? ` (${created.accessKeyId})` : ""}. Show it with \`npm run keys show -- --reveal\`.`);
    if (rotation.kept) ctx.log(`Key ${rotation.kept} keeps working until the next rotation.`);
    if (rotation.removed.length > 0) ctx.log(`Deleted key(s) ${rotation.removed.join(", ")}: IAM allows two keys per user.`);
    return 0;
}

export async function revokeKeys(ctx: DriverContext, yes: boolean): Promise<number> {
    if (!(await workshopModeEnabled(ctx))) return 1;
    // Revoking cuts everyone off at once, so CI alone is no approval: only --yes or a typed yes.
    if (!(await approve(ctx, {
        yes, question: "Delete every workshop-mode access key? Anyone using them loses access at once.",
        proceedInCi: false, declined: "no key was deleted (pass --yes to revoke without asking)",
    }))) return 1;
    if (!(await applyGenerations(ctx, []))) return 1;
    ctx.log("Every workshop-mode access key is deleted. `npm run keys rotate` creates a new one.");
    return 0;
}

export async function showKeys(ctx: DriverContext, reveal: boolean): Promise<number> {
    if (!(await workshopModeEnabled(ctx))) return 1;
    const keys = keysFromOutputs(await ctx.engine.outputs());
    if (keys.length === 0) {
        ctx.log("No workshop-mode keys yet: run `npm run keys rotate`.");
        return 0;
    }
    if (reveal) ctx.warn("These are live credentials: share them only with the workshop, never in a public channel.");
    keys.forEach((key) => ctx.log(formatKey(key, reveal)));
    return 0;
}

function subcommand(
    getContext: ContextFactory, command: string, describe: string,
    run: (ctx: DriverContext, argv: KeysArgs) => Promise<number>,
    options: (yargs: Argv) => Argv = (yargs) => yargs,
): CommandModule<object, KeysArgs> {
    return {
        command,
        describe,
        builder: (yargs: Argv) => options(yargs) as Argv<KeysArgs>,
        handler: runWith(getContext, run),
    };
}

export function keysCommand(getContext: ContextFactory): CommandModule<object, KeysArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .command(subcommand(getContext, "rotate", "Create a new key; the previous one keeps working until the next rotation",
                (ctx) => rotateKeys(ctx)))
            .command(subcommand(getContext, "revoke", "Delete every key at once (asks first unless --yes)",
                (ctx, argv) => revokeKeys(ctx, argv.yes ?? false)))
            .command(subcommand(getContext, "show", "List the keys; secrets stay hidden unless --reveal", (ctx, argv) => showKeys(ctx, argv.reveal ?? false),
                (y) => y.option("reveal", { type: "boolean", default: false, describe: "Print the secret access keys" })))
            .demandCommand(1) as unknown as Argv<KeysArgs>,
        handler: () => undefined,
    };
}
