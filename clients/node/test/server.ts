// A real `tuneforge serve all` for the tests: a free loopback port (--port 0, read
// back from its "serving" log line), a fresh home and one admin bearer token.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface LiveServer {
  target: string;
  token: string;
  /** The server's last log lines, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startServer(timeoutSeconds = 90): Promise<LiveServer> {
  const home = mkdtempSync(path.join(tmpdir(), 'tuneforge-node-'));
  const token = randomBytes(16).toString('hex');
  const tokens = path.join(home, 'tokens.csv');
  writeFileSync(tokens, `${token},node-tests,admin\n`);
  // The settings are the flags' alone: no TUNEFORGE_* of the caller's environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TUNEFORGE_')));
  const exe = path.join(REPO_ROOT, '.venv', 'bin', 'tuneforge');
  const args = ['serve', 'all', '--port', '0', '--home', path.join(home, 'state'), '--token-file', tokens];
  const child: ChildProcess = spawn(exe, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  const log = () => lines.join('\n');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const target = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving" line after ${timeoutSeconds} s:\n${log()}`)), timeoutSeconds * 1000);
    child.once('error', (err) => reject(err));
    child.once('exit', (code) => reject(new Error(`tuneforge serve exited with ${code}:\n${log()}`)));
    // Read stderr to the end, always: a full pipe would block the server.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      try {
        const record = JSON.parse(line) as { msg?: string; address?: string };
        if (record.msg === 'serving' && record.address) {
          clearTimeout(timer);
          resolve(record.address);
        }
      } catch {
        // not a JSON log line (a warning of a library)
      }
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    rmSync(home, { recursive: true, force: true });
    throw err;
  });

  return {
    target,
    token,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
