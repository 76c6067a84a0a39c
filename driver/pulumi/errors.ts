/**
 * What can go wrong with the stack itself (not with a resource), recognised once at the engine
 * seam so every command reports it the same way. The Automation API throws ConcurrentUpdateError
 * and StackNotFoundError (@pulumi/pulumi/automation/errors); a wrong passphrase arrives as a
 * plain CommandError whose stderr says so.
 */

/** Another update holds the stack's lock. */
export class StackLockedError extends Error {
    constructor(readonly stack: string) {
        super(`${stack} is locked by another update: someone else is running up, preview or destroy on it, or such a run ` +
            "was killed. Wait for it to finish and run the command again. If no run is going on, the lock is stale: with the " +
            "local backend delete the stack's file under .pulumi-state/.pulumi/locks/; with Pulumi Cloud run `pulumi cancel`.");
        this.name = "StackLockedError";
    }
}

/** The stack does not exist on this backend (a typo in --stack, or another --backend). */
export class StackMissingError extends Error {
    constructor(readonly stack: string) {
        super(`${stack} does not exist. Check --stack and --backend (or PULUMI_BACKEND_URL): each workshop's state lives ` +
            "in the backend it was created on.");
        this.name = "StackMissingError";
    }
}

/** The passphrase set in the environment does not decrypt this stack's secrets. */
export class WrongPassphraseError extends Error {
    constructor(readonly stack: string) {
        super(`the passphrase in PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) does not decrypt the secrets of ${stack}. ` +
            "Set the passphrase the stack was created with; without it the stack's secrets cannot be read.");
        this.name = "WrongPassphraseError";
    }
}

/** The error as the driver reports it: a named error for what it recognises, the original otherwise. */
export function recogniseEngineError(error: unknown, stack: string): unknown {
    const name = (error as Error)?.name;
    const text = String((error as Error)?.message ?? error);
    if (name === "ConcurrentUpdateError" || /the stack is currently locked by|Another update is currently in progress/.test(text)) {
        return new StackLockedError(stack);
    }
    if (name === "StackNotFoundError" || /no stack named .* found/.test(text)) return new StackMissingError(stack);
    if (/incorrect passphrase|failed to decrypt|passphrase must be set/i.test(text)) return new WrongPassphraseError(stack);
    return error;
}

/** Runs one engine call, rethrowing what it recognises as a named error. */
export async function atEngineSeam<T>(stack: string, call: () => Promise<T>): Promise<T> {
    try {
        return await call();
    } catch (error) {
        throw recogniseEngineError(error, stack);
    }
}
