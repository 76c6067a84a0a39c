import type * as pulumi from "@pulumi/pulumi";
import * as path from "path";

import { studentKeyOfResource } from "../../driver/plan/groups";
import type { ApprovedInputs, DestroyOptions, Engine, EventSink, OutputMap, PreviewResult, ResourceChange, ResourceOp, StackSummary, UpdateResult } from "../../driver/pulumi/engine";
import { WORKSHOP_MODE_KEYS_OUTPUT } from "../../infra/outputs";
import { PROJECT_NAME as PROJECT, qualifiedConfigKey as qualified } from "../../infra/project-root";
import { APPROVED_ROSTER_ENV } from "../../infra/roster/approved-roster";
import { SECOND } from "./aws-rules/clock";
import { AwsWorld } from "./aws-rules/world";
import { DYNAMIC_TYPE_PREFIX, PROVIDER_KEY, runDynamic, withoutProvider } from "./dynamic-provider";
import { type OpResult, type Props, ProviderError, type ProviderModel, providerModel } from "./provider-models";
import { type DeclaredOptions, type DeclaredResource,mockState, resolve, runUnderMocks } from "./pulumi-harness";
import { type Execution, runSchedule, type Step } from "./step-schedule";

const INFRA_DIR = path.resolve(__dirname, "..", "..", "infra");
const INFRA_INDEX = path.join(INFRA_DIR, "index.ts");

/** Returns an AWS-like error message to make that step fail, or undefined to let it succeed. */
export type FailOn = (type: string, name: string, op: ResourceOp) => string | undefined;

export interface MockEngineOptions {
    stack?: string;
    /** Stack config without the project namespace (`aws:region` style keys keep theirs). */
    config?: Record<string, string>;
    failOn?: FailOn;
    /** The AWS the program deploys into; a fresh organization (with its "Suspended" OU) by default. */
    world?: AwsWorld;
    /** The state backend it shares with other stacks (listStacks lists them all); its own otherwise. */
    backend?: MockBackend;
}

/** A state backend holding several stacks of the project, as one file or S3 backend does. */
export class MockBackend {
    readonly stacks = new Map<string, MockEngine>();
}

/** What the mock "deployed", as Pulumi's state holds it. */
export interface StateEntry {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    options: DeclaredOptions;
}

type Failure = UpdateResult["failures"][number];

interface PlannedChange extends ResourceChange {
    declared?: DeclaredResource;
    /** Inputs after ignoreChanges: ignored properties keep the state's value. */
    inputs?: Record<string, unknown>;
    old?: StateEntry;
}

interface StepItem {
    change: PlannedChange;
    /** "delete" for the delete phase: removed resources and the old half of a replacement. */
    phase: "apply" | "delete";
}

const isDynamic = (type: string) => type.startsWith(DYNAMIC_TYPE_PREFIX);

/**
 * The test Engine: runs the real infra program under Pulumi mocks and deploys what it declares
 * into a model of AWS that enforces AWS's documented rules (tests/support/aws-rules). It keeps
 * state as Pulumi does (ids, inputs, outputs, dependencies, resource options), diffs the way the
 * provider does (ForceNew inputs replace, ignoreChanges keeps the old value), and runs steps on
 * the world's simulated time (shared with any other stack deploying into it) in dependency order —
 * deletes last, in reverse — with continue-on-error
 * semantics: a failed step skips what depends on it. Dynamic providers run from the text the
 * program serialized, against the same AWS model. `failOn` still injects a failure by hand.
 */
export class MockEngine implements Engine {
    readonly description: string;
    readonly world: AwsWorld;
    failOn?: FailOn;
    /** Every engine operation in order, so tests can prove that nothing ran. */
    readonly calls: ("preview" | "up" | "destroy")[] = [];
    /** What the driver handed over as approved, per preview and up (and destroy's config file). */
    readonly approved: { call: "preview" | "up" | "destroy"; inputs: ApprovedInputs }[] = [];
    private readonly stack: string;
    private readonly config = new Map<string, string>();
    private state = new Map<string, StateEntry>();
    private currentOutputs: OutputMap = {};
    private readonly backend: MockBackend;
    /** When the last up or destroy ended, on the world's clock. */
    private lastUpdate?: string;

