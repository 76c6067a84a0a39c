import {
    firstInvalidTagCharacter, firstRefusedNameCharacter, MAX_PERSON_NAME_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_USER_NAME_LENGTH,
type RefusedNameCharacter,
    TAG_VALUE_RULE, } from "../rules/aws-name-rules";
import { parseBudgetUsd } from "../rules/budget-amount";
import { studentKey, studentTagValue } from "./naming";
import { type RosterEntry, RosterError, type RosterIssue, type RosterLimits, type SourcedEntry, type Student } from "./student";


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

/** How a field is spelled in the roster, for messages. */
export const FIELD_LABEL: Record<keyof RosterEntry, string> = {
    email: "email", name: "name", givenName: "givenName", familyName: "familyName", budgetUsd: "budget",
};

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
 * The problems of an entry's email, as the roster reports them. Shared with the self-registration
 * page (infra/registration/), which shows the same messages next to its field.
 */
export function emailFieldProblems(value: unknown): string[] {
    const emailText = textOf(value);
    const email = emailText.text ?? "";
    if (emailText.problem) return [`email ${emailText.problem}`];
    if (!email) return ["missing email"];
    if (!isValidEmail(email)) return [`"${email}" is not a valid email address`];
    return emailProblems(email);
}

/** The problems of an entry's display name, as the roster reports them (shared like emailFieldProblems). */
export function nameFieldProblems(value: unknown): string[] {
    const nameText = textOf(value);
    if (nameText.problem) return [`name ${nameText.problem}`];
    if (!nameText.text) return ["missing name (the student's display name)"];
    return personNameProblems("name", nameText.text);
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
        const email = textOf(fields.email).text ?? "";
        const report = (message: string) => entryIssues.push({ line: entry.line, email: email || undefined, message });
        emailFieldProblems(fields.email).forEach(report);
        const name = textOf(fields.name).text ?? "";
        nameFieldProblems(fields.name).forEach(report);
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
