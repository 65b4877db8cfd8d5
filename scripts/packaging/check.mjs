#!/usr/bin/env node
// `npm run dist:check`: every packaging step before the one that needs Electron's zip, on this machine,
// then where it stopped and why. Exit 0 when packaging can go on, 2 when a step stopped it.
// `--no-build` checks the electron-vite output that is there instead of building it again.
import { join } from 'node:path';
import { defaultContext, report, runSteps } from './steps.mjs';

const root = join(import.meta.dirname, '..', '..');
const run = runSteps(defaultContext(root, { build: !process.argv.includes('--no-build') }));
console.log(report(run));
process.exitCode = run.stoppedAt ? 2 : 0;
