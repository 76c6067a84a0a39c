import type { Engine } from "./engine";

/**
 * An engine started on first use. Every command gets a context, but only those that touch the
 * stack should need the Pulumi CLI and the passphrase (`roster validate` works without both).
 */
export function lazyEngine(description: string, start: () => Promise<Engine>): Engine {
    let started: Promise<Engine> | undefined;
    const engine = () => (started ??= start());
    return {
        description,
        preview: async (onEvent, inputs) => (await engine()).preview(onEvent, inputs),
        up: async (onEvent, inputs) => (await engine()).up(onEvent, inputs),
        destroy: async (onEvent, options) => (await engine()).destroy(onEvent, options),
        outputs: async () => (await engine()).outputs(),
        stateVersion: async () => (await engine()).stateVersion(),
        listStacks: async () => (await engine()).listStacks(),
        getConfig: async (key) => (await engine()).getConfig(key),
        setConfig: async (key, value, secret) => (await engine()).setConfig(key, value, secret),
    };
}
