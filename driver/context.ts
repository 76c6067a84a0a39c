import type { AwsClients } from "./aws/clients";
import type { Engine } from "./pulumi/engine";

/**
 * What every command gets: the engine seam, where the project and its records live, and
 * the terminal. Tests build one around the mock engine and capture the output.
 */
export interface DriverContext {
    engine: Engine;
    /** Every AWS SDK client a command uses comes from here (driver/aws/clients.ts). */
    aws: AwsClients;
    projectDir: string;
    stack: string;
    /** The driver's own records for this stack (see driver/paths.ts). */
    dataDir: string;
    /** Normal output, one line per call. */
    log(line: string): void;
    /** Warnings and errors. */
    warn(line: string): void;
    /** Asks the instructor; resolves false when there is no terminal to ask on. */
    confirm(question: string): Promise<boolean>;
    /** Asks for a line of text (e.g. to type the workshop name before destroy). */
    prompt(question: string): Promise<string | undefined>;
    env: NodeJS.ProcessEnv;
    /** The clock, so tests can pin dates in reports and ledgers. */
    now(): Date;
    /**
     * False when nobody can answer a question (no terminal): commands then refuse to guess and
     * ask for --yes. Undefined means "ask", and confirm() decides.
     */
    interactive?: boolean;
    /** A transient line redrawn in place (a progress bar), "" to remove it; absent when output is not a terminal. */
    status?(line: string): void;
}

/** Commands receive a factory: `--help` and `roster validate` must not start an engine. */
export type ContextFactory = (options: { stack?: string; backend?: string; installCli?: boolean }) => Promise<DriverContext>;

/**
 * Where Identity Center answers: the stack's aws:region, the Region `up` creates the users in. Not
 * AWS_REGION, which names the SES region and may differ; that is only the fallback of a stack without one.
 */
export async function identityCenterRegion(ctx: Pick<DriverContext, "engine" | "aws">): Promise<string> {
    return (await ctx.engine.getConfig("aws:region"))?.trim() || ctx.aws.homeRegion();
}
