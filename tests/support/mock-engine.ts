import * as path from "path";
import { studentKeyOfResource } from "../../driver/plan/groups";
import type { Engine, EventSink, OutputMap, PreviewResult, ResourceChange, ResourceOp, UpdateResult } from "../../driver/pulumi/engine";
import { WORKSHOP_MODE_KEYS_OUTPUT } from "../../infra/outputs";
import { PROJECT_NAME as PROJECT, qualifiedConfigKey as qualified } from "../../infra/project-root";
import { resolve, runUnderMocks, type DeclaredResource } from "./pulumi-harness";

const INFRA_DIR = path.resolve(__dirname, "..", "..", "infra");
const INFRA_INDEX = path.join(INFRA_DIR, "index.ts");

/** Returns an AWS-like error message to make that step fail, or undefined to let it succeed. */
export type FailOn = (type: string, name: string, op: ResourceOp) => string | undefined;

export interface MockEngineOptions {
    stack?: string;
    /** Stack config without the project namespace (`aws:region` style keys keep theirs). */
    config?: Record<string, string>;
    failOn?: FailOn;
}

/** What the mock "deployed": the resource's inputs, compared on the next run to find updates. */
interface StateEntry {
    urn: string;
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

type Failure = UpdateResult["failures"][number];

/**
 * The test Engine: runs the real infra program under Pulumi mocks, keeps the previous run's
 * resources as its state, and diffs against it as Pulumi would (create / update when inputs
 * changed / delete / same, keyed by type and name). `failOn` makes chosen steps fail like AWS
 * would; a student with a failed step keeps nothing new (their other steps are skipped, as
 * Pulumi skips dependents), while every other student goes through.
 */
export class MockEngine implements Engine {
    readonly description: string;
    failOn?: FailOn;
    /** Every engine operation in order, so tests can prove that nothing ran. */
    readonly calls: ("preview" | "up" | "destroy")[] = [];
    private readonly stack: string;
    private readonly config = new Map<string, string>();
    private state = new Map<string, StateEntry>();
    private currentOutputs: OutputMap = {};

    constructor(options: MockEngineOptions = {}) {
        this.stack = options.stack ?? "test";
        this.description = `stack ${this.stack} on the mock engine`;
        this.failOn = options.failOn;
        for (const [key, value] of Object.entries(options.config ?? {})) this.config.set(qualified(key), value);
    }

    async getConfig(key: string): Promise<string | undefined> {
        return this.config.get(qualified(key));
    }

    async setConfig(key: string, value: string): Promise<void> {
        this.config.set(qualified(key), value);
    }

    async outputs(): Promise<OutputMap> {
        return structuredClone(this.currentOutputs);
    }

    /** Every up and destroy rewrites the state, as Pulumi's checkpoint would be. */
    async stateVersion(): Promise<string> {
        return String(this.calls.filter((call) => call !== "preview").length);
    }

    /** The deployed resources, for assertions. */
    resources(): StateEntry[] {
        return [...this.state.values()];
    }

    async preview(onEvent: EventSink = () => {}): Promise<PreviewResult> {
        this.calls.push("preview");
        const { changes } = await this.plan();
        for (const change of changes) {
            onEvent({ kind: "step-start", ...change });
            onEvent({ kind: "step-done", ...change });
        }
        return { changes };
    }

    async up(onEvent: EventSink = () => {}): Promise<UpdateResult> {
        this.calls.push("up");
        let planned: Awaited<ReturnType<MockEngine["plan"]>>;
        try {
            planned = await this.plan();
        } catch (error) {
            return { ok: false, changes: [], failures: [], outputs: await this.outputs(), error: (error as Error).message };
        }
        const { changes, declared, outputs } = planned;
        const studentKeys = [...Object.keys(studentsOf(outputs)), ...Object.keys(studentsOf(this.currentOutputs))];
        const { applied, attempted, failures, failedStudents } = this.apply(changes, studentKeys, onEvent);
        for (const change of applied) {
            if (change.op === "delete") this.state.delete(stateKey(change));
            else this.state.set(stateKey(change), { ...change, inputs: declared.get(stateKey(change))!.inputs });
        }
        this.currentOutputs = withStudents(outputs, this.keepStudents(studentsOf(outputs), failedStudents));
        return this.result(attempted, failures);
    }

    async destroy(onEvent: EventSink = () => {}): Promise<UpdateResult> {
        this.calls.push("destroy");
        const changes = [...this.state.values()].reverse().map(({ urn, type, name }): ResourceChange => ({ urn, type, name, op: "delete" }));
        const { applied, attempted, failures, failedStudents } = this.apply(changes, Object.keys(studentsOf(this.currentOutputs)), onEvent);
        for (const change of applied) this.state.delete(stateKey(change));
        this.currentOutputs = this.state.size === 0
            ? {}
            : withStudents(this.currentOutputs, this.keepStudents({}, failedStudents));
        return this.result(attempted, failures);
    }

