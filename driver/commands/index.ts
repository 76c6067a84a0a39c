import type { CommandModule } from "yargs";

import type { ContextFactory } from "../context";
import { dashboardCommand } from "./dashboard";
import { destroyCommand, type DestroyOptions } from "./destroy";
import { doctorCommand } from "./doctor";
import { emailCommand } from "./email";
import { freezeCommand } from "./freeze";
import { instructorPolicyCommand } from "./instructor-policy";
import { keysCommand } from "./keys";
import { meterCommand, type MeterOptions } from "./meter";
import { previewCommand } from "./preview";
import { reportCommand } from "./report";
import { rosterCommand } from "./roster";
import { statusCommand } from "./status";
import { addStudentCommand, type ApplyRoster,removeStudentCommand } from "./students";
import { unfreezeCommand } from "./unfreeze";
import { runUp, upCommand, type UpOptions } from "./up";

/** Every command is built from the context factory, so `--help` starts nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its arguments, so a list of commands with their own typed arguments needs any here
export type CommandFactory = (getContext: ContextFactory) => CommandModule<any, any>;

/** What the commands call around an update; tests inject fakes. */
export interface CommandOptions extends UpOptions, DestroyOptions {
    meter?: MeterOptions;
}

/** The driver's commands, in the order `--help` lists them. */
export function commandFactories(options: CommandOptions = {}): CommandFactory[] {
    const applyRoster: ApplyRoster = async (ctx, argv) => (await runUp(ctx, argv, options)) === 0;
    return [
        (getContext) => upCommand(getContext, options),
        previewCommand,
        (getContext) => destroyCommand(getContext, options),
        statusCommand,
        (getContext) => addStudentCommand(getContext, applyRoster),
        (getContext) => removeStudentCommand(getContext, applyRoster),
        rosterCommand,
        emailCommand,
        dashboardCommand,
        (getContext) => meterCommand(getContext, options.meter),
        reportCommand,
        freezeCommand,
        (getContext) => unfreezeCommand(getContext),
        doctorCommand,
        keysCommand,
        (getContext) => instructorPolicyCommand(getContext),
    ];
}
