/** Types of build/freshness.js, for the tests and benchmarks that check it. */
export interface SourceFingerprint {
    size: number;
    mtimeMs: number;
    sha256: string;
}
export interface BuildStamp {
    version: number;
    files: Record<string, SourceFingerprint>;
}
export const SOURCE_DIRS: string[];
export const CONFIG_FILES: string[];
export const OUT_DIR: string;
export const STAMP_FILE: string;
export function sourceFiles(root: string): string[];
export function outputOf(rel: string): string | undefined;
export function snapshot(root: string): BuildStamp;
export function writeStamp(root: string, stamp: BuildStamp): void;
export function staleness(root: string): string | undefined;
export function isCurrent(root: string): boolean;
