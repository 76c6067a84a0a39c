import type { WorkshopOutputs } from "../../infra/outputs";
import type { DriverContext } from "../context";
import { emailLedgerPath } from "./ledger";
import { sesClient } from "./mailer";
import type { ResendSelection } from "./plan";
import { type EmailRunReport,emptyEmailRunReport, sendWelcomeEmails } from "./send";
import { welcomeConfig } from "./welcome-config";

/**
 * Sends the welcome emails of the context's stack: its ledger, its config, SES from its
 * environment. What `up` calls after an update (with the update's outputs), and `email` too.
 */
export async function sendStackWelcomeEmails(ctx: DriverContext, outputs: WorkshopOutputs, resend?: ResendSelection): Promise<EmailRunReport> {
    // No SES client (which needs a region) before there is anyone to email.
    if (Object.keys(outputs.students).length === 0) return emptyEmailRunReport();
    const { from } = await welcomeConfig(ctx.engine, outputs);
    return sendWelcomeEmails({
        outputs, ledgerPath: emailLedgerPath(ctx.dataDir), ses: sesClient(ctx.aws), from,
        ...(resend ? { resend } : {}), now: () => ctx.now(), log: ctx.log, warn: ctx.warn,
    });
}
