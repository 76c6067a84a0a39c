import * as path from "path";

/** Where the stack state lives. */
export interface Backend {
    url: string;
    /** Set for the default local backend: the folder to create before Pulumi logs in. */
    localDir?: string;
    /** Self-managed backends encrypt secrets with a passphrase; Pulumi Cloud does it for us. */
    usesPassphrase: boolean;
}

/** The default backend: state next to the project, git-ignored, nothing to sign up for. */
export function localStateDir(projectDir: string): string {
    return path.join(projectDir, ".pulumi-state");
}

/** `--backend`, else PULUMI_BACKEND_URL, else the local file backend. */
export function resolveBackend(projectDir: string, explicit: string | undefined, env: NodeJS.ProcessEnv): Backend {
    const url = explicit?.trim() || env.PULUMI_BACKEND_URL?.trim();
    if (!url) {
        const dir = localStateDir(projectDir);
        return { url: `file://${dir}`, localDir: dir, usesPassphrase: true };
    }
    return { url, usesPassphrase: !/^https?:\/\//.test(url) };
}

/**
 * Self-managed backends (file, s3, ...) need the passphrase before anything runs; without it
 * Pulumi would stop halfway with a less helpful message.
 */
export function checkPassphrase(backend: Backend, env: NodeJS.ProcessEnv): void {
    if (!backend.usesPassphrase || env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) return;
    throw new Error(`the stack state on ${backend.url} encrypts secrets with a passphrase, and none is set. ` +
        "Set PULUMI_CONFIG_PASSPHRASE (e.g. `export PULUMI_CONFIG_PASSPHRASE='a long phrase'`) or " +
        "PULUMI_CONFIG_PASSPHRASE_FILE=<file holding it>, and keep it: the same passphrase is needed for every later run.");
}

/** How a stack is named in messages: "stack dev on file:///…/.pulumi-state". */
export function describeStack(stack: string, backend: Backend): string {
    return `stack ${stack} on ${backend.url}`;
}
