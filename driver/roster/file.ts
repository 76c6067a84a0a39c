import * as fs from "fs";
import * as path from "path";
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";

import { formatIssue, RosterEntry, RosterError, RosterLimits } from "../../infra/roster/student";
import { decodeRosterText } from "../../infra/roster/text";
import { validateRoster } from "../../infra/roster/validate";
import { readRosterYaml } from "../../infra/roster/yaml";
import { linkTarget, writeFileAtomic } from "../files/atomic-file";
import { withFileLock } from "../files/file-lock";
import { detectYamlStyle, toLf, withEol, type YamlStyle } from "./yaml-style";

/** A roster edit that was refused; the file was not touched. */
export class RosterEditError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RosterEditError";
    }
}

function studentList(doc: Document): YAMLSeq {
    if (isSeq(doc.contents)) return doc.contents;
    if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as YAMLMap;
    const root = doc.contents;
    if (isMap(root)) {
        const list = root.get("students", true);
        if (list === null || list === undefined) {
            const seq = new YAMLSeq();
            root.set("students", seq);
            return seq;
        }
        if (isSeq(list)) {
            // `students: []` is a flow list; entries read better in block style.
            if (list.items.length === 0) list.flow = false;
            return list;
        }
    }
    throw new RosterEditError("the roster is not a list of students (or a map with a `students:` list); fix it by hand first");
}

interface EditableRoster {
    doc: Document;
    style: YamlStyle;
}

function parseForEdit(text: string, source: string): EditableRoster {
    // Validate the file as it stands first: editing a broken roster would hide its problems.
    readRosterYaml(text, source);
    return { doc: parseDocument(toLf(text)), style: detectYamlStyle(text) };
}

/** The edited roster, laid out as the file was (line endings, list indentation). */
function render({ doc, style }: EditableRoster): string {
    return withEol(doc.toString({ indent: style.indent, indentSeq: style.indentSeq }), style);
}

function entryEmail(item: unknown): string | undefined {
    return isMap(item) ? String((item as YAMLMap).get("email") ?? "") : undefined;
}

/**
 * Adds a student to roster YAML text, keeping its comments and order. The whole resulting
 * roster is validated, so a duplicate email or a name clash is refused with the usual message.
 */
export function addStudentToRoster(text: string, entry: RosterEntry, limits: RosterLimits, source = "roster.yaml"): string {
    const roster = parseForEdit(text, source);
    const { doc } = roster;
    const list = studentList(doc);
    const existing = list.items.find((item) => entryEmail(item)?.toLowerCase() === entry.email.toLowerCase());
    if (existing) throw new RosterEditError(`${entry.email} is already in ${source}; nothing changed`);
    const fields: Record<string, unknown> = { email: entry.email, name: entry.name };
    if (entry.givenName) fields.givenName = entry.givenName;
    if (entry.familyName) fields.familyName = entry.familyName;
    if (entry.budgetUsd !== undefined) fields.budget = entry.budgetUsd;
    list.items.push(doc.createNode(fields));
    const result = render(roster);
    const { issues } = validateRoster(readRosterYaml(result, source), limits);
    if (issues.length > 0) {
        throw new RosterEditError(`adding ${entry.email} would make ${source} invalid; nothing changed:\n${issues.map(formatIssue).join("\n")}`);
    }
    return result;
}

/** Removes the student with this email (case-insensitive), keeping everything else as written. */
export function removeStudentFromRoster(text: string, email: string, source = "roster.yaml"): string {
    const roster = parseForEdit(text, source);
    const list = studentList(roster.doc);
    const index = list.items.findIndex((item) => entryEmail(item)?.toLowerCase() === email.toLowerCase());
    if (index < 0) {
        const known = list.items.map(entryEmail).filter(Boolean);
        throw new RosterEditError(`${email} is not in ${source}; nothing changed.` +
            (known.length > 0 ? ` Students listed: ${known.join(", ")}` : " The roster is empty."));
    }
    list.items.splice(index, 1);
    return render(roster);
}

/** A display name for a student added by email alone: "ada.lovelace@x" becomes "Ada Lovelace". */
export function nameFromEmail(email: string): string {
    return email.slice(0, email.indexOf("@")).split(/[._+-]+/).filter(Boolean)
        .map((part) => part[0].toUpperCase() + part.slice(1)).join(" ");
}

/** An edited roster, and which students must (and must not) be in the file once it is written. */
export interface RosterEdit {
    text: string;
    listed?: string[];
    unlisted?: string[];
}

const UTF8_BOM = "\uFEFF";

/**
 * The roster's text, decoded as `up` decodes it: a file that is not UTF-8 is refused rather than
 * read with U+FFFD for its accents and written back so. Whether it starts with a byte order mark
 * (which decoding drops) is kept, so the edit can put it back.
 */
