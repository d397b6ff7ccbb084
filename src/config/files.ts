/**
 * Reading the files a config names (`file:` policy documents) when the config may come from someone
 * untrusted, such as the author of a pull request: every file must be a regular file of at most
 * MAX_POLICY_FILE_BYTES under one root folder, after symbolic links are resolved. The root is the git
 * work tree that holds the config (the nearest folder above it with a `.git` entry), else the config's
 * own folder, or what `--root DIR` says. A refused file is never read, so nothing of it reaches an
 * error message or a plan.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors/index.js';

/**
 * The largest policy file read. AWS's largest policy documents are an SCP/RCP's 5,120 characters,
 * a managed policy's 6,144 and a tag or declarative policy's 10,000; 64 KiB leaves room for
 * indentation and refuses anything that is clearly not a policy.
 */
export const MAX_POLICY_FILE_BYTES = 64 * 1024;
/** The largest org.yaml read: far above any real organization (50,000 accounts are ~5 MB). */
export const MAX_CONFIG_FILE_BYTES = 32 * 1024 * 1024;

/** A file the reader would not read, with why and what to do. */
export interface FileRefusal {
  refused: string;
}

/** Reads a file named in the config: its text, undefined when it does not exist, or a refusal. */
export type ReadRelative = (path: string) => string | undefined | FileRefusal;

export function isRefusal(value: unknown): value is FileRefusal {
  return typeof value === 'object' && value !== null && typeof (value as FileRefusal).refused === 'string';
}

