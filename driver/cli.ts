import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";

import { commandFactories, type CommandFactory } from "./commands";
import type { ContextFactory } from "./context";
import { productionCommandOptions } from "./production-hooks";
import { DEFAULT_STACK, terminalContextFactory } from "./terminal";

/** Where the driver writes; the real one is the process's streams, tests capture it. */
export interface DriverIo {
    out(text: string): void;
    err(text: string): void;
}

export interface RunDriverOptions {
    getContext: ContextFactory;
    io: DriverIo;
    commands?: CommandFactory[];
}

const SCRIPT_NAME = "driver";

class UsageError extends Error {}

/** The parser: global options, every command, strict about anything unknown. */
export function buildParser(argv: string[], getContext: ContextFactory, commands: CommandFactory[]): Argv {
    const parser = yargs(argv)
        .scriptName(SCRIPT_NAME)
        .usage("$0 <command> [options]\n\nOne isolated AWS account per workshop student, from roster.yaml.")
        .option("stack", { type: "string", default: DEFAULT_STACK, describe: "Pulumi stack (one per workshop)", global: true })
        .option("backend", { type: "string", describe: "State backend URL (s3://bucket, https://api.pulumi.com); default PULUMI_BACKEND_URL or ./.pulumi-state", global: true })
        .option("yes", { alias: "y", type: "boolean", describe: "Do not ask for confirmation", global: true })
        .option("install-cli", { type: "boolean", describe: "Install the Pulumi CLI into .pulumi-cli when it is missing, without asking (needs internet)", global: true })
        .option("verbose", { type: "boolean", describe: "Show stack traces of errors", global: true });
    for (const factory of commands) parser.command(factory(getContext));
    return parser
        .strict()
        .demandCommand(1, "Say which command to run.")
        .recommendCommands()
        .help()
        .alias("help", "h")
        .version(false)
        .wrap(Math.min(110, yargs().terminalWidth()))
        .exitProcess(false)
        .fail((message, error) => {
            throw error ?? new UsageError(message);
        });
}

/**
 * Runs one command line to its end and returns the exit code: 0 done, 1 failed (one clear
 * message; the stack trace only with --verbose), 2 for a command line that makes no sense.
 * Commands report failure through process.exitCode, which is restored afterwards.
 */
export async function runDriver(argv: string[], options: RunDriverOptions): Promise<number> {
    const previous = process.exitCode;
    process.exitCode = undefined;
    try {
        let help = "";
        await buildParser(argv, options.getContext, options.commands ?? commandFactories())
            .parseAsync(argv, {}, (_error, _argv, output) => { help = output; });
        if (help) options.io.out(help);
        return Number(process.exitCode ?? 0);
    } catch (error) {
        if (error instanceof UsageError) {
            options.io.err(`${error.message}\nRun \`${SCRIPT_NAME} --help\` for the commands and options.`);
            return 2;
        }
        const err = error as Error;
        options.io.err(argv.includes("--verbose") && err?.stack ? err.stack : `error: ${err?.message ?? String(error)}`);
        return 1;
    } finally {
        process.exitCode = previous;
    }
}

/** The command line as the terminal runs it; driver/launch.js calls this. */
export async function main(): Promise<void> {
    process.exitCode = await runDriver(hideBin(process.argv), {
        getContext: terminalContextFactory(),
        io: { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
        commands: commandFactories(productionCommandOptions),
    });
}

if (require.main === module) void main();
