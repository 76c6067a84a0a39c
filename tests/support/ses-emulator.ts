import { type ChildProcess,spawn } from "child_process";
import * as net from "net";

/** One message as the emulator stored it (GET /store). */
export interface StoredEmail {
    messageId: string;
    from: string;
    replyTo: string[];
    destination: { to: string[]; cc: string[]; bcc: string[] };
    subject: string;
    body: { html?: string; text?: string };
    /** Epoch seconds. */
    at: number;
}

export interface EmulatorStore {
    emails: StoredEmail[];
    templates: Record<string, unknown>;
}

/** What the emulator's GetAccount answers (it serves the AWS_SES_ACCOUNT env variable verbatim). */
export interface EmulatorAccount {
    maxSendRate: number;
    productionAccessEnabled: boolean;
    max24HourSend: number;
    sentLast24Hours: number;
}

export interface SesEmulator {
    /** http://127.0.0.1:<port>, for SESv2Client's `endpoint` or SES_ENDPOINT. */
    endpoint: string;
    store(): Promise<EmulatorStore>;
    /** Empties the store, so a test sees only its own messages. */
    clear(): Promise<void>;
    stop(): Promise<void>;
}

const DEFAULT_ACCOUNT: EmulatorAccount = { maxSendRate: 50, productionAccessEnabled: true, max24HourSend: 50000, sentLast24Hours: 0 };

/**
 * Starts aws-ses-v2-local in a child process on a free loopback port. A child rather than
 * the library in-process: the emulator keeps its store in module state, so two emulators
 * (say, different send rates) need two processes.
 */
export async function startSesEmulator(account: Partial<EmulatorAccount> = {}): Promise<SesEmulator> {
    let lastError: unknown;
    // The free port is found by listening on port 0 and closing; another process may take
    // it before the emulator binds, so a failed start is retried on a new port.
    for (let tries = 0; tries < 3; tries++) {
        try {
            return await startOn(await freeLoopbackPort(), { ...DEFAULT_ACCOUNT, ...account });
        } catch (error) {
            lastError = error;
        }
    }
    throw lastError;
}

async function startOn(port: number, account: EmulatorAccount): Promise<SesEmulator> {
    const endpoint = `http://127.0.0.1:${port}`;
    const cli = require.resolve("aws-ses-v2-local/dist/cli.js");
    const child = spawn(process.execPath, [cli, "--port", String(port), "--host", "127.0.0.1"], {
        env: { ...process.env, AWS_SES_ACCOUNT: JSON.stringify(accountDocument(account)) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
        await waitUntilHealthy(endpoint, child, () => output);
    } catch (error) {
        await stopChild(child);
        throw error;
    }
    return {
        endpoint,
        async store() {
            const response = await fetch(`${endpoint}/store`);
            if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
            return (await response.json()) as EmulatorStore;
        },
        async clear() {
            const response = await fetch(`${endpoint}/clear-store`, { method: "POST" });
            if (!response.ok) throw new Error(`POST /clear-store answered ${response.status}`);
        },
        stop: () => stopChild(child),
    };
}

async function waitUntilHealthy(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`aws-ses-v2-local exited with ${child.exitCode}: ${output()}`);
        try {
            if ((await fetch(`${endpoint}/health-check`)).ok) return;
        } catch { /* not listening yet */ }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`aws-ses-v2-local did not answer on ${endpoint} within 10 s: ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
    });
}

export function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/** The full GetAccount answer the emulator validates AWS_SES_ACCOUNT against. */
function accountDocument(account: EmulatorAccount) {
    return {
        DedicatedIpAutoWarmupEnabled: false,
        Details: {
            AdditionalContactEmailAddresses: [],
            ContactLanguage: "EN",
            MailType: "TRANSACTIONAL",
            ReviewDetails: { CaseId: "", Status: account.productionAccessEnabled ? "GRANTED" : "PENDING" },
            UseCaseDescription: "workshop welcome emails",
            WebsiteURL: "https://example.com",
        },
        EnforcementStatus: "HEALTHY",
        ProductionAccessEnabled: account.productionAccessEnabled,
        SendingEnabled: true,
        SendQuota: { Max24HourSend: account.max24HourSend, MaxSendRate: account.maxSendRate, SentLast24Hours: account.sentLast24Hours },
        SuppressionAttributes: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    };
}