/** True when `path` (absolute, normalized) is `root` or below it. */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `dir` holding a `.git` entry (folder or file), if any. */
export function gitWorkTree(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    try {
      lstatSync(join(current, '.git'));
      return current;
    } catch {
      // not here: one level up
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The folder every file the config names must be in: `root` when given (it must be a folder), else
 * the git work tree holding the config, else the config's folder. Symbolic links are resolved.
 */
export function configRoot(configFile: string, root?: string): string {
  if (root !== undefined) {
    const real = realpathOrUndefined(resolve(root));
    if (real === undefined || !statSync(real).isDirectory())
      throw new UsageError(
        `--root ${root}: no such folder`,
        'pass the folder that holds the config and every file it names (default: the git work tree)',
      );
    return real;
  }
  const folder = resolve(dirname(configFile));
  const realFolder = realpathOrUndefined(folder) ?? folder;
  return gitWorkTree(realFolder) ?? realFolder;
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a device or other special file';
}

/** Refusal messages name the path as written in the config and say what to do. */
function refuse(path: string, why: string, fix: string): FileRefusal {
  return { refused: `policy file ${path} ${why}; ${fix}` };
}

/**
 * Reads `full` (absolute, without symbolic links) if it is a regular file of at most `maxBytes`:
 * opened without following links and without blocking, then checked again on the open descriptor,
 * so a file swapped after the checks is refused rather than read.
 */
function readRegularFile(
  full: string,
  maxBytes: number,
): { text: string } | { kind: string } | { size: number } | { missing: true } {
  // Looked at before opening, so a device or pipe is never opened (opening one can block or act).
  try {
    const stats = lstatSync(full);
    if (stats.isSymbolicLink()) return { kind: 'a symbolic link' };
    if (!stats.isFile()) return { kind: kindOf(stats) };
    if (stats.size > maxBytes) return { size: stats.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { kind: `unreadable (${code ?? 'error'})` };
  }
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'EISDIR') return { kind: 'a folder' };
    if (code === 'ELOOP') return { kind: 'a symbolic link' };
    return { kind: `unreadable (${code ?? 'error'})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: kindOf(stats) };
    if (stats.size > maxBytes) return { size: stats.size };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { size: length };
    }
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { kind: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A reader for the files a config names: paths relative to `baseDir`, confined to `root`, regular files
 * of at most `maxBytes`. What it read is kept, so validation and planning see the same text.
 */
export function confinedReader(options: { root: string; baseDir: string; maxBytes?: number }): ReadRelative {
  const maxBytes = options.maxBytes ?? MAX_POLICY_FILE_BYTES;
  const rootReal = realpathOrUndefined(options.root) ?? resolve(options.root);
  const baseReal = realpathOrUndefined(options.baseDir) ?? resolve(options.baseDir);
  const outside = `outside the root ${rootReal}`;
  const moveIt = `files named with 'file:' must be inside it: move the file into ${rootReal}, or pass --root DIR`;
  const cache = new Map<string, string | undefined | FileRefusal>();

  const read = (path: string): string | undefined | FileRefusal => {
    if (path === '' || path.includes('\0'))
      return refuse(JSON.stringify(path), 'is not a usable path', 'name a JSON file relative to the config');
    if (isAbsolute(path))
      return refuse(
        path,
        'is an absolute path',
        `write it relative to the config file's folder (files must be inside ${rootReal})`,
      );
    // Lexically first: a path that leaves the root is refused without looking at the file system.
    const full = resolve(baseReal, path);
    if (!within(rootReal, full)) return refuse(path, `is ${outside}`, moveIt);
    const real = realpathOrUndefined(full);
    if (real === undefined) {
      // Missing, or a link that leads nowhere. If the part that exists resolves outside the root, say
      // that (and only that), so the answer does not tell whether a file outside the root exists.
      let existing = dirname(full);
      let existingReal = realpathOrUndefined(existing);
      while (existingReal === undefined && dirname(existing) !== existing) {
        existing = dirname(existing);
        existingReal = realpathOrUndefined(existing);
      }
      let isLink = false;
      try {
        isLink = lstatSync(full).isSymbolicLink();
      } catch {
        // nothing there at all
      }
      if (isLink || (existingReal !== undefined && !within(rootReal, existingReal)))
        return refuse(path, `resolves (through a symbolic link) to a place ${outside} or to nothing`, moveIt);
      return undefined;
    }
    if (!within(rootReal, real))
      return refuse(path, `resolves (through a symbolic link) to a place ${outside} or to nothing`, moveIt);
    if (relative(rootReal, real).split(sep).includes('.git'))
      return refuse(path, "is inside a '.git' folder", 'policy files are JSON files of the work tree');
    const result = readRegularFile(real, maxBytes);
    if ('missing' in result) return undefined;
    if ('kind' in result) return refuse(path, `is ${result.kind}, not a regular file`, 'name a JSON file');
    if ('size' in result)
      return refuse(
        path,
        `is larger than ${maxBytes} bytes (${maxBytes / 1024} KiB); AWS policy documents are at most 10,000 characters`,
        'name the policy document itself',
      );
    return result.text;
  };

  return (path) => {
    if (!cache.has(path)) cache.set(path, read(path));
    return cache.get(path);
  };
}

/**
 * Reads the config file itself: it must be a regular file of at most MAX_CONFIG_FILE_BYTES inside
 * `root` (it may be a symbolic link, resolved first). Anything else is a usage error naming the path.
 */
export function readConfigFile(file: string, root: string): string {
  const real = realpathOrUndefined(resolve(file));
  if (real === undefined)
    throw new UsageError(
      `${file}: no such file`,
      'pass the organization file with -c FILE (default: org.yaml); `orgward import` writes one',
    );
  const rootReal = realpathOrUndefined(root) ?? resolve(root);
  if (!within(rootReal, real))
    throw new UsageError(
      `${file}: resolves to a place outside the root ${rootReal}`,
      'pass a config inside the root (the git work tree holding it), or --root DIR',
    );
  const result = readRegularFile(real, MAX_CONFIG_FILE_BYTES);
  if ('missing' in result)
    throw new UsageError(
      `${file}: no such file`,
      'pass the organization file with -c FILE (default: org.yaml)',
    );
  if ('kind' in result)
    throw new UsageError(
      `${file}: is ${result.kind}, not a regular file`,
      'pass the organization file with -c FILE (default: org.yaml)',
    );
  if ('size' in result)
    throw new UsageError(
      `${file}: is larger than ${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MiB`,
      'an organization file is far smaller; pass the right file with -c FILE',
    );
  return result.text;
}
