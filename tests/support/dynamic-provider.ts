import { Module } from "module";
import * as path from "path";

import { installSdkMocks } from "./aws-rules/sdk-mocks";
import type { AwsWorld } from "./aws-rules/world";

/** The key under which pulumi.dynamic.Resource stores its serialized provider. */
export const PROVIDER_KEY = "__provider";
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

interface DynamicProvider {
    configure?(req: { config: { get(key: string): string | undefined; require(key: string): string } }): Promise<void>;
    diff?(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes?: boolean; replaces?: string[] }>;
    create(inputs: Record<string, unknown>): Promise<{ id: string; outs?: Record<string, unknown> }>;
    update?(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs?: Record<string, unknown> }>;
    delete?(id: string, props: Record<string, unknown>): Promise<void>;
}

/**
 * Loads the provider exactly as Pulumi's dynamic-provider host does: the text the program
 * serialized, compiled as a module resolving packages from the project directory. Running that
 * text (not the class in the source) proves the provider survives serialization.
 */
function loadProvider(text: string): DynamicProvider {
    const filename = path.join(PROJECT_DIR, "__dynamic_provider__.js");
    const mod = new Module(filename, module) as Module & { _compile(code: string, file: string): void };
    mod.filename = filename;
    mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(PROJECT_DIR);
    mod._compile(text, filename);
    return (mod.exports as { handler(): DynamicProvider }).handler();
}

/**
 * The stack's configuration as Pulumi's dynamic-provider host hands it to `configure` (Pulumi 3.139+,
 * sdk/nodejs/cmd/dynamic-provider/config.ts): every key with its namespace, a bare key read in the project's.
 */
function providerConfig(config: Record<string, string>, project: string) {
    const get = (key: string) => config[key.includes(":") ? key : `${project}:${key}`];
    return {
        get,
        require: (key: string) => {
            const value = get(key);
            if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
            return value;
        },
    };
}

export interface StackConfig {
    project: string;
    /** Qualified keys (`aws:region`, `<project>:workshopName`). */
    values: Record<string, string>;
}

/**
 * Runs one provider method against the rules model: the AWS SDK answers from `world`, and
 * setTimeout and Date run on the world's simulated time (aws-rules/simulation.ts), so a retry loop
 * that waits minutes takes none and sees AWS change as it would (an IAM role becoming assumable,
 * another stack's accounts being created) while other steps run alongside.
 */
export async function runDynamic<R>(world: AwsWorld, text: string, call: (provider: DynamicProvider) => Promise<R>, stack?: StackConfig): Promise<R> {
    return world.sim.session(async () => {
        const sdk = installSdkMocks(world);
        try {
            const provider = loadProvider(text);
            await provider.configure?.({ config: providerConfig(stack?.values ?? {}, stack?.project ?? "") });
            return await call(provider);
        } finally {
            sdk.restore();
        }
    });
}

export function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
    const { [PROVIDER_KEY]: _, ...rest } = inputs;
    return rest;
}
