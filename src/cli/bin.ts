#!/usr/bin/env node
/** The `mlops-kit` executable (package.json `bin`, bundled to dist/cli/index.js). */
import module from "node:module";
import { runCli } from "./main";

// Node ≥ 22.1 keeps V8's compiled code of the bundles a command loads between runs (in the OS's
// temporary folder, or $NODE_COMPILE_CACHE); Node 20 has no such cache, and this does nothing there.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

process.exitCode = await runCli(process.argv.slice(2));
