/**
 * The OU closed accounts are parked in, by name: the Pulumi program finds it under the root, and the
 * driver finds it to fill in the instructor policy (which lets accounts move into that one OU only).
 * Kept free of Pulumi so the driver can read it without loading the provider.
 */
export const SUSPENDED_OU_NAME = "Suspended";

/** Why there is no parking OU, and the two ways to give one. */
export function missingSuspendedOuMessage(): string {
    return `no OU named "${SUSPENDED_OU_NAME}" under the organization root: closed accounts are parked there. ` +
        `Create it once with a deny-all SCP (README, "Cleanup"), or set workshop-accounts:suspendedOuId to the OU to use.`;
}
