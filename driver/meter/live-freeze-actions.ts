import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";

import { attachScp, budgetActions, type FreezeClients,freezePolicyId, managementAccountId } from "../aws/budget-freeze";
import type { FreezeActions } from "./live-freeze";

/**
 * The live freeze's AWS calls, from the management account.
 *
 * A student is frozen with the same SCP their budget action attaches at 100% (its policy id is
 * read from that action, so the meter never names a policy of its own). Budgets cannot be asked
 * to run an action before its threshold, so the meter attaches the SCP itself; `unfreeze`
 * detaches it. The shared key is deactivated (not deleted) with IAM UpdateAccessKey, which takes
 * effect at once; `npm run keys rotate` or `revoke` then decides what happens to it.
 */
export function liveFreezeActions(clients: FreezeClients & { iam: IAMClient }): FreezeActions {
    let payer: Promise<string> | undefined;
    return {
        async freezeStudent(target) {
            payer ??= managementAccountId(clients);
            const policyId = freezePolicyId(await budgetActions(clients, await payer, target.budgetName), target.accountId);
            if (!policyId) {
                throw new Error(`budget ${target.budgetName} has no freeze action to take the SCP from: turn budgetFreeze on and run \`up\``);
            }
            if (await attachScp(clients.organizations, target.accountId, policyId) === "already") return `the freeze SCP ${policyId} was already attached`;
            return `attached the freeze SCP ${policyId}; what runs keeps billing until \`npm run freeze ${target.email}\` stops it ` +
                `(\`npm run unfreeze ${target.email}\` lifts the SCP)`;
        },
        async deactivateSharedKey(userName) {
            const { AccessKeyMetadata: keys = [] } = await clients.iam.send(new ListAccessKeysCommand({ UserName: userName }));
            const active = keys.filter((k) => k.Status === "Active" && k.AccessKeyId);
            for (const key of active) {
                await clients.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId, Status: "Inactive" }));
            }
            if (active.length === 0) return "it had no active key";
            return `deactivated ${active.map((k) => k.AccessKeyId).join(", ")} (\`npm run keys rotate\` issues a new key)`;
        },
    };
}
