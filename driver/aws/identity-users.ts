import { GetUserIdCommand, type IdentitystoreClient,ListUsersCommand } from "@aws-sdk/client-identitystore";

/** A user already in the identity store with a roster student's user name or email. */
export interface ExistingUser {
    email: string;
    userId: string;
    userName: string;
    matchedBy: "user name" | "email";
}

/**
 * Identity Center keeps user names, and emails, unique per identity store (IdentityStore
 * API_CreateUser.html; limits.html): creating a student who already has a user there fails. ListUsers
 * filters only on UserName (API_Filter.html), so the email is looked up with GetUserId. Two calls per
 * student, one after the other: well under the Identity Store's 20 calls per second.
 */
export async function findExistingUsers(client: IdentitystoreClient, identityStoreId: string, emails: readonly string[]): Promise<ExistingUser[]> {
    const found: ExistingUser[] = [];
    for (const email of emails) {
        const byName = await client.send(new ListUsersCommand({
            IdentityStoreId: identityStoreId, Filters: [{ AttributePath: "UserName", AttributeValue: email }],
        }));
        const user = byName.Users?.[0];
        if (user?.UserId) {
            found.push({ email, userId: user.UserId, userName: user.UserName ?? email, matchedBy: "user name" });
            continue;
        }
        try {
            const { UserId } = await client.send(new GetUserIdCommand({
                IdentityStoreId: identityStoreId,
                AlternateIdentifier: { UniqueAttribute: { AttributePath: "emails.value", AttributeValue: email } },
            }));
            if (UserId) found.push({ email, userId: UserId, userName: "", matchedBy: "email" });
        } catch (error) {
            if ((error as Error).name !== "ResourceNotFoundException") throw error;
        }
    }
    return found;
}
