/** The first non-empty line: provider errors run to many lines, a progress line shows one. */
export function firstLine(text: string): string {
    return text.trim().split("\n")[0].trim();
}

/** "aws:organizations/account:Account" → "Account": enough next to the resource's name. */
export function shortType(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}
