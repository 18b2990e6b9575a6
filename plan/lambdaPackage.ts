import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { isRecordedArchive, isRecordedAsset, type RecordedArchive, type RecordedAsset } from "./model";

/**
 * The size of the zip the Pulumi engine would upload for a Lambda's `code` archive, computed
 * offline. It follows the engine's archive writer (sdk/go/common/resource/archive): members of an
 * asset archive in sorted key order, nested archives flattened under their key, directories walked
 * in lexical order skipping `.pulumi` and symlinks to directories, a name seen twice kept once;
 * each file deflated (Go's default level, like zlib's) under a ZIP header with the engine's fixed
 * modification time. Compressed sizes can differ from Go's by a few bytes per file; the headers
 * are exact.
 */

/** Local file header: 30 bytes + name + extra (the extended-timestamp field Go adds for Modified). */
const LOCAL_HEADER = 30;
/** Central directory header: 46 bytes + name + extra. */
const CENTRAL_HEADER = 46;
/** Go's extended timestamp extra field (id, size, flags, mtime), in both headers. */
const TIMESTAMP_EXTRA = 9;
/** Go writes sizes after the data (flag 0x8): signature, CRC-32, compressed and plain sizes. */
const DATA_DESCRIPTOR = 16;
const DATA_DESCRIPTOR_ZIP64 = 24;
const END_OF_CENTRAL_DIRECTORY = 22;
/** Go switches a member to ZIP64 records past 4 GiB - 1. */
const ZIP64_LIMIT = 0xffffffff;

export interface PackageFile {
    /** Name inside the zip. */
    readonly name: string;
    readonly bytes: number;
    readonly compressedBytes: number;
}

export interface PackageEstimate {
    /** Size of the whole zip. */
    readonly packageBytes: number;
    /** Sum of the uncompressed file sizes. */
    readonly unzippedBytes: number;
    readonly files: number;
    /** Top-level members (e.g. `__index.js`, `node_modules/cockatiel`) by zipped bytes, largest first. */
    readonly members: ReadonlyArray<{ readonly name: string; readonly packageBytes: number }>;
}

/** Something the estimate cannot read offline (a remote asset, an archive file format it does not open). */
export class PackageEstimateError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackageEstimateError";
    }
}

interface Member {
    readonly name: string;
    readonly read: () => Buffer;
}

/** Go's filepath.Walk order: lexical by name within each directory. */
function walkDirectory(root: string, dir: string, out: Member[], prefix: string): void {
    const names = fs.readdirSync(dir).sort();
    for (const entry of names) {
        if (entry === ".pulumi") continue;
        const full = path.join(dir, entry);
        const lstat = fs.lstatSync(full);
        if (lstat.isDirectory()) {
            walkDirectory(root, full, out, prefix);
            continue;
        }
        // Walk does not descend into a symlinked directory and the engine skips the link itself;
        // a symlinked file is stored as a copy of its target.
        if (lstat.isSymbolicLink() && fs.statSync(full).isDirectory()) continue;
        const rel = path.relative(root, full).split(path.sep).join("/");
        out.push({ name: joinName(prefix, rel), read: () => fs.readFileSync(full) });
    }
}

/** Go's filepath.Join + Clean for member names (forward slashes on Linux). */
function joinName(prefix: string, name: string): string {
    return path.posix.normalize(prefix === "" ? name : `${prefix}/${name}`);
}

function assetMember(asset: RecordedAsset, name: string, baseDir: string): Member {
    switch (asset.__asset) {
        case "string":
            return { name, read: () => Buffer.from(asset.text, "utf8") };
        case "file": {
            const file = path.resolve(baseDir, asset.path);
            return { name, read: () => fs.readFileSync(file) };
        }
        case "remote":
            throw new PackageEstimateError(`member ${name} is a remote asset (${asset.uri}); its size is not known offline`);
    }
}

function archiveMembers(archive: RecordedArchive, prefix: string, baseDir: string, out: Member[]): void {
    switch (archive.__archive) {
        case "assets":
            for (const key of Object.keys(archive.assets).sort()) {
                const member = archive.assets[key];
                if (isRecordedAsset(member)) out.push(assetMember(member, joinName(prefix, key), baseDir));
                else archiveMembers(member, joinName(prefix, key), baseDir, out);
            }
            return;
        case "file": {
            const dir = path.resolve(baseDir, archive.path);
            if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
                throw new PackageEstimateError(`archive ${archive.path} is not a directory; only directory archives are read offline`);
            }
            walkDirectory(dir, dir, out, prefix);
            return;
        }
        case "remote":
            throw new PackageEstimateError(`archive ${prefix || "(root)"} is remote (${archive.uri}); its size is not known offline`);
    }
}

/** The zip bytes one member costs: both headers, the deflated data and its descriptor. */
export function zipMemberBytes(name: string, compressedBytes: number, plainBytes: number): number {
    const nameBytes = Buffer.byteLength(name, "utf8");
    const zip64 = compressedBytes >= ZIP64_LIMIT || plainBytes >= ZIP64_LIMIT;
    return LOCAL_HEADER + CENTRAL_HEADER + 2 * (nameBytes + TIMESTAMP_EXTRA) + compressedBytes + (zip64 ? DATA_DESCRIPTOR_ZIP64 : DATA_DESCRIPTOR);
}

/**
 * Estimates the zip of an archive input. Relative paths (CallbackFunction records its packages
 * relative to the working directory) resolve against `baseDir`, as the engine resolves them
 * against its working directory.
 */
export function estimatePackage(code: RecordedArchive, baseDir: string = process.cwd()): PackageEstimate {
    const members: Member[] = [];
    archiveMembers(code, "", baseDir, members);
    const seen = new Set<string>();
    let packageBytes = END_OF_CENTRAL_DIRECTORY;
    let unzippedBytes = 0;
    let files = 0;
    const byTop = new Map<string, number>();
    for (const m of members) {
        if (seen.has(m.name)) continue;
        seen.add(m.name);
        const data = m.read();
        const compressed = zlib.deflateRawSync(data).length;
        const bytes = zipMemberBytes(m.name, compressed, data.length);
        packageBytes += bytes;
        unzippedBytes += data.length;
        files++;
        const top = topMember(m.name);
        byTop.set(top, (byTop.get(top) ?? 0) + bytes);
    }
    const ranked = [...byTop.entries()].map(([name, bytes]) => ({ name, packageBytes: bytes })).sort((a, b) => b.packageBytes - a.packageBytes || a.name.localeCompare(b.name));
    return { packageBytes, unzippedBytes, files, members: ranked };
}

/** `node_modules/@scope/pkg/...` -> `node_modules/@scope/pkg`; other names up to their first directory. */
function topMember(name: string): string {
    const parts = name.split("/");
    if (parts[0] === "node_modules" && parts.length > 2) return parts.slice(0, parts[1].startsWith("@") ? 3 : 2).join("/");
    return parts[0];
}

/** The code archive of a Lambda function's inputs, if it is one the plan recorded. */
export function codeArchiveOf(inputs: Readonly<Record<string, unknown>>): RecordedArchive | undefined {
    return isRecordedArchive(inputs.code) ? inputs.code : undefined;
}
