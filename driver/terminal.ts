import * as readline from "readline";

import { awsClients } from "./aws/clients";
import type { ContextFactory, DriverContext } from "./context";
import { PROJECT_DIR, workshopDataDir } from "./paths";
import { describeStack, resolveBackend } from "./pulumi/backend";
import { lazyEngine } from "./pulumi/lazy-engine";
import { stackFileValue } from "./pulumi/stack-settings";

export const DEFAULT_STACK = "dev";

/**
 * Lines on stdout/stderr, plus one status line (the progress bar) redrawn in place on a
 * terminal: printing a line first clears it, so the bar never mixes into the log.
 */
class TerminalOutput {
    private statusLine = "";

    constructor(private readonly stdout: NodeJS.WriteStream, private readonly stderr: NodeJS.WriteStream) {}

    readonly log = (line: string): void => this.print(this.stdout, line);
    readonly warn = (line: string): void => this.print(this.stderr, line);

    readonly status = (line: string): void => {
        this.statusLine = line;
        this.stderr.write(`\r\x1b[2K${line}`);
    };

    private print(stream: NodeJS.WriteStream, line: string): void {
        if (this.statusLine) this.stderr.write("\r\x1b[2K");
        stream.write(`${line}\n`);
        if (this.statusLine) this.stderr.write(this.statusLine);
    }

    /** Called before a question, so the prompt does not land after the bar. */
    clearStatus(): void {
        if (this.statusLine) this.status("");
    }
}

async function ask(question: string): Promise<string> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
        return await new Promise((done) => rl.question(question, done));
    } finally {
        rl.close();
    }
}

/** The real context: this project, the Automation API engine (started on first use), the terminal. */
export function terminalContextFactory(): ContextFactory {
    return async (options) => {
        const projectDir = PROJECT_DIR;
        const stack = options.stack ?? DEFAULT_STACK;
        const env = process.env;
        const out = new TerminalOutput(process.stdout, process.stderr);
        const interactive = !!process.stdin.isTTY && !!process.stderr.isTTY;
        const backend = resolveBackend(projectDir, options.backend, env);
        // Loaded only when a command touches the stack: the Automation API alone takes ~0.6 s to
        // require, which `--help`, `roster` and `add-student` should not pay.
        const engine = lazyEngine(describeStack(stack, backend), async () => (await import("./pulumi/automation-engine")).createAutomationEngine({
            projectDir, stack, backend: options.backend, env, installCli: !!options.installCli, log: out.warn,
            ...(interactive ? { offerInstall: async (question: string) => !/^n(o)?$/i.test((await ask(`${question} [Y/n] `)).trim()) } : {}),
        }));
        const stackValue = (key: string) => stackFileValue(projectDir, stack, key);
        const context: DriverContext = {
            engine,
            aws: awsClients({ env, profile: stackValue("aws:profile"), region: stackValue("aws:region") }),
            projectDir,
            stack,
            dataDir: workshopDataDir(projectDir, stack),
            log: out.log,
            warn: out.warn,
            confirm: async (question) => {
                if (!interactive) return false;
                out.clearStatus();
                return /^y(es)?$/i.test((await ask(`${question} [y/N] `)).trim());
            },
            prompt: async (question) => {
                if (!interactive) return undefined;
                out.clearStatus();
                return ask(question);
            },
            env,
            now: () => new Date(),
            interactive,
            ...(process.stderr.isTTY ? { status: out.status } : {}),
        };
        return context;
    };
}
