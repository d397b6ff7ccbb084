/**
 * Keeps README.md reproducible word for word: every generated block is rerun from the commands it shows.
 *
 *   npm run readme              rerun every block and rewrite README.md
 *   npm run readme -- --check   rerun every block; exit 1 with a diff when README.md differs
 *
 * Markers. A generated block is a fenced code block directly after an HTML comment:
 *
 *   <!-- readme:output NAME [session=SESSION] -->
 *   ```
 *   $ orgward validate -c examples/small-company/org.yaml
 *   (output, rewritten by this script)
 *   ```
 *
 * The lines that start with `$ ` are the commands (the README's source of truth: edit them, then run
 * `npm run readme`); everything else in the block is their output, merged stdout and stderr, and is
 * replaced. Blocks with the same SESSION share one temporary folder and one sandbox and run in README
 * order; a block without a session gets a folder of its own. Sessions run two at a time.
 *
 * How commands run: in a temporary folder holding a copy of `examples/`, with `bash -c`, where `orgward`
 * is `node <repo>/dist/cli/main.js` (the README's alias) and the environment has no AWS_* variables but
 * the ones the block exports. Two command forms are not passed to bash:
 * - `orgward sandbox [--port N] [args] &` starts the built sandbox in the background with the same args,
 *   on port N if it is free, else on a free port; its output is what it prints until it is listening.
 *   It is stopped when the run ends.
 * - `export NAME=VALUE ...` sets the session's environment (no output).
 *
 * Rewrites applied to every output before it is written (so the README shows what a reader sees):
 * - the sandbox's real port → the port its command shows (only differs when that port was busy);
 * - the temporary folder's path → `.` (and the repository's path → `.`).
 *
 * Masks applied to both sides by --check only (the README keeps the values of the run that wrote it):
 * - durations (`1.9 s`, `6012 ms`, `2 min`) → `<duration>`;
 * - dates and times (`2026-11-22`, `2026-11-22 18:05 UTC`, ISO timestamps) → `<date>`;
 * - account ids (12 digits, except the sandbox's management account 123456789012), OU ids and policy
 *   ids → `<account-N>`, `<ou-N>`, `<policy-N>`, numbered by first appearance in the block: the sandbox
 *   draws ids from a seeded generator, but an apply creates accounts concurrently over HTTP, so which
 *   account gets which id varies; the same account must still show the same id throughout a block;
 * - a run of consecutive progress lines (`  ✓ ...`, `  ✗ ...`) is compared sorted: concurrent
 *   operations finish in any order.
 * Everything else (names, counts, scores, organization and root ids, messages) must match exactly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: the nearest folder above this file with orgward's package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'orgward')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the orgward repository above scripts/readme');
    dir = parent;
  }
}

export interface Block {
  name: string;
  session: string;
  /** Line index (0-based) of the opening fence and of the closing fence in the README. */
  open: number;
  close: number;
  commands: string[];
  /** The block's current content (between the fences). */
  content: string;
}

const MARKER = /^<!--\s*readme:output\s+(\S+)((?:\s+\w+=\S+)*)\s*-->\s*$/;

export function parseBlocks(readme: string): Block[] {
  const lines = readme.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (!marker) continue;
    const name = marker[1]!;
    const attrs = Object.fromEntries(
      (marker[2] ?? '')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    );
    const open = i + 1;
    if (!/^```/.test(lines[open] ?? ''))
      throw new Error(`README.md:${i + 1}: marker ${name} is not followed by a fenced block`);
    let close = open + 1;
    while (close < lines.length && !/^```\s*$/.test(lines[close]!)) close++;
    if (close >= lines.length) throw new Error(`README.md:${open + 1}: block ${name} is never closed`);
    const body = lines.slice(open + 1, close);
    const commands = body.filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
    if (commands.length === 0) throw new Error(`README.md:${open + 1}: block ${name} shows no $ command`);
    if (blocks.some((b) => b.name === name)) throw new Error(`README.md: two blocks are named ${name}`);
    blocks.push({
      name,
      session: attrs.session ?? `block:${name}`,
      open,
      close,
      commands,
      content: body.join('\n'),
    });
    i = close;
  }
  return blocks;
}

