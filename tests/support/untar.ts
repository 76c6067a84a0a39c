import * as fs from "fs";
import * as path from "path";

/**
 * Just enough of a tar reader for the archives @sparticuz/chromium ships (GNU/ustar, plain files
 * and directories): the project has no tar dependency of its own, and a bare machine may have no
 * `tar` command. Anything else in an archive is refused rather than half-understood.
 * Format: https://www.gnu.org/software/tar/manual/html_node/Standard.html
 */
export interface TarEntry {
    /** Relative path inside the archive, `/`-separated, no trailing slash. */
    path: string;
    type: "file" | "directory";
    mode: number;
    data: Buffer;
}

const BLOCK = 512;

function text(header: Buffer, start: number, length: number): string {
    const field = header.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.toString("latin1", 0, end < 0 ? length : end);
}

function octal(header: Buffer, start: number, length: number): number {
    return parseInt(text(header, start, length).trim() || "0", 8);
}

/** The header checksum counts its own field as eight spaces. */
function checksumOk(header: Buffer): boolean {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
    return sum === octal(header, 148, 8);
}

function safePath(name: string): string {
    const normal = path.posix.normalize(name).replace(/\/+$/, "");
    if (path.posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../")) {
        throw new Error(`tar entry ${name} leaves the target directory`);
    }
    return normal;
}

export function readTar(archive: Buffer): TarEntry[] {
    const entries: TarEntry[] = [];
    let offset = 0;
    while (offset + BLOCK <= archive.length) {
        const header = archive.subarray(offset, offset + BLOCK);
        if (header.every((byte) => byte === 0)) break;
        if (!checksumOk(header)) throw new Error(`tar header at byte ${offset} is damaged (checksum)`);
        const prefix = text(header, 345, 155);
        const name = prefix && text(header, 257, 5) === "ustar" ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
        const typeFlag = String.fromCharCode(header[156] || 0x30);
        const size = octal(header, 124, 12);
        const start = offset + BLOCK;
        offset = start + Math.ceil(size / BLOCK) * BLOCK;
        if (typeFlag !== "0" && typeFlag !== "5") {
            throw new Error(`tar entry ${name} has type ${typeFlag}; only files and directories are handled`);
        }
        if (start + size > archive.length) throw new Error(`tar entry ${name} is cut short`);
        entries.push({
            path: safePath(name),
            type: typeFlag === "5" ? "directory" : "file",
            mode: octal(header, 100, 8) & 0o777,
            data: archive.subarray(start, start + size),
        });
    }
    return entries;
}

/** Writes every entry of the archive under `dir`; returns the paths written. */
export async function extractTar(archive: Buffer, dir: string): Promise<string[]> {
    const written: string[] = [];
    for (const entry of readTar(archive)) {
        const target = path.join(dir, entry.path);
        if (entry.type === "directory") {
            await fs.promises.mkdir(target, { recursive: true });
            continue;
        }
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.writeFile(target, entry.data, { mode: entry.mode });
        written.push(target);
    }
    return written;
}