    constructor(options: MockEngineOptions = {}) {
        this.stack = options.stack ?? "test";
        this.description = `stack ${this.stack} on the mock engine`;
        this.failOn = options.failOn;
        this.world = options.world ?? new AwsWorld();
        for (const [key, value] of Object.entries(options.config ?? {})) this.config.set(qualified(key), value);
        this.backend = options.backend ?? new MockBackend();
        this.backend.stacks.set(this.stack, this);
    }

    async listStacks(): Promise<StackSummary[]> {
        return [...this.backend.stacks.values()].map((engine) => ({
            name: engine.stack, outputs: structuredClone(engine.currentOutputs), ...(engine.lastUpdate ? { lastUpdate: engine.lastUpdate } : {}),
        }));
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

    async preview(onEvent: EventSink = () => {}, inputs: ApprovedInputs = {}): Promise<PreviewResult> {
        this.calls.push("preview");
        this.approved.push({ call: "preview", inputs });
        const { changes } = await this.plan(inputs);
        const visible = changes.map(({ urn, type, name, op }) => ({ urn, type, name, op }));
        for (const change of visible) {
            onEvent({ kind: "step-start", ...change });
            onEvent({ kind: "step-done", ...change });
        }
        return { changes: visible };
    }

    async up(onEvent: EventSink = () => {}, inputs: ApprovedInputs = {}): Promise<UpdateResult> {
        this.calls.push("up");
        this.approved.push({ call: "up", inputs });
        return (await this.prepareUp(onEvent, inputs))();
    }

    /**
     * Several stacks running `up` at the same time in one organization, as two instructors would:
     * each program runs first (Pulumi's mocks are process-wide), then every stack's steps run
     * together on the world's one timeline, so AWS's organization-wide limits see them all.
     */
    static async upTogether(engines: MockEngine[], onEvent: EventSink = () => {}): Promise<UpdateResult[]> {
        const world = engines[0].world;
        if (engines.some((e) => e.world !== world)) throw new Error("upTogether: the stacks must share one AwsWorld");
        const runs: (() => Promise<UpdateResult>)[] = [];
        for (const engine of engines) {
            engine.calls.push("up");
            runs.push(await engine.prepareUp(onEvent, {}));
        }
        return world.sim.session(() => Promise.all(runs.map((run) => run())));
    }

    /** Plans an `up`; the function returned applies it and records the new state. */
    private async prepareUp(onEvent: EventSink, inputs: ApprovedInputs): Promise<() => Promise<UpdateResult>> {
        let planned: Awaited<ReturnType<MockEngine["plan"]>>;
        try {
            planned = await this.plan(inputs);
        } catch (error) {
            const failed: UpdateResult = { ok: false, changes: [], failures: [], outputs: await this.outputs(), error: (error as Error).message };
            return async () => failed;
        }
        const { changes, declared, outputs } = planned;
        return async () => {
            const studentKeys = [...Object.keys(studentsOf(outputs)), ...Object.keys(studentsOf(this.currentOutputs))];
            const run = await this.apply(changes, onEvent);
            const next = new Map<string, StateEntry>();
            for (const resource of declared) {
                const change = changes.find((c) => c.urn === resource.urn && c.op !== "delete")!;
                const entry = run.stateAfter(change);
                if (entry) next.set(resource.urn, entry);
            }
            for (const change of changes.filter((c) => c.op === "delete")) {
                if (!run.deleted.has(change.urn)) next.set(change.urn, this.state.get(change.urn)!);
            }
            this.state = next;
            const unfinished = this.unfinishedStudents(run, studentKeys);
            this.currentOutputs = withStudents(outputs, this.keepStudents(studentsOf(outputs), unfinished));
            return this.result(run.attempted, run.failures);
        };
    }

    async destroy(onEvent: EventSink = () => {}, options: DestroyOptions = {}): Promise<UpdateResult> {
        this.calls.push("destroy");
        this.approved.push({ call: "destroy", inputs: options.configFile ? { configFile: options.configFile } : {} });
        if (options.refresh) this.refresh();
        const changes: PlannedChange[] = [...this.state.values()].reverse()
            .map((old) => ({ urn: old.urn, type: old.type, name: old.name, op: "delete" as const, old }));
        const run = await this.apply(changes, onEvent);
        for (const urn of run.deleted) this.state.delete(urn);
        const remaining = new Set([...this.state.values()].map((e) => e.name));
        const keys = Object.keys(studentsOf(this.currentOutputs));
        const kept = new Set(keys.filter((key) => [...remaining].some((name) => studentKeyOfResource(name, keys) === key)));
        this.currentOutputs = this.state.size === 0 ? {} : withStudents(this.currentOutputs, this.keepStudents({}, kept));
        return this.result(run.attempted, run.failures);
    }

    /**
     * `refresh`, for what the rules model tracks: the provider's Read reports a SUSPENDED (or gone)
     * account as not found, so Pulumi drops it from the state (account.go findAccountByID).
     */
    private refresh(): void {
        const org = this.world.organizations;
        for (const entry of [...this.state.values()]) {
            if (entry.type !== "aws:organizations/account:Account") continue;
            const account = org.accounts.get(entry.id);
            const status = account ? org.status(account) : "GONE";
            if (status === "SUSPENDED" || status === "GONE") this.state.delete(entry.urn);
        }
    }

    /** Runs the program fresh and diffs what it declares against the state. */
    private async plan(inputs: ApprovedInputs = {}): Promise<{ changes: PlannedChange[]; declared: DeclaredResource[]; outputs: OutputMap }> {
        const { resources, outputs } = await this.runProgram(inputs);
        const declaredUrns = new Set(resources.map((r) => r.urn));
        const changes: PlannedChange[] = [];
        for (const r of resources) {
            const old = this.state.get(r.urn);
            const inputs = effectiveInputs(r, old);
            const op = old ? await this.diff(r, old, inputs) : "create";
            changes.push({ urn: r.urn, type: r.type, name: r.name, op, declared: r, inputs, ...(old ? { old } : {}) });
        }
        for (const old of [...this.state.values()].reverse()) {
            if (!declaredUrns.has(old.urn)) changes.push({ urn: old.urn, type: old.type, name: old.name, op: "delete", old });
        }
        return { changes, declared: resources, outputs };
    }

    private async diff(r: DeclaredResource, old: StateEntry, inputs: Record<string, unknown>): Promise<ResourceOp> {
        if (isDynamic(r.type)) {
            const provider = String(inputs[PROVIDER_KEY]);
            const result: { changes?: boolean; replaces?: string[] } = await runDynamic(this.world, provider, async (p) =>
                p.diff ? p.diff(old.id, old.inputs, inputs) : { changes: !sameInputs(withoutProvider(old.inputs), withoutProvider(inputs)) }, this.stackConfig());
            if (result.replaces && result.replaces.length > 0) return "replace";
            return result.changes ? "update" : "same";
        }
        if (sameInputs(old.inputs, inputs)) return "same";
        const model = r.custom ? providerModel(r.type) : undefined;
        const forced = model?.forceNew.some((key) => !sameInputs(old.inputs[key], inputs[key]));
        return forced ? "replace" : "update";
    }

    /** Ids and state the mocks answer with: the state's for resources that stay, fresh ones otherwise. */
    private answer(args: pulumi.runtime.MockResourceArgs & { urn: string; options: DeclaredOptions }) {
        const old = this.state.get(args.urn);
        const model = (args.custom ?? true) ? providerModel(args.type) : undefined;
        if (old) {
            const inputs = effectiveInputs({ inputs: args.inputs, options: args.options }, old);
            const replaced = model?.forceNew.some((key) => !sameInputs(old.inputs[key], inputs[key]));
            if (!replaced) return { id: old.id, state: { ...old.outputs, ...withoutProvider(inputs) } };
        }
        if (args.options.importId && model?.read) {
            const state = model.read(args.options.importId, { world: this.world, timeouts: {} });
            return { id: args.options.importId, state: { ...state, ...args.inputs } };
        }
        const proposed = mockState(args);
        return { id: model?.freshId ? this.world.reserveId(model.freshId(proposed.id, this.world), this.stack) : proposed.id, state: proposed.state };
    }

    /** Invokes the program makes, answered from the AWS model where it has the data. */
    private call(args: pulumi.runtime.MockCallArgs): Props | undefined {
        if (args.token === "aws:organizations/getOrganizationalUnits:getOrganizationalUnits") {
            const children = [...this.world.organizations.ous.values()].filter((o) => o.parentId === args.inputs.parentId)
                .map((o) => ({ id: o.id, name: o.name, arn: `arn:aws:organizations::111111111111:ou/o-exampleorg1/${o.id}` }));
            return { parentId: args.inputs.parentId, children };
        }
        return undefined;
    }

    private async runProgram(inputs: ApprovedInputs): Promise<{ resources: DeclaredResource[]; outputs: OutputMap }> {
        // The entry reads config and the roster at module load, so every run loads it anew. Only the entry:
        // reloading the rest of infra/ would give later test files a second copy of each module
        // (a ConfigError that is not the ConfigError they imported).
        delete require.cache[require.resolve(INFRA_INDEX)];
        // As the Automation engine passes it to the program's process: for this run only.
        if (inputs.rosterSnapshot) process.env[APPROVED_ROSTER_ENV] = inputs.rosterSnapshot;
        try {
            return await this.runProgramModules();
        } finally {
            delete process.env[APPROVED_ROSTER_ENV];
        }
    }

    private async runProgramModules(): Promise<{ resources: DeclaredResource[]; outputs: OutputMap }> {
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
        }, {
            project: PROJECT, stack: this.stack, config: Object.fromEntries(this.config),
            answer: (args) => this.answer(args), call: (args) => this.call(args),
        });
        return { resources, outputs: result };
    }

    /**
     * Runs the changes on simulated time: creates, updates and the new half of replacements in
     * dependency order, then deletes (removed resources, the old half of replacements) in
     * reverse dependency order, each against the AWS model.
     */
    private async apply(changes: PlannedChange[], onEvent: EventSink) {
        const failOn = this.failOn ?? (() => undefined);
        const applyKeys = changes.filter((c) => c.op !== "delete").map((c) => c.urn);
        const deleting = new Map(changes.filter((c) => c.op === "delete" || c.op === "replace").map((c) => [c.urn, c.old!]));
        const steps: Step<StepItem>[] = [];
        for (const change of changes) {
            if (change.op !== "delete") {
                steps.push({ key: change.urn, after: change.declared!.options.dependencies, item: { change, phase: "apply" } });
            }
            if (change.op === "delete" || change.op === "replace") {
                // Pulumi deletes after everything else, a resource only once all that depended on it is gone.
                const dependents = [...deleting.values()].filter((e) => e.options.dependencies.includes(change.urn)).map((e) => `delete:${e.urn}`);
                steps.push({ key: `delete:${change.urn}`, after: [...applyKeys, ...dependents], item: { change, phase: "delete" } });
            }
        }
        const results = new Map<string, OpResult>();
        const attempted: ResourceChange[] = [];
        const failures: Failure[] = [];
        const outcomes = await runSchedule(steps, async ({ change, phase }): Promise<Execution> => {
            const op: ResourceOp = phase === "delete" ? "delete" : change.op;
            const visible = { urn: change.urn, type: change.type, name: change.name, op };
            if (op === "same") return { ok: true, duration: 0 };
            onEvent({ kind: "step-start", ...visible });
            attempted.push(visible);
            const injected = failOn(change.type, change.name, op);
            try {
                if (injected) throw new ProviderError(injected);
                const result = phase === "delete" ? await this.deleteOne(change.old!, deleting) : await this.applyOne(change);
                results.set(`${phase}:${change.urn}`, result);
                onEvent({ kind: "step-done", ...visible });
                return { ok: true, duration: result.duration ?? SECOND };
            } catch (error) {
                if (!(error instanceof ProviderError)) throw error;
                failures.push({ urn: change.urn, type: change.type, name: change.name, message: error.message });
                onEvent({ kind: "diagnostic", severity: "error", message: error.message, urn: change.urn });
                onEvent({ kind: "step-failed", ...visible, message: error.message });
                return { ok: false, duration: error.duration, message: error.message };
            }
        }, this.world.sim);

        const deleted = new Set<string>();
        for (const change of changes) {
            if (change.op === "delete" && outcomes.get(`delete:${change.urn}`)?.status === "done") deleted.add(change.urn);
        }
        const stateAfter = (change: PlannedChange): StateEntry | undefined => {
            const status = outcomes.get(change.urn)?.status;
            if (status !== "done") return change.op === "create" ? undefined : change.old;
            const r = change.declared!;
            const result = results.get(`apply:${change.urn}`) ?? {};
            return {
                urn: r.urn, type: r.type, name: r.name, custom: r.custom, id: result.id ?? r.id,
                inputs: change.inputs!, outputs: { ...r.state, ...result.outputs }, options: r.options,
            };
        };
        return { outcomes, attempted, failures, deleted, stateAfter };
    }

    private context(entry: { options: DeclaredOptions }) {
        return { world: this.world, timeouts: entry.options.customTimeouts };
    }

    private async applyOne(change: PlannedChange): Promise<OpResult> {
        const r = change.declared!;
        const inputs = change.inputs!;
        if (isDynamic(r.type)) {
            const text = String(inputs[PROVIDER_KEY]);
            const props = withoutProvider(inputs);
            if (change.op === "update") {
                const updated = await this.dynamic(text, (p) => p.update ? p.update(change.old!.id, withoutProvider(change.old!.outputs), props) : Promise.resolve({ outs: props }));
                return { id: change.old!.id, outputs: updated.outs };
            }
            const created = await this.dynamic(text, (p) => p.create(props));
            return { id: created.id, outputs: created.outs };
        }
        const model = r.custom ? providerModel(r.type) : undefined;
        if (!model) return {};
        const ctx = this.context(r);
        if (change.op === "create" && r.options.importId) {
            checkImport(r, model, model.read?.(r.options.importId, ctx) ?? {});
            return { id: r.options.importId };
        }
        if (change.op === "update") {
            return model.update?.({ id: change.old!.id, olds: change.old!.inputs, news: inputs, outputs: change.old!.outputs }, ctx) ?? {};
        }
        return model.create({ name: r.name, id: r.id, inputs, planned: r.state }, ctx);
    }

    private async deleteOne(old: StateEntry, deleting: Map<string, StateEntry>): Promise<OpResult> {
        // retainOnDelete: Pulumi forgets the resource and leaves it in AWS.
        if (old.options.retainOnDelete) return { duration: 0 };
        // deletedWith: deleting the other resource takes this one along, so no call is made.
        if (old.options.deletedWith && deleting.has(old.options.deletedWith)) return { duration: 0 };
        if (isDynamic(old.type)) {
            // The provider that last wrote the state deletes it (its text in the outputs), as Pulumi's host does.
            const text = String(old.outputs[PROVIDER_KEY] ?? old.inputs[PROVIDER_KEY]);
            await this.dynamic(text, async (p) => { await p.delete?.(old.id, withoutProvider(old.outputs)); });
            return {};
        }
        const model = old.custom ? providerModel(old.type) : undefined;
        return model ? model.delete({ id: old.id, inputs: old.inputs, outputs: old.outputs }, this.context(old)) : {};
    }

    /**
     * A dynamic provider's call, configured with the stack's config; its error becomes the step's
     * failure, as the engine reports it. Its waits already ran on the shared simulated clock, so the
     * step adds only the engine's own second, never the waited time again.
     */
    private async dynamic<R>(text: string, fn: Parameters<typeof runDynamic<R>>[2]): Promise<R> {
        try {
            return await runDynamic(this.world, text, fn, this.stackConfig());
        } catch (error) {
            throw new ProviderError((error as Error).message);
        }
    }

    private stackConfig() {
        return { project: PROJECT, values: Object.fromEntries(this.config) };
    }

    /** Students with a step that failed or was skipped: they keep what they had before. */
    private unfinishedStudents(run: Awaited<ReturnType<MockEngine["apply"]>>, keys: string[]): Set<string> {
        const unfinished = new Set<string>();
        for (const [key, outcome] of run.outcomes) {
            if (outcome.status === "done") continue;
            const urn = key.replace(/^delete:/, "");
            const name = urn.slice(urn.lastIndexOf("::") + 2);
            const student = studentKeyOfResource(name, keys);
            if (student) unfinished.add(student);
        }
        return unfinished;
    }

    /** A failed student keeps what they had before this run, or nothing if they are new. */
    private keepStudents(students: Record<string, unknown>, failed: Set<string>): Record<string, unknown> {
        const previous = studentsOf(this.currentOutputs);
        const kept = Object.fromEntries(Object.entries(students).filter(([key]) => !failed.has(key)));
        for (const key of failed) if (previous[key] !== undefined) kept[key] = previous[key];
        return kept;
    }

    private result(attempted: ResourceChange[], failures: Failure[]): UpdateResult {
        this.lastUpdate = new Date(this.world.clock.now()).toISOString();
        return {
            ok: failures.length === 0,
            changes: attempted,
            failures,
            outputs: structuredClone(this.currentOutputs),
            ...(failures.length > 0 ? { error: "update failed" } : {}),
        };
    }
}