interface Session {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Real port → shown port. */
  ports: Map<number, number>;
  sandboxes: ChildProcess[];
}

function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  return tryPort(preferred).then(async (port) => port ?? (await tryPort(0))!);
}

/** The rewrites of every output: real port → shown port, temporary folder and repository → `.`. */
export function rewrite(text: string, session: Pick<Session, 'dir' | 'ports'>, root: string): string {
  let out = text;
  for (const [real, shown] of session.ports)
    if (real !== shown)
      out = out.replace(new RegExp(`(127\\.0\\.0\\.1|localhost):${real}\\b`, 'g'), `$1:${shown}`);
  for (const path of new Set([realpathSync(session.dir), session.dir, root]))
    out = out.split(`${path}/`).join('./').split(path).join('.');
  return out;
}

/** The masks of --check: what legitimately changes between two runs of the same commands. */
export function mask(text: string): string {
  const ids = new Map<string, string>();
  const numbered = (kind: string) => (id: string) => {
    if (!ids.has(id))
      ids.set(
        id,
        `<${kind}-${[...ids.keys()].filter((k) => ids.get(k)!.startsWith(`<${kind}-`)).length + 1}>`,
      );
    return ids.get(id)!;
  };
  const masked = text
    .replace(
      /\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?: UTC)?/g,
      '<date>',
    )
    .replace(/\b\d+(?:\.\d+)? ?(?:ms|s|min)\b/g, '<duration>')
    .replace(/\b(?!123456789012\b)\d{12}\b/g, numbered('account'))
    .replace(/\bou-[0-9a-z]{4,32}-[0-9a-z]{8,32}\b/g, numbered('ou'))
    .replace(/\bp-[0-9a-z]{8,128}\b/g, numbered('policy'));
  // Concurrent operations finish in any order: a run of progress lines is compared as a sorted list.
  const lines = masked.split('\n');
  const progress = (line: string) => /^\s*[✓✗] /.test(line);
  for (let i = 0; i < lines.length;) {
    if (!progress(lines[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && progress(lines[j]!)) j++;
    lines.splice(i, j - i, ...lines.slice(i, j).sort());
    i = j;
  }
  return lines.join('\n');
}

const ORGWARD_FUNCTION = 'orgward() { node "$ORGWARD_BIN" "$@"; }\n';

function runShell(command: string, session: Session, bin: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', `${ORGWARD_FUNCTION}${command} 2>&1`], {
      cwd: session.dir,
      env: { ...session.env, ORGWARD_BIN: bin },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.once('error', fail);
    child.once('close', () => {
      clearTimeout(timer);
      done(output);
    });
  });
}

async function startSandbox(command: string, session: Session, bin: string): Promise<string> {
  const args = command.replace(/&\s*$/, '').trim().split(/\s+/).slice(2);
  const at = args.indexOf('--port');
  const shown = at >= 0 ? Number(args[at + 1]) : 4566;
  const port = await freePort(shown);
  if (at >= 0) args[at + 1] = String(port);
  else args.push('--port', String(port));
  const child = spawn(process.execPath, [bin, 'sandbox', ...args], {
    cwd: session.dir,
    env: session.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  session.sandboxes.push(child);
  session.ports.set(port, shown);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`sandbox did not start in 180 s: ${output}`)), 180_000);
    const check = () => {
      // It prints the listening line and then the export line; wait for both.
      if (/listening on .*\n.*export .*\n/.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`sandbox exited with ${code}: ${output}`));
    });
  });
  return output;
}

function applyExport(command: string, session: Session): void {
  for (const assignment of command.slice('export '.length).trim().split(/\s+/)) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`cannot read the export: ${command}`);
    let value = assignment.slice(eq + 1);
    // The shown port may have been busy: send the session's calls to the sandbox actually started.
    for (const [real, shown] of session.ports) value = value.replace(new RegExp(`:${shown}\\b`), `:${real}`);
    session.env[assignment.slice(0, eq)] = value;
  }
}

