import type { DriverContext } from "../../driver/context";
import type { Engine, OutputMap, PreviewResult, StackSummary, UpdateResult } from "../../driver/pulumi/engine";
import { testAwsClients } from "./aws";

export interface FakeEngineOptions {
    outputs?: OutputMap;
    /** Stack config; without it getConfig and setConfig throw, so a test proves they are not used. */
    config?: Record<string, string>;
    /** What `up` deploys, given the config as it stands; without it `up` throws. */
    up?: (config: Record<string, string>) => OutputMap;
    /** What `preview` shows; without it `preview` throws. */
    preview?: () => PreviewResult;
}

/**
 * An Engine with only the parts a command test needs: stored outputs, a config map and an
 * `up` that turns config into outputs. Anything the test did not provide throws, so a command
 * that touches more of the stack than it should fails its test.
 */
export class FakeEngine implements Engine {
    readonly description = "stack test on the fake engine";
    /** Every `up` and `setConfig`, in order. */
    readonly calls: string[] = [];
    private currentOutputs: OutputMap;

    constructor(private readonly options: FakeEngineOptions = {}) {
        this.currentOutputs = options.outputs ?? {};
    }

    get config(): Record<string, string> {
        if (!this.options.config) throw new Error("this test gave the fake engine no config");
        return this.options.config;
    }

    async outputs(): Promise<OutputMap> {
        return this.currentOutputs;
    }

    /** Changes with every `up`, as a real stack's state would. */
    async stateVersion(): Promise<string> {
        return String(this.calls.filter((call) => call === "up").length);
    }

    /** This stack alone, as a backend holding one workshop lists it. */
    async listStacks(): Promise<StackSummary[]> {
        return [{ name: "test", outputs: this.currentOutputs }];
    }

    async getConfig(key: string): Promise<string | undefined> {
        return this.config[key];
    }

    async setConfig(key: string, value: string): Promise<void> {
        this.config[key] = value;
        this.calls.push(`setConfig ${key}`);
    }

    async up(): Promise<UpdateResult> {
        if (!this.options.up) throw new Error("this test does not expect `up`");
        this.calls.push("up");
        this.currentOutputs = this.options.up(this.config);
        return { ok: true, changes: [], failures: [], outputs: this.currentOutputs };
    }

    async preview(): Promise<PreviewResult> {
        if (!this.options.preview) throw new Error("this test does not expect `preview`");
        this.calls.push("preview");
        return this.options.preview();
    }

    async destroy(): Promise<UpdateResult> {
        throw new Error("this test does not expect `destroy`");
    }
}

/** A driver context around an engine, with everything the command prints captured. */
export function capturingContext(engine: Engine): { ctx: DriverContext; lines: string[]; warnings: string[] } {
    const lines: string[] = [];
    const warnings: string[] = [];
    const ctx: DriverContext = {
        engine,
        aws: testAwsClients(),
        projectDir: "/nonexistent/project",
        stack: "test",
        dataDir: "/nonexistent/project/.workshop/test",
        log: (line) => lines.push(line),
        warn: (line) => warnings.push(line),
        confirm: async () => false,
        prompt: async () => undefined,
        env: {},
        now: () => new Date("2026-11-23T14:12:00Z"),
    };
    return { ctx, lines, warnings };
}

/** Raw stack outputs from plain values, none of them secret. */
export function plainOutputs(values: Record<string, unknown>): OutputMap {
    return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, secret: false }]));
}
