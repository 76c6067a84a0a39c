import { type EngineEvent, LocalWorkspace, type OpType, type Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";

import { PROJECT_NAME, qualifiedConfigKey } from "../../infra/project-root";
import { APPROVED_ROSTER_ENV } from "../../infra/roster/approved-roster";
import { checkPassphrase, describeStack, resolveBackend } from "./backend";
import { findPulumiCli, type PulumiCliInstaller } from "./cli-install";
import { compileProgram, compilingEngine } from "./compile-program";
import type { ApprovedInputs, DestroyOptions, Engine, EventSink, OutputMap, PreviewResult, ResourceChange, ResourceOp, StackSummary, UpdateResult } from "./engine";
import { atEngineSeam, recogniseEngineError } from "./errors";
import { diyStackFiles, fileBackendRoot, localStateVersion } from "./state-version";

/** The stack's own root resource: its steps and diagnostics are the update's, not a resource's. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** Engine op → the driver's op; the replacement's three steps all read as one "replace". */
export function resourceOp(op: OpType): ResourceOp | undefined {
    switch (op) {
        case "create": case "import": return "create";
        case "update": return "update";
        case "replace": case "create-replacement": case "delete-replaced": case "import-replacement": return "replace";
        case "delete": case "discard": case "discard-replaced": return "delete";
        case "same": return "same";
        case "read": case "read-replacement": return "read";
        case "refresh": return "refresh";
        default: return undefined;
    }
}

/** The resource name is the URN's last "::" segment. */
export function nameFromUrn(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

type Failure = UpdateResult["failures"][number];

/**
 * Reduces raw engine events to WorkshopEvents and remembers what the result needs: one change
 * per resource, and the error diagnostics of each failed resource.
 */
export class EngineEventCollector {
    private readonly changesByUrn = new Map<string, ResourceChange>();
    private readonly errorsByUrn = new Map<string, string[]>();
    private readonly failedUrns = new Set<string>();
    private readonly finishedUrns = new Set<string>();
    /** Errors of the update as a whole (diagnostics on the stack or without a resource). */
    readonly updateErrors: string[] = [];

    constructor(private readonly sink: EventSink = () => {}) {}

    readonly handle = (event: EngineEvent): void => {
        if (event.diagnosticEvent) this.diagnostic(event.diagnosticEvent);
        const step = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent;
        if (!step) return;
        const { urn, type } = step.metadata;
        const op = resourceOp(step.metadata.op);
        if (!op || type === STACK_TYPE) return;
        const name = nameFromUrn(urn);
        if (event.resourcePreEvent) {
            const known = this.changesByUrn.get(urn);
            if (known) {
                if (op === "replace") known.op = "replace";
                return;
            }
            this.changesByUrn.set(urn, { urn, type, name, op });
            this.sink({ kind: "step-start", op, urn, type, name });
        } else if (event.resOpFailedEvent) {
            if (this.failedUrns.has(urn)) return;
            this.failedUrns.add(urn);
            this.sink({ kind: "step-failed", op, urn, type, name, message: this.errorsOf(urn) ?? "failed (see the errors below)" });
        } else if (!this.finishedUrns.has(urn)) {
            this.finishedUrns.add(urn);
            this.sink({ kind: "step-done", op: this.changesByUrn.get(urn)?.op ?? op, urn, type, name });
        }
    };

    get changes(): ResourceChange[] {
        return [...this.changesByUrn.values()];
    }

    /** Every resource with an error diagnostic, with its provider's error text. */
    get failures(): Failure[] {
        return [...this.errorsByUrn.keys()].map((urn) => {
            const change = this.changesByUrn.get(urn);
            const type = change?.type ?? typeFromUrn(urn);
            return { urn, type, name: nameFromUrn(urn), message: this.errorsOf(urn)! };
        });
    }

    private diagnostic(diag: NonNullable<EngineEvent["diagnosticEvent"]>): void {
        const message = diag.message.trim();
        const severity = diag.severity === "info#err" ? "info" : diag.severity;
        this.sink({ kind: "diagnostic", severity, message, ...(diag.urn ? { urn: diag.urn } : {}) });
        if (severity !== "error") return;
        if (diag.urn && typeFromUrn(diag.urn) !== STACK_TYPE) {
            this.errorsByUrn.set(diag.urn, [...(this.errorsByUrn.get(diag.urn) ?? []), message]);
        } else {
            this.updateErrors.push(message);
        }
    }

    private errorsOf(urn: string): string | undefined {
        return this.errorsByUrn.get(urn)?.join("\n");
    }
}

/** urn:pulumi:<stack>::<project>::<parent types $>type::<name> → the resource's own type. */
function typeFromUrn(urn: string): string {
    const parts = urn.split("::");
    const types = parts.length >= 4 ? parts[parts.length - 2] : "";
    return types.slice(types.lastIndexOf("$") + 1);
}

/** A CommandError carries the whole CLI transcript; the stderr part is what explains it. */
export function errorSummary(error: unknown): string {
    const text = String((error as Error)?.message ?? error);
    const stderr = /\n\s*stderr: ([\s\S]*?)(?:\n\s*err\?:|$)/.exec(text)?.[1]?.trim();
    const lines = (stderr || text).split("\n").map((l) => l.trimEnd()).filter(Boolean);
    return lines.slice(-12).join("\n");
}


class AutomationEngine implements Engine {
    /**
     * @param stateFiles where a file backend keeps this stack's checkpoint; undefined for other
     * backends, whose version comes from the last update (one CLI run instead of the outputs' two).
     */
    constructor(private readonly stack: Stack, readonly description: string, private readonly stateFiles?: string[]) {}

    async preview(onEvent?: EventSink, inputs: ApprovedInputs = {}): Promise<PreviewResult> {
        const collector = new EngineEventCollector(onEvent);
        try {
            await this.withApproved(inputs, (configFile) => this.stack.preview({ onEvent: collector.handle, color: "never", ...configFile }));
        } catch (error) {
            const recognised = recogniseEngineError(error, this.description);
            if (recognised !== error) throw recognised;
            throw new Error(`preview failed:\n${[...collector.failures.map((f) => f.message), ...collector.updateErrors].join("\n") || errorSummary(error)}`, { cause: error });
        }
        return { changes: collector.changes };
    }

    // continueOnError: one student's failure (an email already used, the close quota) must not stop the others.
    up(onEvent?: EventSink, inputs: ApprovedInputs = {}): Promise<UpdateResult> {
        const collector = new EngineEventCollector(onEvent);
        return this.update(collector, () => this.withApproved(inputs, (configFile) =>
            this.stack.up({ onEvent: collector.handle, color: "never", continueOnError: true, ...configFile })));
    }

    destroy(onEvent?: EventSink, options: DestroyOptions = {}): Promise<UpdateResult> {
        const collector = new EngineEventCollector(onEvent);
        return this.update(collector, () => this.stack.destroy({
            onEvent: collector.handle, color: "never", continueOnError: true, ...(options.refresh ? { refresh: true } : {}),
            ...(options.configFile ? { configFile: options.configFile } : {}),
        }));
    }

    /**
     * The CLI reads the approved config copy (--config-file) and passes the workspace's variables on
     * to the program, which then reads the approved roster bytes; both only for this one operation.
     */
    private async withApproved<T>(inputs: ApprovedInputs, run: (configFile: { configFile?: string }) => Promise<T>): Promise<T> {
        const env = this.stack.workspace.envVars;
        if (inputs.rosterSnapshot) env[APPROVED_ROSTER_ENV] = inputs.rosterSnapshot;
        try {
            return await run(inputs.configFile ? { configFile: inputs.configFile } : {});
        } finally {
            delete env[APPROVED_ROSTER_ENV];
        }
    }

    async outputs(): Promise<OutputMap> {
        return atEngineSeam(this.description, () => this.stack.outputs());
    }

    async stateVersion(): Promise<string> {
        if (this.stateFiles) return localStateVersion(this.stateFiles);
        const last = await atEngineSeam(this.description, () => this.stack.info());
        return last ? `${last.version}:${last.result}` : "no updates";
    }

    async listStacks(): Promise<StackSummary[]> {
        const workspace = this.stack.workspace;
        const summaries = await atEngineSeam(this.description, () => workspace.listStacks());
        const stacks: StackSummary[] = [];
        for (const summary of summaries) {
            const outputs = await atEngineSeam(this.description, () => workspace.stackOutputs(summary.name));
            stacks.push({ name: summary.name, ...(summary.lastUpdate ? { lastUpdate: summary.lastUpdate } : {}), outputs: outputs as OutputMap });
        }
        return stacks;
    }

    async getConfig(key: string): Promise<string | undefined> {
        try {
            return (await atEngineSeam(this.description, () => this.stack.getConfig(qualifiedConfigKey(key)))).value;
        } catch (error) {
            if (/not found|no value/i.test(String((error as Error).message))) return undefined;
            throw error;
        }
    }

    async setConfig(key: string, value: string, secret = false): Promise<void> {
        await atEngineSeam(this.description, () => this.stack.setConfig(qualifiedConfigKey(key), { value, secret }));
    }

    /**
     * A failed update still changed some resources: the outputs are read back from the state
     * so the students who did get an account are reported and emailed.
     */
    private async update(collector: EngineEventCollector, run: () => Promise<object>): Promise<UpdateResult> {
        try {
            const result: { outputs?: OutputMap } = await run();
            const failures = collector.failures;
            return { ok: failures.length === 0, changes: collector.changes, failures, outputs: result.outputs ?? await this.outputs() };
        } catch (error) {
            // The stack as a whole refused (locked, wrong passphrase): nothing ran, so no result to report.
            const recognised = recogniseEngineError(error, this.description);
            if (recognised !== error) throw recognised;
            const outputs = await this.outputs().catch(() => ({}));
            const message = collector.updateErrors.join("\n") || errorSummary(error);
            return { ok: false, changes: collector.changes, failures: collector.failures, outputs, error: message };
        }
    }
}

export interface AutomationEngineOptions {
    projectDir: string;
    stack: string;
    /** --backend; PULUMI_BACKEND_URL or the local file backend otherwise. */
    backend?: string;
    env: NodeJS.ProcessEnv;
    installCli: boolean;
    offerInstall?: (question: string) => Promise<boolean>;
    log(line: string): void;
    cliInstaller?: PulumiCliInstaller;
}

/**
 * The production engine: the project's Pulumi program through the Automation API and the Pulumi
 * CLI. Pulumi.yaml runs the compiled program, so preview and up compile it first when a source changed.
 */
export async function createAutomationEngine(options: AutomationEngineOptions): Promise<Engine> {
    const backend = resolveBackend(options.projectDir, options.backend, options.env);
    checkPassphrase(backend, options.env);
    if (backend.localDir) fs.mkdirSync(backend.localDir, { recursive: true });
    const pulumiCommand = await findPulumiCli({
        projectDir: options.projectDir, installCli: options.installCli, offerInstall: options.offerInstall, log: options.log,
        installer: options.cliInstaller,
    });
    const description = describeStack(options.stack, backend);
    const stack = await atEngineSeam(description, () => LocalWorkspace.createOrSelectStack(
        { stackName: options.stack, workDir: options.projectDir },
        { pulumiCommand, envVars: { PULUMI_BACKEND_URL: backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" } },
    ));
    const stateRoot = fileBackendRoot(backend.url, options.projectDir);
    const engine = new AutomationEngine(stack, description, stateRoot ? diyStackFiles(stateRoot, PROJECT_NAME, options.stack) : undefined);
    return compilingEngine(engine, () => compileProgram(options.projectDir, options.log));
}
