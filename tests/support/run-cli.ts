import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { runDriver } from "../../driver/cli";
import { commandFactories, type CommandFactory, type CommandOptions } from "../../driver/commands";
import type { DriverContext } from "../../driver/context";
import { workshopDataDir } from "../../driver/paths";
import type { Engine } from "../../driver/pulumi/engine";
import { testAwsClients } from "./aws";
import { installSdkMocks } from "./aws-rules/sdk-mocks";
import { MockEngine } from "./mock-engine";

export interface RunCliOptions {
    engine: Engine;
    /** Replaces parts of the test context (projectDir, env, confirm, prompt, interactive, now...). */
    context?: Partial<DriverContext>;
    /** Hooks and clients of the commands; none by default, so no test sends email or calls AWS. */
    commandOptions?: CommandOptions;
    /** Defaults to the driver's commands built with commandOptions. */
    commands?: CommandFactory[];
}

export interface CliRun {
    exitCode: number;
    stdout: string;
    stderr: string;
    /** Every log and warn line in the order printed, for order-sensitive assertions. */
    lines: string[];
    /** The contexts the command asked for (normally one). */
    contexts: DriverContext[];
}

/**
 * Runs the driver's command line in-process against a test engine and captures what it prints.
 * Questions are answered "no" unless the context says otherwise; the environment is empty
 * (so a CI variable of the machine running the tests changes nothing).
 */
export async function runCli(argv: string[], options: RunCliOptions): Promise<CliRun> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const lines: string[] = [];
    const contexts: DriverContext[] = [];
    const projectDir = options.context?.projectDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "driver-cli-"));
    // With the mock engine, the driver's own AWS calls reach the same rules-model AWS the program deploys into.
    const sdk = options.engine instanceof MockEngine ? installSdkMocks(options.engine.world) : undefined;
    const exitCode = await runDriver(argv, {
        io: { out: (text) => { stdout.push(text); lines.push(text); }, err: (text) => { stderr.push(text); lines.push(text); } },
        commands: options.commands ?? commandFactories(options.commandOptions ?? {}),
        getContext: async ({ stack }) => {
            const name = stack ?? "dev";
            const context: DriverContext = {
                engine: options.engine,
                aws: testAwsClients(options.context?.env),
                projectDir,
                stack: name,
                dataDir: workshopDataDir(projectDir, name),
                log: (line) => { stdout.push(line); lines.push(line); },
                warn: (line) => { stderr.push(line); lines.push(line); },
                confirm: async () => false,
                prompt: async () => undefined,
                env: {},
                now: () => new Date("2026-11-23T12:00:00Z"),
                interactive: true,
                ...options.context,
            };
            contexts.push(context);
            return context;
        },
    });
    sdk?.restore();
    return { exitCode, stdout: stdout.join("\n"), stderr: stderr.join("\n"), lines, contexts };
}
