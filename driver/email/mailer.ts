import { GetAccountCommand, SendEmailCommand,SESv2Client } from "@aws-sdk/client-sesv2";

import type { AwsClients } from "../aws/clients";

export interface OutgoingEmail {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    html: string;
    text: string;
}

/** What GetAccount tells us that changes how we send. */
export interface SesAccountLimits {
    maxSendRate: number;
    productionAccess: boolean;
    sendingEnabled: boolean;
    /** Max24HourSend - SentLast24Hours; undefined when SES does not say. */
    remainingToday?: number;
}

/**
 * The two SES calls the welcome emails make. A port rather than the raw client so tests
 * can wrap it (fail one recipient, count calls) without faking the SDK's command types.
 */
export interface WelcomeMailer {
    account(): Promise<SesAccountLimits>;
    send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * SendEmail with Simple content, one student per call, rather than SendBulkEmail:
 * bulk sends only take SES-stored templates, which SES renders without HTML escaping and
 * which we could not preview or test locally; each bulk destination counts against
 * MaxSendRate anyway; and one call per student lets the ledger record each result the
 * moment it is known, so an interrupted run never re-sends a batch.
 */
export function sesMailer(client: SESv2Client): WelcomeMailer {
    return {
        async account() {
            const account = await client.send(new GetAccountCommand({}));
            const quota = account.SendQuota;
            const remaining = quota?.Max24HourSend !== undefined && quota.Max24HourSend >= 0
                ? quota.Max24HourSend - (quota.SentLast24Hours ?? 0) : undefined;
            return {
                maxSendRate: quota?.MaxSendRate ?? 1,
                productionAccess: account.ProductionAccessEnabled ?? false,
                sendingEnabled: account.SendingEnabled ?? true,
                ...(remaining !== undefined ? { remainingToday: remaining } : {}),
            };
        },
        async send(email) {
            const result = await client.send(new SendEmailCommand({
                FromEmailAddress: email.from,
                Destination: { ToAddresses: [email.to] },
                ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
                Content: {
                    Simple: {
                        Subject: { Data: email.subject, Charset: "UTF-8" },
                        Body: {
                            Html: { Data: email.html, Charset: "UTF-8" },
                            Text: { Data: email.text, Charset: "UTF-8" },
                        },
                    },
                },
            }));
            if (!result.MessageId) throw new Error("SES accepted the message but returned no MessageId");
            return { messageId: result.MessageId };
        },
    };
}

/**
 * The SES client for the driver, in the home region (where the identities are verified). The
 * SDK's own retries are off: it would also retry timeouts after SES may have accepted the
 * message, sending it twice; throttling is retried by the sender, paced.
 */
export function sesClient(aws: AwsClients): SESv2Client {
    return aws.client(SESv2Client, { region: aws.homeRegion(), maxAttempts: 1 });
}

export function isWelcomeMailer(ses: SESv2Client | WelcomeMailer): ses is WelcomeMailer {
    return typeof (ses as Partial<WelcomeMailer>).account === "function";
}
