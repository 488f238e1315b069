import { runCli } from './run.js';

// Entry point of `tsunagu` (bin/tsunagu.js) and `npm run cli --`.

// A reader that closes the pipe early (`tsunagu export items | head`) ends the output by
// choice, so EPIPE ends the process quietly instead of as an unhandled error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
