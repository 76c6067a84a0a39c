import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createHash, createHmac, randomBytes } from "crypto";

import { CONFIRMED_LIFETIME_SECONDS, RECORD_KEYS, TOKEN_LIFETIME_SECONDS } from "../records";
import { capHour, type RegistrationTable } from "../table";
import { type ConfirmationEmail, confirmationEmail } from "./confirmation-email";
import { confirmPage, formPage, messagePage, type PageResponse } from "./page";
import type { RegistrationSettings } from "./settings";
import { readSubmission, submissionErrors } from "./submission";

/** What a request needs besides itself: the table, the one email it may send, and time. */
export interface RegistrationDeps {
    settings: RegistrationSettings;
    table: RegistrationTable;
    /** Sends the confirmation email (SES SendEmail, From the workshop's sender). */
    send(to: string, email: ConfirmationEmail): Promise<void>;
    now(): Date;
}

/** A form post is a few hundred bytes; anything far larger is not from the form. */
const MAX_BODY_BYTES = 8 * 1024;

export function tokenHash(token: string): string {
    return createHash("sha256").update(token).digest("hex");
}

function sourceHash(settings: RegistrationSettings, sourceIp: string): string {
    return createHmac("sha256", settings.hashKey).update(sourceIp).digest("hex").slice(0, 32);
}

function formOf(event: APIGatewayProxyEventV2): URLSearchParams | undefined {
    const raw = event.body ?? "";
    // API Gateway hands over a form post base64-encoded (payload format 2.0 encodes non-text bodies).
    const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
    return Buffer.byteLength(text) > MAX_BODY_BYTES ? undefined : new URLSearchParams(text);
}

function closedPage(settings: RegistrationSettings, why: "date" | "full"): PageResponse {
    const reason = why === "date"
        ? `Registration closed on ${settings.closesAt!.toISOString().slice(0, 16).replace("T", " ")} UTC.`
        : "Registration is closed: the workshop is full.";
    return messagePage(403, `Registration for ${settings.workshopName} is closed`,
        [reason, `If you should take part, write to your instructor (${settings.instructorEmail}).`]);
}

function isPastClose(settings: RegistrationSettings, now: Date): boolean {
    return settings.closesAt !== undefined && now.getTime() >= settings.closesAt.getTime();
}

async function isFull(deps: RegistrationDeps): Promise<boolean> {
    const taken = await deps.table.seatsTaken();
    return taken.roster + taken.confirmed >= deps.settings.maxStudents;
}

const busyPage = () => messagePage(429, "Too many registrations right now",
    ["Please try again in an hour. Nothing was sent, and nothing was stored about you."]);

/**
 * Handles a form post. The order is what keeps the form from mailing strangers: nothing is sent
 * before every field is right (the code included), the address is in an allowed domain, the
 * workshop has room and neither hourly cap is reached. An address that already has a live link or
 * is confirmed gets the same answer as a new one, and no email.
 */
async function register(event: APIGatewayProxyEventV2, deps: RegistrationDeps): Promise<PageResponse> {
    const { settings } = deps;
    const now = deps.now();
    if (isPastClose(settings, now)) return closedPage(settings, "date");
    const form = formOf(event);
    if (!form) return messagePage(413, "That was too much text", ["Go back and fill in your name, email and the workshop code only."]);
    const submission = readSubmission(form);
    const errors = submissionErrors(submission, settings);
    if (Object.keys(errors).length > 0) {
        return formPage({ workshopName: settings.workshopName, values: submission, errors, emailDomains: settings.emailDomains }, 400);
    }
    if (await isFull(deps)) return closedPage(settings, "full");
    const hour = capHour(now);
    if (!(await deps.table.takeHourlySlot(RECORD_KEYS.sourceCap(sourceHash(settings, event.requestContext.http.sourceIp), hour), settings.sourceHourlyCap, now)) ||
        !(await deps.table.takeHourlySlot(RECORD_KEYS.globalCap(hour), settings.globalHourlyCap, now))) {
        return busyPage();
    }

    const token = randomBytes(32).toString("base64url");
    const hash = tokenHash(token);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const expiresAt = nowSeconds + TOKEN_LIFETIME_SECONDS;
    const stored = await deps.table.putPending({
        email: submission.email, name: submission.name, status: "pending", tokenHash: hash,
        requestedAt: now.toISOString(), tokenExpiresAt: expiresAt, expiresAt,
    }, now);
    if (stored) {
        const link = `${settings.publicUrl}/confirm?token=${encodeURIComponent(token)}`;
        try {
            await deps.send(submission.email, confirmationEmail({
                workshopName: settings.workshopName, name: submission.name, link, expiresAt: new Date(expiresAt * 1000),
                instructorEmail: settings.instructorEmail,
            }));
        } catch (error) {
            // No email, no pending registration: the student can simply try again.
            await deps.table.withdrawPending(submission.email, hash);
            console.error(`SES did not send a confirmation email: ${(error as Error).name}: ${(error as Error).message}`);
            return messagePage(503, "The confirmation email could not be sent",
                ["Please try again in a few minutes. If it keeps failing, tell your instructor."]);
        }
    }
    return messagePage(200, "Check your inbox", [
        `If ${submission.email} may register for ${settings.workshopName}, a confirmation link is on its way to it. ` +
            "Open it within 24 hours and press the button to confirm.",
        "Nothing after a few minutes? Look in your spam folder. Only one link is sent per address and day; " +
            `if yours does not arrive, write to your instructor (${settings.instructorEmail}).`,
    ]);
}

