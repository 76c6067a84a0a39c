import { isMap, isSeq, LineCounter, parseDocument, YAMLMap } from "yaml";

import {
    firstInvalidTagCharacter, firstRefusedNameCharacter, MAX_PERSON_NAME_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_USER_NAME_LENGTH,
type RefusedNameCharacter,
    TAG_VALUE_RULE, } from "./aws-name-rules";
import { parseBudgetUsd } from "./budget-amount";
import { studentKey, studentTagValue } from "./naming";

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
 * A field's text, or why it is not text: YAML reads `name: 42` as a number and `email:` as null,
 * which must not pass for a missing field. Missing (undefined, null, "") gives neither.
 */
function textOf(value: unknown): { text?: string; problem?: string } {
    if (value === undefined || value === null) return {};
    if (typeof value === "string") return { text: value };
    if (typeof value === "number" || typeof value === "boolean") {
        const shown = typeof value === "number" ? `the number ${value}` : String(value);
        return { problem: `must be text, got ${shown} (put it in quotes: "${String(value)}")` };
    }
    return { problem: `must be text, got ${Array.isArray(value) ? "a list" : "a map"}` };
}

/** Where the email goes beyond the roster: the Identity Center user name and the account's tag. */
function emailProblems(email: string): string[] {
    const problems: string[] = [];
    if (email.length > MAX_USER_NAME_LENGTH) {
        problems.push(`the email is ${email.length} characters long, but it is the student's Identity Center user name, which allows at most ${MAX_USER_NAME_LENGTH}`);
    }
    const tag = studentTagValue({ email, key: studentKey(email) });
    const refused = firstInvalidTagCharacter(tag);
    if (refused !== undefined) {
        problems.push(`the email becomes the account's "student" tag, and Organizations tag values allow only ${TAG_VALUE_RULE} (found "${refused}")`);
    } else if (tag.length > MAX_TAG_VALUE_LENGTH) {
        problems.push(`the email becomes the account's "student" tag, and Organizations tag values are at most ${MAX_TAG_VALUE_LENGTH} characters`);
    }
    return problems;
}

const REFUSAL_REASON: Record<RefusedNameCharacter["kind"], (c: RefusedNameCharacter) => string> = {
    control: (c) => `a control character (${c.codePoint}) at position ${c.position}`,
    bidi: (c) => `a bidirectional control character (${c.codePoint}) at position ${c.position}; Identity Center refuses it, and it can make a name display reversed`,
    "zero-width": (c) => `a zero-width character (${c.codePoint}) at position ${c.position}; Identity Center refuses it, and it hides in a name`,
    replacement: (c) => `${c.codePoint} at position ${c.position}, the replacement character: the text was garbled by a wrong encoding; retype it`,
    other: (c) => `${c.codePoint} at position ${c.position}, which Identity Center does not accept in names (only letters, marks, digits, symbols, punctuation and spaces)`,
};

/** A display, given or family name as Identity Center will take it. */
function personNameProblems(field: string, text: string): string[] {
    const problems: string[] = [];
    if (text.length > MAX_PERSON_NAME_LENGTH) problems.push(`${field} is longer than ${MAX_PERSON_NAME_LENGTH} characters`);
    const refused = firstRefusedNameCharacter(text);
    if (refused) problems.push(`${field} contains ${REFUSAL_REASON[refused.kind](refused)}`);
    return problems;
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
        const emailText = textOf(fields.email);
        const email = emailText.text ?? "";
        const report = (message: string) => entryIssues.push({ line: entry.line, email: email || undefined, message });

        if (emailText.problem) report(`email ${emailText.problem}`);
        else if (!email) report("missing email");
        else if (!isValidEmail(email)) report(`"${email}" is not a valid email address`);
        else emailProblems(email).forEach(report);

        const nameText = textOf(fields.name);
        const name = nameText.text ?? "";
        if (nameText.problem) report(`name ${nameText.problem}`);
        else if (!name) report("missing name (the student's display name)");
        else personNameProblems("name", name).forEach(report);
        for (const part of ["givenName", "familyName"] as const) {
            if (fields[part] === undefined) continue;
            const partText = textOf(fields[part]);
            if (partText.problem) report(`${part} ${partText.problem}`);
            else if (!partText.text) report(`${part} must be a non-empty text when given`);
            else personNameProblems(part, partText.text).forEach(report);
        }

        let budgetUsd: number | undefined;
        if (fields.budgetUsd !== undefined && fields.budgetUsd !== "") {
            const budget = parseBudgetUsd(fields.budgetUsd, "budget");
            if (budget.problem) report(budget.problem);
            budgetUsd = budget.usd;
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
