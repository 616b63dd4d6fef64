#!/usr/bin/env node
/**
 * `dramatis`: serve the API, generate/enhance/validate in-process (or through a server with
 * `--server URL --token T`), and manage keys and credits of the store. The commands live in
 * `runCli`; this file only connects it to the process.
 */
import { runCli } from "./run-cli.ts";

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
// A failure ends the process now; success leaves it to end by itself, so `serve` keeps serving.
if (code !== 0) process.exit(code);