const invalidLinkPage = () => messagePage(404, "This link does not work",
    ["Copy the whole link from the email into the address bar, or register again to get a new one."]);

/** Opens the link: a button to press, or why the link no longer works. Reads only. */
async function showConfirm(event: APIGatewayProxyEventV2, deps: RegistrationDeps): Promise<PageResponse> {
    const token = event.queryStringParameters?.token ?? "";
    const record = token ? await deps.table.findByToken(tokenHash(token)) : undefined;
    if (!record) return invalidLinkPage();
    if (record.status === "confirmed") return alreadyConfirmedPage(deps.settings);
    if (record.tokenExpiresAt * 1000 <= deps.now().getTime()) return expiredPage();
    return confirmPage(deps.settings.workshopName, token);
}

const expiredPage = () => messagePage(410, "This link has expired",
    ["Confirmation links work for 24 hours. Register again to get a new one."]);
const alreadyConfirmedPage = (settings: RegistrationSettings) => messagePage(200, "Already confirmed",
    [`This link was used already: your registration for ${settings.workshopName} is confirmed. ` +
        "Your instructor adds you to the workshop; you then receive your sign-in details by email."]);

async function confirm(event: APIGatewayProxyEventV2, deps: RegistrationDeps): Promise<PageResponse> {
    const { settings } = deps;
    const now = deps.now();
    const token = formOf(event)?.get("token") ?? "";
    const record = token ? await deps.table.findByToken(tokenHash(token)) : undefined;
    if (!record) return invalidLinkPage();
    if (record.status === "confirmed") return alreadyConfirmedPage(settings);
    if (record.tokenExpiresAt * 1000 <= now.getTime()) return expiredPage();
    if (isPastClose(settings, now)) return closedPage(settings, "date");
    if (!(await deps.table.takeSeat(settings.maxStudents))) return closedPage(settings, "full");
    if (!(await deps.table.confirm(record, now, Math.floor(now.getTime() / 1000) + CONFIRMED_LIFETIME_SECONDS))) {
        // A second press of the button got here first: that one holds the seat.
        await deps.table.releaseSeats(1);
        return alreadyConfirmedPage(settings);
    }
    return messagePage(200, "You are registered", [
        `Thank you, ${record.name}: your registration for ${settings.workshopName} is confirmed.`,
        "Your instructor adds you to the workshop; you then receive an email with how to sign in to your AWS account.",
    ]);
}

/** Routes a request of the HTTP API (payload format 2.0) to its page. */
export async function handleRegistrationRequest(event: APIGatewayProxyEventV2, deps: RegistrationDeps): Promise<PageResponse> {
    const method = event.requestContext.http.method.toUpperCase();
    const route = `${method} ${event.rawPath.replace(/\/+$/, "") || "/"}`;
    const { settings } = deps;
    switch (route) {
        case "GET /":
            if (isPastClose(settings, deps.now())) return closedPage(settings, "date");
            if (await isFull(deps)) return closedPage(settings, "full");
            return formPage({ workshopName: settings.workshopName, emailDomains: settings.emailDomains });
        case "POST /":
            return register(event, deps);
        case "GET /confirm":
            return showConfirm(event, deps);
        case "POST /confirm":
            return confirm(event, deps);
        default:
            return messagePage(404, "Page not found", ["The registration form is at the address your instructor gave you."]);
    }
}
