/**
 * GitHub Actions workflow commands: lines on stdout the runner turns into annotations and log
 * masks. Escaping as GitHub's toolkit does it (actions/toolkit packages/core/src/command.ts;
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands): in the
 * message `%`, CR and LF; in a property also `:` and `,`, which separate properties. Written here
 * rather than taken from @actions/core, whose commands go straight to process.stdout and not
 * through the driver's output.
 */

function escapeData(text: string): string {
    return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export interface AnnotationPlace {
    /** Path from the repository root, as the pull request's diff shows it. */
    file?: string;
    line?: number;
    title?: string;
}

/** `::error file=roster.yaml,line=4,title=Roster::message`: shown on that line of the diff. */
export function errorAnnotation(message: string, place: AnnotationPlace = {}): string {
    const properties = [
        place.file !== undefined ? `file=${escapeProperty(place.file)}` : undefined,
        place.line !== undefined ? `line=${place.line}` : undefined,
        place.title !== undefined ? `title=${escapeProperty(place.title)}` : undefined,
    ].filter(Boolean).join(",");
    return `::error${properties ? ` ${properties}` : ""}::${escapeData(message)}`;
}

/** `::add-mask::value`: the runner prints *** for the value in every later line of the job's log. */
export function addMask(value: string): string {
    return `::add-mask::${escapeData(value)}`;
}