/**
 * An import succeeds only when the program's inputs, ignored properties taking the read value,
 * describe the resource as it is: every input the provider read back (computed attributes aside)
 * must equal the declared one, else Pulumi refuses with "inputs to import do not match the existing
 * resource" (https://www.pulumi.com/docs/iac/adopting-pulumi/import/#the-import-resource-option).
 */
function checkImport(r: DeclaredResource, model: ProviderModel, actual: Props): void {
    const ignored = new Set(r.options.ignoreChanges);
    const computed = new Set(model.computed ?? []);
    const keys = new Set([...Object.keys(actual), ...Object.keys(r.inputs)].filter((k) => !computed.has(k) && !ignored.has(k)));
    const differing = [...keys].filter((k) => !sameInputs(actual[k], r.inputs[k])).sort();
    if (differing.length > 0) {
        throw new ProviderError(`inputs to import do not match the existing resource; importing this resource will fail ` +
            `(${r.name}: ${differing.map((k) => `~${k}`).join(", ")})`);
    }
}

/** Inputs as Pulumi uses them: an ignored property keeps the value in the state. */
function effectiveInputs(r: { inputs: Props; options: DeclaredOptions }, old: StateEntry | undefined): Record<string, unknown> {
    if (!old) return r.inputs;
    const inputs = { ...r.inputs };
    for (const key of r.options.ignoreChanges) {
        if (key in old.inputs) inputs[key] = old.inputs[key];
        else delete inputs[key];
    }
    return inputs;
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
    return JSON.stringify(value ?? null, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
        : v));
}
