/** Types of build/compile.js, for the tests and benchmarks that run it. */
export interface CompileResult {
    ok: boolean;
    compiled: boolean;
    reason: string | undefined;
    output: string;
}
export function compile(root: string, options?: { force?: boolean; log?: (line: string) => void }): CompileResult;
export const BUILD_CONFIG: string;
export const BUILD_INFO: string;
