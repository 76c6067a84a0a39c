import type { ContextFactory, DriverContext } from "../context";

/** The options every command takes; driver/cli.ts declares them once, globally. */
export interface GlobalArgs {
    stack?: string;
    backend?: string;
    yes?: boolean;
    installCli?: boolean;
    verbose?: boolean;
}

/** A command's work, given its context: the exit code, or nothing for success. */
export type CommandRun<A> = (ctx: DriverContext, argv: A) => Promise<number | void>;

/**
 * The yargs handler around a command's work: the context is built only now (so `--help` starts
 * nothing), and a non-zero result becomes the process exit code that runDriver reports.
 */
export function runWith<A extends GlobalArgs>(getContext: ContextFactory, run: CommandRun<A>): (argv: A) => Promise<void> {
    return async (argv) => {
        const code = await run(await getContext(argv), argv);
        if (code) process.exitCode = code;
    };
}
