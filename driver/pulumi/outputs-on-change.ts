import type { Engine, OutputMap } from "./engine";

/**
 * The stack outputs for something that asks often (the dashboard polls every minute): read once,
 * then again only when the engine's state version changes. Each read runs the Pulumi CLI; the
 * version check of the local backend is a file stat. An engine that cannot tell its version
 * is read every time.
 */
export function outputsOnChange(engine: Engine): () => Promise<OutputMap> {
    let last: { version: string; outputs: OutputMap } | undefined;
    return async () => {
        // The version is taken before the read: a change in between is seen on the next call.
        const version = await engine.stateVersion();
        if (last && version !== undefined && version === last.version) return last.outputs;
        const outputs = await engine.outputs();
        last = version === undefined ? undefined : { version, outputs };
        return outputs;
    };
}
