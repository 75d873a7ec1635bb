#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli to dist/cli (npm install runs the build).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`boilerstrip: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 3;
  },
);
