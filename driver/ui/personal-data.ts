/**
 * Student emails are personal data: what leaves the instructor's machine (a pull-request comment,
 * a job summary, a workflow log) shows them masked unless the instructor opts into full addresses.
 */

/** How emails are shown: masked (`a.l***@uni.example`) or as written. */
export type EmailDisplay = "masked" | "full";

/**
 * `ada.lovelace@uni.example` becomes `a.l***@uni.example`: the initial of each dot-separated part of
 * the local part, enough for the instructor to recognise a student, not enough to write to them.
 */
export function maskEmail(email: string): string {
    const at = email.lastIndexOf("@");
    if (at < 0) return "***";
    const initials = email.slice(0, at).split(".").filter(Boolean).map((part) => [...part][0]);
    return `${initials.join(".")}***${email.slice(at)}`;
}

/** Anything shaped like an address, in free text (an error message, a log line). */
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Every email address in a text, masked. */
export function maskEmailsIn(text: string): string {
    return text.replace(EMAIL_IN_TEXT, maskEmail);
}

export function showEmail(email: string, display: EmailDisplay): string {
    return display === "full" ? email : maskEmail(email);
}

/** A student key as resources are named (`ada-lovelace-at-uni-example`, infra/roster/naming.ts): the email, spelled otherwise. */
const STUDENT_KEY_IN_TEXT = /\b([a-z0-9])[a-z0-9-]*?-at-([a-z0-9-]+)/g;

/** Emails and the student keys derived from them, masked: for text that names resources (failure messages). */
export function maskPersonalIn(text: string): string {
    return maskEmailsIn(text).replace(STUDENT_KEY_IN_TEXT, "$1***-at-$2");
}
