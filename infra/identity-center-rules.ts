/**
 * What Identity Center accepts for a user (IdentityStore API_CreateUser.html): UserName 1-128
 * letters, marks, symbols, numbers and punctuation; DisplayName and the name parts 1-1024 of the
 * same plus spaces, so no control characters and no format characters such as the bidi overrides
 * (U+202A-U+202E, U+2066-U+2069) that make a name display as something else. Checked before
 * anything is created, so one bad roster line cannot leave a half-applied `up`.
 */
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const DISPLAY_TEXT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00a0\u3000]{1,1024}$/u;

export function identityCenterProblems(user: { userName: string; displayName: string; givenName: string; familyName: string }): string[] {
    const problems: string[] = [];
    if (!USER_NAME.test(user.userName)) problems.push(`user name "${user.userName}" must be 1-128 characters without spaces or control characters`);
    for (const [field, value] of [["name", user.displayName], ["given name", user.givenName], ["family name", user.familyName]] as const) {
        if (!DISPLAY_TEXT.test(value)) problems.push(`${field} ${JSON.stringify(value)} has control or text-direction characters Identity Center refuses, or is longer than 1024`);
    }
    return problems;
}
