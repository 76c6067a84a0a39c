import * as fs from "fs";
import Handlebars from "handlebars";
import * as path from "path";

import { PROJECT_DIR } from "../paths";
import type { WelcomeEmailInput } from "./welcome-input";

export type { WelcomeEmailInput } from "./welcome-input";
export { welcomeInputs } from "./welcome-input";

export interface RenderedEmail {
    subject: string;
    html: string;
    text: string;
}

export const TEMPLATES_DIR = path.join(PROJECT_DIR, "templates");

type Template = (view: object) => string;
interface WelcomeTemplates {
    subject: Template;
    html: Template;
    text: Template;
}

let cached: WelcomeTemplates | undefined;

/**
 * Compiled once per process. strict: a template naming a field the view lacks is a bug,
 * and an email with a blank where the account id should be is worse than no email.
 * Only the HTML template escapes: in the text and the subject, "&" must stay "&".
 */
function welcomeTemplates(): WelcomeTemplates {
    if (cached) return cached;
    const compile = (file: string, escape: boolean): Template => {
        const source = fs.readFileSync(path.join(TEMPLATES_DIR, file), "utf8");
        return Handlebars.compile(source, { strict: true, noEscape: !escape });
    };
    cached = {
        subject: compile("welcome.subject.hbs", false),
        html: compile("welcome.html.hbs", true),
        text: compile("welcome.txt.hbs", false),
    };
    return cached;
}

/** Renders the three parts of one student's welcome email. Pure apart from reading the templates once. */
export function renderWelcomeEmail(input: WelcomeEmailInput): RenderedEmail {
    const view = welcomeView(input);
    const templates = welcomeTemplates();
    return {
        // A subject is one header line: a newline in a name must not start a new header.
        subject: templates.subject(view).replace(/\s+/g, " ").trim(),
        html: templates.html(view),
        text: templates.text(view),
    };
}

/** The template's view: every value already formatted, so templates hold wording, not logic. */
function welcomeView(input: WelcomeEmailInput) {
    const regionsText = listInWords(input.allowedRegions);
    return {
        workshopName: input.workshopName,
        studentName: input.student.name,
        studentFirstName: input.student.name.trim().split(/\s+/)[0] || input.student.name,
        studentEmail: input.student.email,
        portalUrl: input.accessPortalUrl,
        accountId: input.accountId,
        accountName: input.accountName,
        regionsText,
        multipleRegions: input.allowedRegions.length > 1,
        budget: formatUsd(input.budgetUsd),
        thresholdsText: listInWords([...input.alertThresholdsPercent].sort((a, b) => a - b).map((t) => `${t}%`)),
        freeze: input.budgetFreeze,
        instructorName: input.instructor.name,
        instructorEmail: input.instructor.email,
        roleName: input.roleName ?? "",
        steps: firstSignInSteps(input).map((text, i) => ({ number: i + 1, text })),
    };
}

/**
 * The numbered first sign-in steps of the welcome email (`doctor` prints the same ones).
 * Identity Center users created by API have no password: the first sign-in is an email OTP, then they set one.
 */
export function firstSignInSteps(input: WelcomeEmailInput): string[] {
    const regionsText = listInWords(input.allowedRegions);
    const role = input.roleName ? `the role "${input.roleName}"` : "the role offered for that account";
    return [
        `Open the access portal: ${input.accessPortalUrl}`,
        `Enter your email address: ${input.student.email}`,
        "Enter the one-time verification code AWS emails you (from no-reply@login.awsapps.com; check your spam folder if it does not arrive).",
        "Choose a password.",
        "Register an MFA device (an authenticator app or a security key) when asked.",
        `In the portal, pick the account "${input.accountName}" (${input.accountId}).`,
        `Choose ${role}, open the Management console and work in ${regionsText}.`,
    ];
}

export function formatUsd(amount: number): string {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(amount);
}

/** ["a", "b", "c"] -> "a, b and c". */
export function listInWords(items: string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
