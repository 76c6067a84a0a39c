import { PulumiCommand } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";

/** Where `--install-cli` puts the Pulumi CLI: inside the project, git-ignored, no root needed. */
export function projectCliRoot(projectDir: string): string {
    return path.join(projectDir, ".pulumi-cli");
}

export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

export class PulumiCliMissingError extends Error {
    constructor(readonly root: string, detail?: string) {
        super(`Pulumi CLI not found (looked on PATH and in ${root}${detail ? `; ${detail}` : ""}): ` +
            `run again with --install-cli to install it into .pulumi-cli (needs internet), ` +
            `or install it from ${PULUMI_INSTALL_URL}`);
        this.name = "PulumiCliMissingError";
    }
}

/** The two things the Automation API can do about the CLI; injectable so tests never download. */
export interface PulumiCliInstaller {
    /** Resolves the CLI in `root`, or on PATH without a root; rejects when there is none. */
    get(root?: string): Promise<PulumiCommand>;
    install(root: string): Promise<PulumiCommand>;
}

export const automationCliInstaller: PulumiCliInstaller = {
    get: (root) => PulumiCommand.get(root ? { root } : undefined),
    install: (root) => PulumiCommand.install({ root }),
};

export interface FindPulumiCliOptions {
    projectDir: string;
    /** With this the CLI is downloaded without asking. */
    installCli: boolean;
    /** Asks the instructor whether to install now; absent without a terminal to ask on. */
    offerInstall?: (question: string) => Promise<boolean>;
    log(line: string): void;
    installer?: PulumiCliInstaller;
}

/**
 * The Pulumi CLI to run: a project-local install first (what `--install-cli` made), then PATH.
 * Installs only with --install-cli or the instructor's yes, because it downloads from the internet.
 */
export async function findPulumiCli(options: FindPulumiCliOptions): Promise<PulumiCommand> {
    const installer = options.installer ?? automationCliInstaller;
    const root = projectCliRoot(options.projectDir);
    const problems: string[] = [];
    for (const candidate of [root, undefined]) {
        if (candidate && !fs.existsSync(path.join(candidate, "bin"))) continue;
        try {
            return await installer.get(candidate);
        } catch (error) {
            // A CLI that exists but is too old is a different problem than no CLI: say so.
            if (!isNotFound(error)) problems.push(firstLine(error));
        }
    }
    // On a terminal the first `npm run up` offers the official install, so it is the whole setup.
    const accepted = options.installCli || await options.offerInstall?.(
        `The Pulumi CLI is not installed. Install it now into ${root} with PulumiCommand.install (downloads from get.pulumi.com)?`);
    if (!accepted) throw new PulumiCliMissingError(root, problems.join("; ") || undefined);
    options.log(`Installing the Pulumi CLI into ${root} (one time, downloads from get.pulumi.com)...`);
    try {
        return await installer.install(root);
    } catch (error) {
        throw new Error(`installing the Pulumi CLI into ${root} failed: ${firstLine(error)}. ` +
            `Check the internet connection, or install it from ${PULUMI_INSTALL_URL}`, { cause: error });
    }
}

function isNotFound(error: unknown): boolean {
    return /ENOENT|not found/i.test(String((error as Error)?.message ?? error));
}

function firstLine(error: unknown): string {
    const text = String((error as Error)?.message ?? error);
    return text.split("\n").map((l) => l.trim()).find((l) => l && !/^code:/.test(l)) ?? text;
}
