#!/usr/bin/env node
/** The `mlops-kit` executable (package.json `bin`, bundled to dist/cli/index.js). */
import { runCli } from "./main";

process.exitCode = await runCli(process.argv.slice(2));
