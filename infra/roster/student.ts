// What a roster entry is and how its problems are reported: every roster reader and check shares these.

/** One roster entry as an instructor writes it. */
export interface RosterEntry {
    email: string;
    name: string;
    givenName?: string;
    familyName?: string;
    /** Overrides the workshop's per-student budget, in USD. */
    budgetUsd?: number;
}

/** A roster entry that passed validation, with the stable key its resources are named by. */
export interface Student extends Required<Omit<RosterEntry, "budgetUsd">> {
    key: string;
    budgetUsd?: number;
}

/** Where an entry came from, so an error can point the instructor at it. */
export interface SourcedEntry {
    /** 1-based line in the source file, when known. */
    line?: number;
    /** Raw fields, not yet checked. */
    fields: Record<string, unknown>;
    /** Set by a reader that could not make fields of the entry at all. */
    problem?: string;
}

export interface RosterIssue {
    line?: number;
    email?: string;
    message: string;
}

export class RosterError extends Error {
    constructor(readonly source: string, readonly issues: RosterIssue[]) {
        super(`${source}: ${issues.length} problem(s) in the roster:\n` + issues.map(formatIssue).join("\n"));
        this.name = "RosterError";
    }
}

export function formatIssue(issue: RosterIssue): string {
    const where = issue.line !== undefined ? `line ${issue.line}` : "roster";
    const who = issue.email ? ` (${issue.email})` : "";
    return `  - ${where}${who}: ${issue.message}`;
}

export interface RosterLimits {
    maxStudents: number;
}
