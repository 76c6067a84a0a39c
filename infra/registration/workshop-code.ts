import { createHash } from "crypto";

/** Letters and digits of the code, upper-cased: "k7qx-92md " and "K7QX92MD" are the same code. */
export function normalizeWorkshopCode(text: string): string {
    return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/**
 * What the function compares a typed code with: the code's SHA-256, so the function's
 * configuration never shows the code itself.
 */
export function workshopCodeHash(code: string): string {
    return createHash("sha256").update(normalizeWorkshopCode(code)).digest("hex");
}

/** The code as the instructor reads it out: two groups of four. */
export function formatWorkshopCode(code: string): string {
    const plain = normalizeWorkshopCode(code);
    return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}
