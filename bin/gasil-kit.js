#!/usr/bin/env node
// `gasil-kit` command line: a thin shim over the compiled CLI (src/experiments/cli.ts → dist/).
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const cli = path.join(__dirname, "..", "dist", "experiments", "cli.js");
if (!fs.existsSync(cli)) {
  process.stderr.write("gasil-kit: the library is not built yet; run `npm run setup` (or `npm run build`) first\n");
  process.exit(2);
}
// The compiled module runs main() itself when it is the entry point (workers fork it directly);
// from this shim, call it explicitly.
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.stdout.write("", () => process.exit(code));
    },
    (error) => {
      process.stderr.write(`gasil-kit: ${error?.stack || String(error)}\n`);
      process.exit(1);
    },
  );
