import { LineCounter, parseDocument, isMap, isSeq, YAMLMap } from "yaml";
import { studentKey } from "./naming";

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

// Deliberately stricter than RFC 5322: Identity Center user names and SES recipients both
// reject the exotic forms, and a typo caught here costs nothing.
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const FIELD_ALIASES: Record<string, keyof RosterEntry> = {
    email: "email",
    name: "name",
    displayname: "name",
    givenname: "givenName",
    firstname: "givenName",
    familyname: "familyName",
    lastname: "familyName",
    surname: "familyName",
    budget: "budgetUsd",
    budgetusd: "budgetUsd",
};

/** Maps a spreadsheet-style or YAML field name ("Given Name", "given_name", "givenName") to the entry field. */
export function canonicalField(name: string): keyof RosterEntry | undefined {
    return FIELD_ALIASES[name.toLowerCase().replace(/[^a-z]/g, "")];
}

export function isValidEmail(email: string): boolean {
    return email.length <= 254 && EMAIL.test(email);
}

/**
 * Checks every entry and the roster as a whole. Returns all problems at once, so an
 * instructor fixes a spreadsheet in one pass rather than one error per run.
 */
export function validateRoster(entries: SourcedEntry[], limits: RosterLimits): { students: Student[]; issues: RosterIssue[] } {
    const issues: RosterIssue[] = [];
    const students: Student[] = [];
    const byEmail = new Map<string, SourcedEntry>();
    const byKey = new Map<string, { entry: SourcedEntry; email: string }>();

    if (entries.length === 0) {
        issues.push({ message: "the roster has no students; add at least one entry with an email and a name" });
    }
    if (entries.length > limits.maxStudents) {
        issues.push({
            message: `the roster has ${entries.length} students but maxStudents is ${limits.maxStudents}; ` +
                `raise workshop-accounts:maxStudents (and check the Organizations account quota) or split the workshop`,
        });
    }

    for (const entry of entries) {
        if (entry.problem) {
            issues.push({ line: entry.line, message: entry.problem });
            continue;
        }
        const entryIssues: RosterIssue[] = [];
        const fields: Record<string, unknown> = {};
        for (const [raw, value] of Object.entries(entry.fields)) {
            const field = canonicalField(raw);
            if (!field) {
                entryIssues.push({ line: entry.line, message: `unknown field "${raw}" (expected email, name, givenName, familyName, budget)` });
                continue;
            }
            fields[field] = typeof value === "string" ? value.trim() : value;
        }
        const email = typeof fields.email === "string" ? fields.email : "";
        const report = (message: string) => entryIssues.push({ line: entry.line, email: email || undefined, message });

        if (!email) report("missing email");
        else if (!isValidEmail(email)) report(`"${email}" is not a valid email address`);
        const name = typeof fields.name === "string" ? fields.name : "";
        if (!name) report("missing name (the student's display name)");
        else if (name.length > 1024) report("name is longer than 1024 characters");
        for (const part of ["givenName", "familyName"] as const) {
            if (fields[part] !== undefined && (typeof fields[part] !== "string" || fields[part] === "")) {
                report(`${part} must be a non-empty text when given`);
            }
        }

        let budgetUsd: number | undefined;
        if (fields.budgetUsd !== undefined && fields.budgetUsd !== "") {
            budgetUsd = typeof fields.budgetUsd === "number" ? fields.budgetUsd : Number(fields.budgetUsd);
            if (!Number.isFinite(budgetUsd) || budgetUsd <= 0) {
                report(`budget must be a positive number of USD, got "${String(fields.budgetUsd)}"`);
            }
        }

        if (email && isValidEmail(email)) {
            const lower = email.toLowerCase();
            const previous = byEmail.get(lower);
            if (previous) {
                report(`duplicate email: already listed${previous.line !== undefined ? ` on line ${previous.line}` : ""}`);
            } else {
                byEmail.set(lower, entry);
                const key = studentKey(email);
                const clash = byKey.get(key);
                if (clash) {
                    report(`derives the same account name "${key}" as ${clash.email}` +
                        `${clash.entry.line !== undefined ? ` (line ${clash.entry.line})` : ""}; ` +
                        `AWS resource names cannot tell them apart, so use a different address for one of them`);
                } else {
                    byKey.set(key, { entry, email });
                }
            }
        }

        if (entryIssues.length > 0) {
            issues.push(...entryIssues);
            continue;
        }
        const [given, ...rest] = name.split(/\s+/);
        students.push({
            key: studentKey(email),
            email,
            name,
            // Identity Center requires both names; a single-word name is used for both.
            givenName: (fields.givenName as string | undefined) ?? given,
            familyName: (fields.familyName as string | undefined) ?? (rest.length > 0 ? rest.join(" ") : given),
            ...(budgetUsd !== undefined ? { budgetUsd } : {}),
        });
    }
    return { students, issues };
}

/** Validates and throws a RosterError listing every problem. */
export function requireValidRoster(source: string, entries: SourcedEntry[], limits: RosterLimits): Student[] {
    const { students, issues } = validateRoster(entries, limits);
    if (issues.length > 0) throw new RosterError(source, issues);
    return students;
}

/**
 * Reads roster.yaml: either a list of students or `{ students: [...] }`.
 * Keeps line numbers so errors point at the entry.
 */
export function readRosterYaml(text: string, source = "roster.yaml"): SourcedEntry[] {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new RosterError(source, doc.errors.map((e) => ({
            line: e.linePos?.[0]?.line,
            message: `not valid YAML: ${e.message.split("\n")[0]}`,
        })));
    }
    const root = doc.contents;
    if (root === null || root === undefined) return [];
    const list = isMap(root) ? root.get("students", true) : root;
    if (list === undefined || list === null) return [];
    if (!isSeq(list)) {
        throw new RosterError(source, [{ message: "expected a list of students (or a map with a `students:` list)" }]);
    }
    return list.items.map((item) => {
        const line = item && typeof item === "object" && "range" in item && item.range
            ? lineCounter.linePos(item.range[0]).line
            : undefined;
        if (!isMap(item)) {
            return { line, fields: {}, problem: "each student must be a map with at least `email:` and `name:`" };
        }
        return { line, fields: (item as YAMLMap).toJSON() as Record<string, unknown> };
    });
}

/** Parses and validates a YAML roster in one step. */
export function parseRosterYaml(text: string, limits: RosterLimits, source = "roster.yaml"): Student[] {
    return requireValidRoster(source, readRosterYaml(text, source), limits);
}
