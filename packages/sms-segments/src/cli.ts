#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './cli-run';

const output = runCli(
  process.argv.slice(2),
  () => (process.stdin.isTTY ? undefined : readFileSync(0, 'utf8')),
  __PACKAGE_VERSION__,
);
process.stdout.write(output.stdout);
process.stderr.write(output.stderr);
process.exitCode = output.exitCode;
