/** The confirmation link in a registration email's text part. */
export function linkIn(text: string | undefined): string {
    const match = /https?:\/\/\S+\/confirm\?token=[A-Za-z0-9_%-]+/.exec(text ?? "");
    if (!match) throw new Error(`no confirmation link in: ${text}`);
    return match[0];
}

/** The token of that link. */
export function tokenIn(text: string | undefined): string {
    return new URL(linkIn(text)).searchParams.get("token")!;
}