function readRosterText(file: string): { text: string; bom: boolean } {
    if (!fs.existsSync(file)) return { text: "", bom: false };
    const bytes = fs.readFileSync(file);
    return { text: decodeRosterText(bytes, path.basename(file), "yaml"), bom: bytes.subarray(0, 3).equals(Buffer.from(UTF8_BOM)) };
}

/** How long an edit waits for another one (a roster edit holds the lock for milliseconds). */
const EDIT_WAIT_MS = 30_000;
/** How long an edit waits for a deployment, which holds the roster for its whole update (hours at 100 students). */
const DEPLOYMENT_WAIT_MS = 12 * 60 * 60_000;
const ROSTER_EDIT = "roster edit";
const DEPLOYMENT = "deployment";

/** Says what the roster waits for, once; a wait for another edit is too short to mention. */
export interface RosterLockOptions {
    onWait?(line: string): void;
}

function rosterLockPath(file: string): string {
    return `${linkTarget(file)}.lock`;
}

/**
 * Holds the roster's lock (the one edits take) for a whole deployment: from the preview the
 * instructor approves to the end of the update, so `add-student` and `remove-student` wait and land
 * after it. Another deployment is refused at once; an edit in progress is waited for.
 */
export async function withRosterHeld<T>(file: string, run: () => Promise<T>, options: RosterLockOptions = {}): Promise<T> {
    return withFileLock(rosterLockPath(file), {
        purpose: DEPLOYMENT, waitMs: 0, waitMsByHolder: { [ROSTER_EDIT]: EDIT_WAIT_MS },
        onWait: () => options.onWait?.(`Waiting for a roster edit to finish (${file})...`),
    }, run);
}

function listedEmails(text: string, source: string): Set<string> {
    return new Set(readRosterYaml(text, source).map((entry) => String(entry.fields.email ?? "").trim().toLowerCase()));
}

/**
 * What the file says after the write, compared with what the edit meant: an editor or script
 * that ignores the lock may have saved over it at the same moment, and then the command must
 * not report success.
 */
function verifyWritten(file: string, edit: RosterEdit): void {
    const source = path.basename(file);
    const emails = listedEmails(readRosterText(file).text, source);
    const missing = (edit.listed ?? []).filter((email) => !emails.has(email.trim().toLowerCase()));
    const present = (edit.unlisted ?? []).filter((email) => emails.has(email.trim().toLowerCase()));
    if (missing.length === 0 && present.length === 0) return;
    const wrong = [...missing.map((e) => `${e} is not in it`), ...present.map((e) => `${e} is still in it`)].join(", ");
    throw new RosterEditError(`${file} was written, but read back ${wrong}: another program (an editor?) saved it at the same ` +
        "moment. Check the file, then run the command again.");
}

function refuseCsv(file: string): void {
    if (path.extname(file).toLowerCase() === ".csv") {
        throw new RosterEditError(`${file} is a CSV roster: edit it in your spreadsheet, or run \`roster import ${path.basename(file)}\` ` +
            "to convert it to roster.yaml and point workshop-accounts:rosterPath at that");
    }
}

/**
 * Reads, edits and atomically rewrites a roster file under an exclusive lock beside it (beside
 * the real file, when the roster is a symlink), so edits running at the same time all land. The
 * file is read under the lock and checked after the write; on any error it is left as it was.
 * A deployment (`up`, `destroy`) holding the roster is waited for: the edit lands after it.
 */
export async function editRosterFile(file: string, edit: (text: string) => RosterEdit, options: RosterLockOptions = {}): Promise<void> {
    refuseCsv(file);
    await withFileLock(rosterLockPath(file), {
        purpose: ROSTER_EDIT, waitMs: EDIT_WAIT_MS, waitMsByHolder: { [DEPLOYMENT]: DEPLOYMENT_WAIT_MS },
        onWait: (holder) => {
            if (holder.purpose !== DEPLOYMENT) return;
            options.onWait?.(`${file} is held by a deployment (\`up\` or \`destroy\`, pid ${holder.pid}) until its update ends; ` +
                "this edit waits and lands after it (Ctrl-C gives up and changes nothing).");
        },
    }, () => editRosterFileHeld(file, edit));
}

/** editRosterFile for a caller that already holds the roster (withRosterHeld): `remove-student --apply`. */
export function editRosterFileHeld(file: string, edit: (text: string) => RosterEdit): void {
    refuseCsv(file);
    let edited: RosterEdit;
    let bom: boolean;
    try {
        const read = readRosterText(file);
        bom = read.bom;
        edited = edit(read.text);
    } catch (error) {
        if (error instanceof RosterError) throw new RosterEditError(`${error.message}\nFix the roster first; nothing changed.`);
        throw error;
    }
    writeFileAtomic(file, (bom ? UTF8_BOM : "") + edited.text);
    verifyWritten(file, edited);
}
