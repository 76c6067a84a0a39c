import * as path from "path";

import { readJsonRecord, writeJsonRecord } from "../files/json-record";

/**
 * The last `doctor --guardrails` run, kept in the stack's data directory (driver/paths.ts) so
 * `status` and the dashboard can say whether, and when, the guardrails were proven on the real
 * organization, without asking AWS.
 */
export interface GuardrailProofRecord {
    version: 1;
    /** When the probe ran (ISO time). */
    provenAt: string;
    email: string;
    accountId: string;
    /** The account was frozen, so every request was expected to be denied. */
    frozen: boolean;
    /** DryRun requests whose answer matched, did not, and could not be had. */
    proven: number;
    failed: number;
    unknown: number;
}

export function guardrailProofPath(dataDir: string): string {
    return path.join(dataDir, "guardrail-proof.json");
}

export function writeGuardrailProof(file: string, record: GuardrailProofRecord): void {
    writeJsonRecord(file, record);
}

/** The last record, or undefined when the guardrails were never probed (or the file is not a record). */
export function readGuardrailProof(file: string): GuardrailProofRecord | undefined {
    return readJsonRecord<GuardrailProofRecord>(file, (parsed) =>
        parsed.version === 1 && typeof parsed.provenAt === "string" && typeof parsed.failed === "number");
}

/** One line for `status` and the dashboard. */
export function guardrailProofLine(record: GuardrailProofRecord | undefined): string {
    if (!record) return "Guardrails not proven on this organization yet: `npm run doctor -- --guardrails <student email>` ($0).";
    const date = record.provenAt.slice(0, 10);
    const total = record.proven + record.failed + record.unknown;
    const where = `account ${record.accountId}${record.frozen ? ", frozen" : ""}`;
    if (record.failed > 0) return `Guardrails FAILED their proof on ${date}: ${record.failed} of ${total} DryRun requests not as expected (${where}); run \`npm run doctor -- --guardrails ${record.email}\`.`;
    if (record.unknown > 0) return `Guardrails partly proven on ${date}: ${record.proven} of ${total} DryRun requests as expected, ${record.unknown} could not be sent (${where}).`;
    return `Guardrails proven on ${date}: all ${total} DryRun requests answered as expected (${where}).`;
}