async function runBlock(block: Block, session: Session, bin: string, root: string): Promise<string> {
  const parts: string[] = [];
  for (const command of block.commands) {
    let output: string;
    if (/^orgward sandbox\b.*&\s*$/.test(command)) output = await startSandbox(command, session, bin);
    else if (command.startsWith('export ')) {
      applyExport(command, session);
      output = '';
    } else output = await runShell(command, session, bin);
    output = rewrite(output, session, root).replace(/\s+$/, '');
    parts.push(output ? `$ ${command}\n${output}\n` : `$ ${command}\n`);
  }
  // A blank line after each command that printed something, unless it is the last.
  return parts
    .map((part, i) => (i < parts.length - 1 && part.split('\n').length > 2 ? `${part}\n` : part))
    .join('')
    .replace(/\n$/, '');
}

/** Runs every block (sessions two at a time) and returns block name → new content. */
export async function generate(readme: string, log: (line: string) => void = () => undefined) {
  const root = repoRoot();
  const bin = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
  const blocks = parseBlocks(readme);
  const bySession = new Map<string, Block[]>();
  for (const block of blocks) bySession.set(block.session, [...(bySession.get(block.session) ?? []), block]);
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'CI' && k !== 'FORCE_COLOR'),
  );
  env.NO_COLOR = '1';
  const results = new Map<string, string>();
  const queue = [...bySession.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, sessionBlocks] = next;
      const dir = mkdtempSync(join(tmpdir(), 'orgward-readme-'));
      cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      const session: Session = { dir, env: { ...env }, ports: new Map(), sandboxes: [] };
      const started = Date.now();
      try {
        for (const block of sessionBlocks) results.set(block.name, await runBlock(block, session, bin, root));
      } finally {
        for (const child of session.sandboxes) child.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      }
      log(`  ${name}: ${sessionBlocks.length} block(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all([worker(), worker()]);
  return { blocks, results };
}

/** README.md with every block's content replaced. */
export function render(readme: string, blocks: Block[], results: Map<string, string>): string {
  const lines = readme.split('\n');
  for (const block of [...blocks].reverse())
    lines.splice(block.open + 1, block.close - block.open - 1, ...results.get(block.name)!.split('\n'));
  return lines.join('\n');
}

/** A unified diff of two texts (diff -u), or '' when they are equal. */
export function unifiedDiff(before: string, after: string, label: string): string {
  if (before === after) return '';
  const dir = mkdtempSync(join(tmpdir(), 'orgward-readme-diff-'));
  try {
    writeFileSync(join(dir, 'a'), before);
    writeFileSync(join(dir, 'b'), after);
    const result = spawnSync(
      'diff',
      ['-u', '--label', `${label} (README)`, '--label', `${label} (rerun)`, 'a', 'b'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return result.stdout || `${label} differs\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reruns the README's blocks; returns the diff per drifted block (masked comparison) and the new text. */
export async function checkReadme(log?: (line: string) => void) {
  const path = join(repoRoot(), 'README.md');
  const readme = readFileSync(path, 'utf8');
  const { blocks, results } = await generate(readme, log);
  const drift = blocks
    .filter((b) => mask(b.content) !== mask(results.get(b.name)!))
    .map((b) => unifiedDiff(`${b.content}\n`, `${results.get(b.name)!}\n`, `README.md block ${b.name}`));
  return { path, readme, updated: render(readme, blocks, results), drift };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const log = (line: string) => console.error(line);
  const { path, readme, updated, drift } = await checkReadme(log);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (check) {
    if (drift.length) {
      process.stdout.write(drift.join('\n'));
      console.error(
        `README.md: ${drift.length} block(s) differ from a rerun (${seconds} s); run \`npm run readme\` and review the diff`,
      );
      process.exitCode = 1;
    } else console.error(`README.md: every block matches a rerun (${seconds} s)`);
    return;
  }
  if (updated !== readme) writeFileSync(path, updated);
  console.error(`README.md: ${updated === readme ? 'unchanged' : 'rewritten'} (${seconds} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
