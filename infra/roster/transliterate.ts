/**
 * Letters that Unicode decomposition leaves whole, spelled the way their languages write them in
 * ASCII, and typographic punctuation that spreadsheets substitute for the ASCII one.
 */
const SPELLED_OUT: Record<string, string> = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "Ng", "ĸ": "k",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "“": "\"", "”": "\"", "„": "\"",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
};

export interface AsciiText {
    /** Printable ASCII, single-spaced, trimmed. */
    ascii: string;
    /** False when a letter or digit had no ASCII spelling and was dropped. */
    complete: boolean;
}

/**
 * Writes text in printable ASCII: "José Álvarez" becomes "Jose Alvarez" (NFKD, then combining
 * marks removed), "Weiß" "Weiss". Symbols such as emoji are dropped; letters of scripts that have
 * no such spelling (CJK, Arabic, Greek...) are dropped too, and `complete` says so.
 */
export function toAscii(text: string): AsciiText {
    const spelled = [...text.normalize("NFKD").replace(/\p{M}/gu, "")].map((c) => SPELLED_OUT[c] ?? c).join("");
    const complete = !/\P{ASCII}/u.test(spelled.replace(/[^\p{L}\p{N}]/gu, ""));
    const ascii = spelled.replace(/\s+/g, " ").replace(/[^\x20-\x7e]/g, "").replace(/ {2,}/g, " ").trim();
    return { ascii, complete };
}
