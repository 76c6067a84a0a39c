import * as path from "path";

import type { RegistrationRecord } from "../../infra/registration/records";
import type { RegistrationTable } from "../../infra/registration/table";
import type { RosterLimits } from "../../infra/roster/student";
import { readRosterYaml } from "../../infra/roster/yaml";
import type { DriverContext } from "../context";
import { addStudentToRoster, editRosterFile } from "../roster/file";

export interface PullResult {
    /** Added to the roster by this pull. */
    added: RegistrationRecord[];
    /** Confirmed, but the roster already listed them (an earlier pull that stopped, or added by hand). */
    alreadyListed: RegistrationRecord[];
}

const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "?");
const lower = (email: string) => email.trim().toLowerCase();

/**
 * Brings confirmed registrations into the roster: shows them as a diff, adds them with the same
 * edit, lock and atomic write as `add-student` (comments and order kept; a student added meanwhile
 * is kept), then marks them pulled, which deletes them from the table. Nothing is marked before
 * the roster holds them, so a pull that fails or stops halfway is simply run again.
 */
export async function pullRegistrations(ctx: DriverContext, table: RegistrationTable, rosterFile: string, limits: RosterLimits): Promise<PullResult> {
    const confirmed = (await table.registrations(ctx.now())).filter((r) => r.status === "confirmed");
    const source = path.basename(rosterFile);
    let added: RegistrationRecord[] = [];
    let rosterStudents = 0;
    if (confirmed.length > 0) {
        await editRosterFile(rosterFile, (text) => {
            // Who is listed is read under the lock, so a concurrent add-student is neither lost nor added twice.
            const listed = new Set(readRosterYaml(text, source).map((e) => lower(String(e.fields.email ?? ""))));
            added = confirmed.filter((r) => !listed.has(lower(r.email)));
            const edited = added.reduce((acc, r) => addStudentToRoster(acc, { email: r.email, name: r.name }, limits, source), text);
            rosterStudents = readRosterYaml(edited, source).length;
            return { text: edited, listed: confirmed.map((r) => r.email) };
        });
        // Before marking: while both count, seats are over-counted for a moment, never under-counted.
        await table.setRosterStudents(rosterStudents);
    }
    for (const record of added) ctx.log(`+ ${record.name} <${record.email}>  confirmed ${when(record.confirmedAt)}`);
    for (const record of confirmed) await table.markPulled(record);
    const addedEmails = new Set(added.map((r) => lower(r.email)));
    return { added, alreadyListed: confirmed.filter((r) => !addedEmails.has(lower(r.email))) };
}