    /** Runs the program fresh and diffs what it declares against the state. */
    private async plan(): Promise<{ changes: ResourceChange[]; declared: Map<string, DeclaredResource>; outputs: OutputMap }> {
        const { resources, outputs } = await this.runProgram();
        const declared = new Map(resources.map((r) => [stateKey(r), r]));
        const changes: ResourceChange[] = resources.map((r) => {
            const previous = this.state.get(stateKey(r));
            const op: ResourceOp = !previous ? "create" : sameInputs(previous.inputs, r.inputs) ? "same" : "update";
            return { urn: this.urn(r.type, r.name), type: r.type, name: r.name, op };
        });
        for (const entry of [...this.state.values()].reverse()) {
            if (!declared.has(stateKey(entry))) changes.push({ urn: entry.urn, type: entry.type, name: entry.name, op: "delete" });
        }
        return { changes, declared, outputs };
    }

    private async runProgram(): Promise<{ resources: DeclaredResource[]; outputs: OutputMap }> {
        // The program reads config and the roster at module load, so every run needs fresh modules.
        for (const file of Object.keys(require.cache)) {
            if (file.startsWith(INFRA_DIR + path.sep)) delete require.cache[file];
        }
        const { resources, result } = await runUnderMocks(async () => {
            // Required anew on every run (its cache entries were deleted above): import() would reuse the first load.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const program = require(INFRA_INDEX) as Record<string, unknown>;
            const outputs: OutputMap = {};
            for (const [name, value] of Object.entries(program)) {
                if (value === undefined) continue;
                outputs[name] = { value: await resolve(value), secret: name === WORKSHOP_MODE_KEYS_OUTPUT };
            }
            return outputs;
        }, { project: PROJECT, stack: this.stack, config: Object.fromEntries(this.config) });
        return { resources, outputs: result };
    }

    /** Steps run in order; a failed step fails its student, whose remaining steps are skipped. */
    private apply(changes: ResourceChange[], studentKeys: string[], onEvent: EventSink) {
        const failOn = this.failOn ?? (() => undefined);
        const failures: Failure[] = [];
        const failedStudents = new Set<string>();
        const studentOf = (change: ResourceChange) => studentKeyOfResource(change.name, studentKeys);
        for (const change of changes) {
            if (change.op === "same") continue;
            const message = failOn(change.type, change.name, change.op);
            if (message) {
                failures.push({ urn: change.urn, type: change.type, name: change.name, message });
                const key = studentOf(change);
                if (key) failedStudents.add(key);
            }
        }
        const applied: ResourceChange[] = [];
        const attempted: ResourceChange[] = [];
        for (const change of changes) {
            const key = studentOf(change);
            const failure = failures.find((f) => f.urn === change.urn);
            if (failure) {
                onEvent({ kind: "step-start", ...change });
                onEvent({ kind: "diagnostic", severity: "error", message: failure.message, urn: change.urn });
                onEvent({ kind: "step-failed", ...change, message: failure.message });
                attempted.push(change);
            } else if (change.op === "same" || !key || !failedStudents.has(key)) {
                onEvent({ kind: "step-start", ...change });
                onEvent({ kind: "step-done", ...change });
                applied.push(change);
                attempted.push(change);
            }
        }
        return { applied, attempted, failures, failedStudents };
    }

    /** A failed student keeps what they had before this run, or nothing if they are new. */
    private keepStudents(students: Record<string, unknown>, failed: Set<string>): Record<string, unknown> {
        const previous = studentsOf(this.currentOutputs);
        const kept = Object.fromEntries(Object.entries(students).filter(([key]) => !failed.has(key)));
        for (const key of failed) if (previous[key] !== undefined) kept[key] = previous[key];
        return kept;
    }

    private result(attempted: ResourceChange[], failures: Failure[]): UpdateResult {
        return {
            ok: failures.length === 0,
            changes: attempted,
            failures,
            outputs: structuredClone(this.currentOutputs),
            ...(failures.length > 0 ? { error: "update failed" } : {}),
        };
    }

    private urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${PROJECT}::${type}::${name}`;
    }
}

function stateKey(resource: { type: string; name: string }): string {
    return `${resource.type}::${resource.name}`;
}

function studentsOf(outputs: OutputMap): Record<string, unknown> {
    return (outputs.students?.value as Record<string, unknown> | undefined) ?? {};
}

function withStudents(outputs: OutputMap, students: Record<string, unknown>): OutputMap {
    return { ...outputs, students: { value: students, secret: false } };
}

function sameInputs(a: unknown, b: unknown): boolean {
    return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
    return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
        : v));
}
