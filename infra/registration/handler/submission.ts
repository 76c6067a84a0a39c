import { timingSafeEqual } from "crypto";

import { emailFieldProblems, nameFieldProblems } from "../../roster/validate";
import { workshopCodeHash } from "../workshop-code";
import type { Field, FieldErrors } from "./page";

export interface Submission {
    name: string;
    email: string;
    code: string;
}

/** The form's fields, trimmed as the roster trims them. */
export function readSubmission(form: URLSearchParams): Submission {
    return { name: (form.get("name") ?? "").trim(), email: (form.get("email") ?? "").trim(), code: (form.get("code") ?? "").trim() };
}

function codeMatches(code: string, expectedHash: string): boolean {
    const typed = Buffer.from(workshopCodeHash(code), "hex");
    const expected = Buffer.from(expectedHash, "hex");
    return typed.length === expected.length && timingSafeEqual(typed, expected);
}

/**
 * What is wrong with each field: the name and email by the roster's own rules and messages
 * (infra/roster/validate.ts), so what passes here passes `roster validate` after `roster pull`.
 */
export function submissionErrors(submission: Submission, rules: { codeHash: string; emailDomains: string[] }): FieldErrors {
    const errors: FieldErrors = {};
    const add = (field: Field, problems: string[]) => {
        if (problems.length > 0) errors[field] = problems;
    };
    add("name", nameFieldProblems(submission.name));
    const emailProblems = emailFieldProblems(submission.email);
    const domain = submission.email.slice(submission.email.lastIndexOf("@") + 1).toLowerCase();
    if (emailProblems.length === 0 && rules.emailDomains.length > 0 && !rules.emailDomains.includes(domain)) {
        emailProblems.push(`only addresses at ${rules.emailDomains.join(", ")} can register for this workshop`);
    }
    add("email", emailProblems);
    if (!submission.code) add("code", ["missing workshop code (your instructor gives it to you)"]);
    else if (!codeMatches(submission.code, rules.codeHash)) add("code", ["this is not the workshop code: check it with your instructor"]);
    return errors;
}
