import { IdentitystoreClient } from "@aws-sdk/client-identitystore";

import { findExistingUsers } from "../aws/identity-users";
import { type DriverContext, identityCenterRegion } from "../context";
import type { StudentRef, WorkshopPlan } from "./groups";

const USER_TYPE = "aws:identitystore/user:User";

/** Students for whom the plan creates an Identity Center user: the only ones a user of the same name blocks. */
export function studentsGettingUsers(plan: WorkshopPlan): StudentRef[] {
    return plan.students.filter((s) => s.changes.some((c) => c.type === USER_TYPE && c.op === "create"));
}

export type ExistingUsersVerdict = "none" | "adopted" | "refused";

/**
 * Before any change: a student who already has an Identity Center user this stack did not create
 * (staff, another workshop on the same store) would make `up` fail half-way. They are adopted
 * (config adoptExistingUsers: the program imports them and keeps them at destroy; the plan must
 * then be made again), or `up` stops here with the list and the fix.
 */
export async function preflightExistingUsers(ctx: DriverContext, plan: WorkshopPlan, roster: readonly StudentRef[]): Promise<ExistingUsersVerdict> {
    const candidates = studentsGettingUsers(plan).filter((s) => s.email);
    if (candidates.length === 0) return "none";
    const [storeId, adoptRaw, adoptedRaw] = await Promise.all(["identityStoreId", "adoptExistingUsers", "adoptedUsers"].map((k) => ctx.engine.getConfig(k)));
    if (!storeId) return "none";
    const client = ctx.aws.client(IdentitystoreClient, { region: await identityCenterRegion(ctx) });
    const found = await findExistingUsers(client, storeId, candidates.map((s) => s.email!));
    if (found.length === 0) return "none";
    const list = found.map((u) => `  - ${u.email}: user ${u.userId} ${u.matchedBy === "email" ? "has this email" : "has this user name"}`);
    if (adoptRaw?.trim().toLowerCase() !== "true") {
        ctx.warn(`${found.length} student(s) already have an Identity Center user in ${storeId}, so creating theirs would fail:`);
        list.forEach((line) => ctx.warn(line));
        ctx.warn("Nothing was changed. Either let the workshop adopt these users (they keep their names and are kept at destroy; " +
            "only the workshop's access is added and removed): `pulumi config set workshop-accounts:adoptExistingUsers true`, " +
            "or give these students another email in the roster.");
        return "refused";
    }
    const rosterEmails = new Set(roster.map((s) => s.email?.toLowerCase()));
    const adopted = JSON.parse(adoptedRaw || "{}") as Record<string, string>;
    const kept = Object.fromEntries(Object.entries(adopted).filter(([email]) => rosterEmails.has(email)));
    for (const u of found) kept[u.email.toLowerCase()] = u.userId;
    await ctx.engine.setConfig("adoptedUsers", JSON.stringify(kept));
    ctx.log(`Adopting ${found.length} existing Identity Center user(s) (they are kept at destroy):`);
    list.forEach((line) => ctx.log(line));
    return "adopted";
}
