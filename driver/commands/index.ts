import type { CommandModule } from "yargs";
import type { ContextFactory } from "../context";
import { destroyCommand, type DestroyOptions } from "./destroy";
import { previewCommand } from "./preview";
import { statusCommand } from "./status";
import { upCommand, type UpOptions } from "./up";

/** Every command is built from the context factory, so `--help` starts nothing. */
export type CommandFactory = (getContext: ContextFactory) => CommandModule<any, any>;

/** What the commands call around an update, and the AWS clients they use; tests inject fakes. */
export interface CommandOptions extends UpOptions, DestroyOptions {}

/** The driver's commands, in the order `--help` lists them. */
export function commandFactories(options: CommandOptions = {}): CommandFactory[] {
    return [
        (getContext) => upCommand(getContext, options),
        previewCommand,
        (getContext) => destroyCommand(getContext, options),
        statusCommand,
    ];
}
