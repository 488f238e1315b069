import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in-process with `env` and returns its exit status and output. */
export async function runCliCaptured(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const status = await runCli(argv, { env, stdout, stderr });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
