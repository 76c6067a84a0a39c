/**
 * Text for a Markdown table cell: pipes and Markdown syntax are escaped, HTML is neutralised
 * (an entity is shown as typed, `&` escaped) and line breaks flattened, so a student's name cannot break the table or inject markup.
 */
export function markdownCell(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/[\\`*_[\]|#~]/g, "\\$&").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r\n|\r|\n/g, " ");
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly number[] = []): string {
    const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
    const rule = header.map((_, i) => (alignRight.includes(i) ? "---:" : "---"));
    return [line(header), line(rule), ...rows.map(line)].join("\n");
}
