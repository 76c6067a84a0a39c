import type { CommandModule } from "yargs";

import { commandFactories, type CommandOptions } from "../../driver/commands";
import type { ContextFactory } from "../../driver/context";

/** One command of the driver's table, as yargs receives it, for tests that parse a command line themselves. */
export function driverCommand(name: string, getContext: ContextFactory, options: CommandOptions = {}): CommandModule {
    const command = commandFactories(options).map((factory) => factory(getContext))
        .find((candidate) => String(candidate.command).split(" ")[0] === name);
    if (!command) throw new Error(`the driver has no command "${name}"`);
    return command;
}
