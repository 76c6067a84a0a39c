/**
 * The one seam between the driver and Pulumi. Production runs the Automation API
 * (driver/engine-automation.ts); tests run the real infra program under Pulumi mocks
 * (tests/support/mock-engine.ts). Commands only ever see this interface.
 */

/** What Pulumi will do, or did, to one resource. */
export type ResourceOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh";

/** Engine progress, reduced to what the driver shows: one line per resource step, plus diagnostics. */
export type WorkshopEvent =
    | { kind: "step-start"; op: ResourceOp; urn: string; type: string; name: string }
    | { kind: "step-done"; op: ResourceOp; urn: string; type: string; name: string }
    | { kind: "step-failed"; op: ResourceOp; urn: string; type: string; name: string; message: string }
    | { kind: "diagnostic"; severity: "info" | "warning" | "error"; message: string; urn?: string };

export type EventSink = (event: WorkshopEvent) => void;

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    op: ResourceOp;
}

export interface PreviewResult {
    changes: ResourceChange[];
}

/** A raw stack output as Pulumi reports it. */
export interface OutputValue {
    value: unknown;
    secret: boolean;
}
export type OutputMap = Record<string, OutputValue>;

export interface UpdateResult {
    /** True when every step succeeded. */
    ok: boolean;
    changes: ResourceChange[];
    /** Steps that failed, with the provider's error text. */
    failures: { urn: string; type: string; name: string; message: string }[];
    outputs: OutputMap;
    /** The engine's own error when the update failed as a whole. */
    error?: string;
}

/** One stack of this project in the state backend, as the organization overview needs it. */
export interface StackSummary {
    name: string;
    /** When its last update finished (ISO time), if it has run one. */
    lastUpdate?: string;
    outputs: OutputMap;
}

export interface DestroyOptions {
    refresh?: boolean;
    /** The stack config as the instructor confirmed it. */
    configFile?: string;
}

/**
 * What the instructor approved, handed to the engine instead of the files it came from, so a file
 * saved between the preview and the update cannot reach AWS (driver/roster/approval-snapshot.ts).
 */
export interface ApprovedInputs {
    /** A snapshot of the roster's bytes, read by the program (infra/roster/approved-roster.ts). */
    rosterSnapshot?: string;
    /** A copy of Pulumi.<stack>.yaml, the CLI's --config-file. */
    configFile?: string;
}

export interface Engine {
    /** Where the stack lives, for messages ("stack dev on file://..."). */
    readonly description: string;
    preview(onEvent?: EventSink, inputs?: ApprovedInputs): Promise<PreviewResult>;
    /** Steps go on after a failure (each student's success does not wait on another's). */
    up(onEvent?: EventSink, inputs?: ApprovedInputs): Promise<UpdateResult>;
    /**
     * `refresh` reads every resource back first: an account that finished closing since the last
     * run (SUSPENDED) leaves the state instead of being closed a second time.
     */
    destroy(onEvent?: EventSink, options?: DestroyOptions): Promise<UpdateResult>;
    /** The stack's outputs as of its last update; empty before the first. */
    outputs(): Promise<OutputMap>;
    /**
     * A token that changes whenever the stack's state does, so callers can skip re-reading the
     * outputs: a file stat on the local backend, the last update's number elsewhere; undefined
     * when the engine cannot tell.
     */
    stateVersion(): Promise<string | undefined>;
    /** Every stack of this project in the same state backend (this one included), with its outputs. */
    listStacks(): Promise<StackSummary[]>;
    getConfig(key: string): Promise<string | undefined>;
    setConfig(key: string, value: string, secret?: boolean): Promise<void>;
}
