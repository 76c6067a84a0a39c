/**
 * How a YAML file is laid out, where the YAML library would otherwise impose its own: line
 * endings, and how far a list is indented under its key. An edit keeps the file's style, so
 * its diff shows the student added and nothing else.
 */
export interface YamlStyle {
    eol: "\n" | "\r\n";
    /** Columns a nested block is indented by (the library's `indent`). */
    indent: number;
    /** Whether a list under a key is indented (`key:\n  - a`) or flush with it (`key:\n- a`). */
    indentSeq: boolean;
}

const DEFAULT_STYLE: YamlStyle = { eol: "\n", indent: 2, indentSeq: true };

function indentation(line: string): number {
    return line.length - line.trimStart().length;
}

/** The style of YAML text, from its first line break and its first list under a key; defaults where it shows none. */
export function detectYamlStyle(text: string): YamlStyle {
    const eol = /\r?\n/.exec(text)?.[0] === "\r\n" ? "\r\n" : "\n";
    const lines = text.split(/\r?\n/).filter((line) => line.trim() && !line.trimStart().startsWith("#"));
    for (let i = 1; i < lines.length; i++) {
        const parent = lines[i - 1];
        if (!/^\s*-(\s|$)/.test(lines[i]) || !/:\s*$/.test(parent)) continue;
        const step = indentation(lines[i]) - indentation(parent);
        return step > 0 ? { eol, indent: step, indentSeq: true } : { ...DEFAULT_STYLE, eol, indentSeq: false };
    }
    return { ...DEFAULT_STYLE, eol };
}

/** Text with "\n" line endings, as the YAML library writes it. */
export function toLf(text: string): string {
    return text.replace(/\r\n/g, "\n");
}

/** Library output ("\n") with the file's line endings. */
export function withEol(text: string, style: YamlStyle): string {
    return style.eol === "\n" ? text : text.replace(/\n/g, style.eol);
}
