/**
 * Git's on-disk formats for a repository of one commit (pure: bytes in, bytes out; no file access):
 * blob, tree and commit objects (SHA-1 object format, `repositoryformatversion = 0`), a pack of them
 * with its index (pack version 2, idx version 2: two files instead of a directory and a file per loose
 * object), and the index (`DIRC`, version 2) that makes the work tree read as clean.
 *
 * `mlops-kit create` writes its one commit with these instead of running `git init`, `git add` and
 * `git commit` (three processes were a third of the command's time). The formats are git's documented
 * ones (gitformat-index(5), gitprotocol-common); a test checks the result with `git fsck --strict`,
 * `git status` and against the tree and commit git itself writes for the same files.
 */
import { createHash } from "node:crypto";

export type ObjectType = "blob" | "tree" | "commit";

export interface GitObject {
  type: ObjectType;
  body: Buffer;
  /** Hex SHA-1 of `<type> <size>\0<body>`. */
  id: string;
}

export function gitObject(type: ObjectType, body: Buffer): GitObject {
  const id = createHash("sha1").update(`${type} ${body.length}\0`).update(body).digest("hex");
  return { type, body, id };
}

/**
 * A zlib stream of `data` in stored (uncompressed) deflate blocks, as git writes with
 * `core.compression 0`: any zlib reader reads it, and a project's first commit is a few dozen
 * kilobytes, so compressing (a zlib instance per object) would cost more than it saves; `git gc`
 * compresses later.
 */
export function zlibStored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let at = 0; at < data.length || at === 0; at += 0xffff) {
    const block = data.subarray(at, at + 0xffff);
    const header = Buffer.alloc(5);
    header[0] = at + 0xffff >= data.length ? 1 : 0; // BFINAL, BTYPE 00 (stored)
    header.writeUInt16LE(block.length, 1);
    header.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(header, block);
    if (data.length === 0) break;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

const PACK_TYPE: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE), which the pack index keeps per object (Node 20 has no zlib.crc32). */
export function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** An object's entry in a pack: type and size (4 bits, then 7 per byte), then its body as zlib. */
function packEntry(object: GitObject): Buffer {
  let size = object.body.length;
  const header = [(PACK_TYPE[object.type] << 4) | (size & 0x0f)];
  size = Math.floor(size / 16);
  while (size > 0) {
    header[header.length - 1]! |= 0x80;
    header.push(size & 0x7f);
    size = Math.floor(size / 128);
  }
  return Buffer.concat([Buffer.from(header), zlibStored(object.body)]);
}

export interface Pack {
  /** Hex SHA-1 trailer of the pack: its files are `objects/pack/pack-<name>.pack` and `.idx`. */
  name: string;
  pack: Buffer;
  idx: Buffer;
}

/** A pack of distinct objects, undeltified, and its version-2 index (pure). */
export function packObjects(objects: readonly GitObject[]): Pack {
  const unique = [...new Map(objects.map((o) => [o.id, o])).values()];
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "ascii");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(unique.length, 8);
  const parts: Buffer[] = [header];
  let offset = header.length;
  const placed = unique.map((object) => {
    const entry = packEntry(object);
    parts.push(entry);
    const at = { id: object.id, offset, crc: crc32(entry) };
    offset += entry.length;
    if (offset >= 2 ** 31)
      throw new Error("a pack over 2 GiB needs 8-byte offsets, which this writer does not write");
    return at;
  });
  const body = Buffer.concat(parts);
  const checksum = createHash("sha1").update(body).digest();
  const sorted = [...placed].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fanout = Buffer.alloc(256 * 4);
  for (let byte = 0, i = 0; byte < 256; byte++) {
    while (i < sorted.length && Number.parseInt(sorted[i]!.id.slice(0, 2), 16) <= byte) i++;
    fanout.writeUInt32BE(i, byte * 4);
  }
  const u32s = (values: number[]) => {
    const buf = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => {
      buf.writeUInt32BE(v, i * 4);
    });
    return buf;
  };
  const idxBody = Buffer.concat([
    Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]), // "\377tOc", version 2
    fanout,
    ...sorted.map((o) => Buffer.from(o.id, "hex")),
    u32s(sorted.map((o) => o.crc)),
    u32s(sorted.map((o) => o.offset)), // a one-commit pack stays far below 2 GiB: no 8-byte offsets
    checksum,
  ]);
  return {
    name: checksum.toString("hex"),
    pack: Buffer.concat([body, checksum]),
    idx: Buffer.concat([idxBody, createHash("sha1").update(idxBody).digest()]),
  };
}

