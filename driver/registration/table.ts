import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

import type { WorkshopOutputs } from "../../infra/outputs";
import { RegistrationTable } from "../../infra/registration/table";
import type { DriverContext } from "../context";

/** The registrations table of a deployed workshop; undefined when registration is off or not deployed yet. */
export function registrationTable(ctx: DriverContext, outputs: WorkshopOutputs): RegistrationTable | undefined {
    const registration = outputs.registration;
    if (!registration) return undefined;
    return new RegistrationTable(ctx.aws.client(DynamoDBClient, { region: registration.region }), registration.tableName);
}

export interface RegistrationCounts {
    /** Waiting for the student to follow their link (links that still work). */
    pending: number;
    /** Confirmed, waiting for `roster pull`. */
    confirmed: number;
    /** Brought into the roster by `roster pull` (and deleted from the table). */
    pulled: number;
}

export async function registrationCounts(table: RegistrationTable, now: Date): Promise<RegistrationCounts> {
    const records = await table.registrations(now);
    return {
        pending: records.filter((r) => r.status === "pending").length,
        confirmed: records.filter((r) => r.status === "confirmed").length,
        pulled: await table.pulledCount(),
    };
}

/** One line for `status` and the dashboard. */
export function registrationLine(url: string, counts: RegistrationCounts): string {
    const waiting = counts.confirmed > 0 ? " (`npm run driver -- roster pull` brings them in)" : "";
    return `Self-registration at ${url}: ${counts.pending} pending, ${counts.confirmed} confirmed${waiting}, ${counts.pulled} pulled.`;
}
