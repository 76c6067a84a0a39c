/**
 * What AWS accepts in the names and values the program declares for a student, as the API
 * references document them. `roster validate` and the program check these before any resource
 * is declared, so a roster that would fail halfway through `up` is refused up front.
 */

/**
 * Organizations account name: 1-50 characters matching [\u0020-\u007E]+ (printable ASCII).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
 */
export const MAX_ACCOUNT_NAME_LENGTH = 50;
const ACCOUNT_NAME = /^[\x20-\x7e]{1,50}$/;

export function isValidAccountName(name: string): boolean {
    return ACCOUNT_NAME.test(name);
}

/**
 * Organizations tag value: at most 256 characters matching ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Tag.html
 */
export const MAX_TAG_VALUE_LENGTH = 256;
const TAG_VALUE_CHARACTER = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
export const TAG_VALUE_RULE = "letters, digits, spaces and _ . : / = + - @";

/** The first character Organizations refuses in a tag value, if any. */
export function firstInvalidTagCharacter(value: string): string | undefined {
    return [...value].find((c) => !TAG_VALUE_CHARACTER.test(c));
}

export function isValidTagValue(value: string): boolean {
    return value.length <= MAX_TAG_VALUE_LENGTH && firstInvalidTagCharacter(value) === undefined;
}

/**
 * Budgets budget name: 1-100 characters, pattern ^(?![^:\\]*\/action\/|(?i).*<script>.*<\/script>.*)[^:\\]+$
 * (no ":" or "\", no "/action/", no script tag).
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html
 */
export const MAX_BUDGET_NAME_LENGTH = 100;

export function isValidBudgetName(name: string): boolean {
    return name.length >= 1 && name.length <= MAX_BUDGET_NAME_LENGTH && /^[^:\\]+$/.test(name) &&
        !name.includes("/action/") && !/<script>.*<\/script>/i.test(name);
}

/**
 * Identity Center user name (the student's email): at most 128 characters.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateUser.html
 */
export const MAX_USER_NAME_LENGTH = 128;

/**
 * Identity Center display name, given name and family name: 1-1024 characters matching
 * [\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r\u0020\u00A0\u3000]+ (letters, marks, symbols, digits, punctuation, tab,
 * line breaks, space, no-break space, ideographic space).
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateUser.html
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_Name.html
 */
export const MAX_PERSON_NAME_LENGTH = 1024;
const NAME_CHARACTER = /[\p{L}\p{M}\p{S}\p{N}\p{P} \u00A0\u3000]/u;

// Format characters (\p{Cf}) that Identity Center refuses; named here because they are invisible
// in a spreadsheet and a terminal, and bidi overrides can make "Eve\u202Eliam" read as another name.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/u;

export type NameCharacterKind = "control" | "bidi" | "zero-width" | "replacement" | "other";

export interface RefusedNameCharacter {
    kind: NameCharacterKind;
    /** "U+202E" */
    codePoint: string;
    /** 1-based, counted in characters (code points). */
    position: number;
}

/**
 * The first character of a person's name that Identity Center refuses, or that we refuse on top:
 * tabs and line breaks (AWS takes them, but they break every table and email the name goes into)
 * and U+FFFD (a valid symbol, but always the trace of text read with the wrong encoding).
 */
export function firstRefusedNameCharacter(text: string): RefusedNameCharacter | undefined {
    let position = 0;
    for (const c of text) {
        position++;
        const codePoint = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        if (/\p{Cc}/u.test(c)) return { kind: "control", codePoint, position };
        if (BIDI_CONTROLS.test(c)) return { kind: "bidi", codePoint, position };
        if (ZERO_WIDTH.test(c)) return { kind: "zero-width", codePoint, position };
        if (c === "\uFFFD") return { kind: "replacement", codePoint, position };
        if (!NAME_CHARACTER.test(c)) return { kind: "other", codePoint, position };
    }
    return undefined;
}
