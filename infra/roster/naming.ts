import { createHash } from "crypto";

import { MAX_ACCOUNT_NAME_LENGTH } from "../rules/aws-name-rules";
import type { Student } from "./student";
import { toAscii } from "./transliterate";

/** Organizations limit: account emails are 6-64 characters. */
export const MAX_ACCOUNT_EMAIL_LENGTH = 64;
/** Length of the random part that makes each root email single-use across re-runs. */
export const EMAIL_SUFFIX_LENGTH = 5;

function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The stable key a student's resources are named by: derived from the email alone, so
 * reordering or renaming students in the roster never replaces an account.
 */
export function studentKey(email: string): string {
    return slug(email.replace("@", "-at-"));
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/** Cuts `text` to `max` characters, keeping it unique by ending it with a hash of the whole. */
export function fitWithHash(text: string, max: number): string {
    if (text.length <= max) return text;
    const hash = shortHash(text);
    return `${text.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

export function splitEmail(email: string): { local: string; domain: string } {
    const at = email.lastIndexOf("@");
    return { local: email.slice(0, at), domain: email.slice(at + 1) };
}

/**
 * The account's root email: the instructor's mailbox plus-addressed with the workshop,
 * the student and a random suffix. A closed account's root email can never be used again,
 * so the suffix (from @pulumi/random, new whenever a student is added anew) keeps every
 * run of a workshop on fresh addresses while mail still reaches one inbox.
 */
export function accountRootEmail(base: string, workshop: string, key: string, suffix: string): string {
    const { local, domain } = splitEmail(base);
    const fixed = `${local}+${workshop}--${suffix}@${domain}`.length;
    const room = MAX_ACCOUNT_EMAIL_LENGTH - fixed;
    const studentPart = fitWithHash(key, Math.max(room, 7));
    const email = `${local}+${workshop}-${studentPart}-${suffix}@${domain}`;
    if (email.length > MAX_ACCOUNT_EMAIL_LENGTH) {
        throw new Error(`account root email "${email}" is longer than ${MAX_ACCOUNT_EMAIL_LENGTH} characters; ` +
            `use a shorter workshopName or rootEmailBase`);
    }
    return email;
}

/** Room a student key needs in the root email at the least (7 = a hash and one letter). */
export function rootEmailOverhead(base: string, workshop: string): number {
    const { local, domain } = splitEmail(base);
    return `${local}+${workshop}--${"x".repeat(EMAIL_SUFFIX_LENGTH)}@${domain}`.length + 7;
}

/**
 * The account's display name in Organizations and the portal: "<workshop> <student name>" in
 * printable ASCII, the only characters account names take. Accents are transliterated
 * ("José Álvarez" -> "Jose Alvarez"); a name with letters that have no ASCII spelling (CJK, Arabic,
 * Greek...) uses the email's local part instead, so such students do not all end up as "<workshop>".
 * Plain ASCII names come out exactly as before, so no existing account is renamed for nothing.
 */
export function accountName(workshop: string, student: Pick<Student, "name" | "email" | "key">): string {
    const { ascii, complete } = toAscii(student.name);
    const readable = complete && ascii !== "" ? ascii : toAscii(splitEmail(student.email).local).ascii;
    const name = `${workshop} ${readable}`.replace(/\s+/g, " ").trim();
    return name.length <= MAX_ACCOUNT_NAME_LENGTH ? name : fitWithHash(`${workshop}-${student.key}`, MAX_ACCOUNT_NAME_LENGTH);
}

/**
 * The value of the account's `student` tag: the student's key, not their email. Organizations tag
 * values take only letters, digits, spaces and _ . : / = + - @ (API_Tag.html), so an email such as
 * o'brien@uni.example could not be carried, and a key names the student as well without putting an
 * address on every account. Validation and the account both read it from here.
 */
export function studentTagValue(student: Pick<Student, "email" | "key">): string {
    return student.key;
}

/** Budget names are unique per payer account, so they carry the workshop too. */
export function budgetName(workshop: string, key: string): string {
    return fitWithHash(`${workshop}-${key}`, 100);
}
