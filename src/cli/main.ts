import { runCli } from './run.js';

// Entry point of `tsunagu` (bin/tsunagu.js) and `npm run cli --`.
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