export interface CommittedFile {
  /** Slash-separated path relative to the work tree. */
  path: string;
  executable: boolean;
  blobId: string;
}

interface TreeEntry {
  name: string;
  mode: string;
  id: string;
  isTree: boolean;
}

/**
 * Tree objects for the files, deepest first, the root last. Entries are sorted as git sorts them:
 * by name bytes, a sub-tree compared as if its name ended with `/`.
 */
export function treeObjects(files: readonly CommittedFile[]): GitObject[] {
  const out: GitObject[] = [];
  const build = (prefix: string, inDir: readonly CommittedFile[]): GitObject => {
    const entries: TreeEntry[] = [];
    const subdirs = new Map<string, CommittedFile[]>();
    for (const file of inDir) {
      const rest = file.path.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) {
        entries.push({
          name: rest,
          mode: file.executable ? "100755" : "100644",
          id: file.blobId,
          isTree: false,
        });
      } else {
        const dir = rest.slice(0, slash);
        subdirs.set(dir, [...(subdirs.get(dir) ?? []), file]);
      }
    }
    for (const [dir, children] of subdirs) {
      entries.push({ name: dir, mode: "40000", id: build(`${prefix}${dir}/`, children).id, isTree: true });
    }
    const key = (e: TreeEntry) => Buffer.from(e.isTree ? `${e.name}/` : e.name);
    entries.sort((a, b) => Buffer.compare(key(a), key(b)));
    const body = Buffer.concat(
      entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.id, "hex")]),
    );
    const tree = gitObject("tree", body);
    out.push(tree);
    return tree;
  };
  build("", files);
  return out;
}

export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  when: number;
}

export function signatureLine(who: Signature): string {
  return `${who.name} <${who.email}> ${who.when} +0000`;
}

/** A root commit (no parent); the message gets the one trailing newline `git commit` gives it. */
export function commitObject(treeId: string, author: Signature, message: string): GitObject {
  const text = `tree ${treeId}\nauthor ${signatureLine(author)}\ncommitter ${signatureLine(author)}\n\n${message.trimEnd()}\n`;
  return gitObject("commit", Buffer.from(text));
}

/** What git keeps of a file's `stat` in the index (nanoseconds as bigint, as `fs.statSync({ bigint })`). */
export interface IndexStat {
  ctimeNs: bigint;
  mtimeNs: bigint;
  dev: bigint;
  ino: bigint;
  uid: bigint;
  gid: bigint;
  size: bigint;
}

export interface IndexEntry extends CommittedFile {
  stat: IndexStat;
}

const NS_PER_S = 1_000_000_000n;
const u32 = (value: bigint) => Number(BigInt.asUintN(32, value));

/** The index (version 2, no extensions) of the committed files, sorted by path bytes. */
export function indexFile(entries: readonly IndexEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const header = Buffer.alloc(12);
  header.write("DIRC", 0, "ascii");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(sorted.length, 8);
  const parts = [header];
  for (const entry of sorted) {
    const name = Buffer.from(entry.path);
    // 62 fixed bytes, the path, then 1 to 8 NULs so the entry's length is a multiple of 8.
    const length = Math.ceil((62 + name.length + 1) / 8) * 8;
    const buf = Buffer.alloc(length);
    const { stat } = entry;
    const fields = [
      stat.ctimeNs / NS_PER_S,
      stat.ctimeNs % NS_PER_S,
      stat.mtimeNs / NS_PER_S,
      stat.mtimeNs % NS_PER_S,
      stat.dev,
      stat.ino,
      entry.executable ? 0o100755n : 0o100644n,
      stat.uid,
      stat.gid,
      stat.size,
    ];
    fields.forEach((value, i) => {
      buf.writeUInt32BE(u32(value), i * 4);
    });
    Buffer.from(entry.blobId, "hex").copy(buf, 40);
    buf.writeUInt16BE(Math.min(name.length, 0xfff), 60);
    name.copy(buf, 62);
    parts.push(buf);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}
