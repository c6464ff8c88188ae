import { spawn } from 'node:child_process';
import { killTree, newTreeMark, trackTree, TREE_MARK_VAR } from '../executors/process-group.js';
import { BugError } from '../errors.js';

/**
 * The program of a hung server (`node -e HUNG_SOURCE PATH`): it listens on the unix socket
 * PATH, accepts every connection and never sends a byte, as a server stuck in I/O or a
 * half-dead proxy does. It prints `listening` once it accepts connections.
 */
const HUNG_SOURCE = String.raw`
'use strict';
const net = require('node:net');
const held = [];
const server = net.createServer((socket) => { held.push(socket); socket.on('error', () => undefined); });
server.listen(process.argv[1], () => process.stdout.write('listening\n'));
`;

/** A running hung listener; `stop` ends it by its pid (idempotent). */
export interface HungListener {
  pid: number;
  stop(): Promise<void>;
}

/** Starts a hung listener on the unix socket `path`; resolves once it listens. */
export async function startHungListener(path: string): Promise<HungListener> {
  const mark = newTreeMark();
  const child = spawn(process.execPath, ['-e', HUNG_SOURCE, path], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [TREE_MARK_VAR]: mark }, detached: true });
  const tree = { pid: child.pid!, mark };
  const untrack = trackTree(tree);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new BugError(`drill fault hung: the listener on ${path} ended (${code}): ${stderr.trim()}`)));
  });
  let stopped: Promise<void> | undefined;
  return {
    pid: tree.pid,
    stop() {
      stopped ??= (async () => {
        await killTree(tree, 1000);
        await exited;
        untrack();
      })();
      return stopped;
    },
  };
}
