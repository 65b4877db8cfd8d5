/**
 * One cold render in a fresh process, for the render benchmark: the engine is imported, the sample
 * transcript bundle read, then the first render timed (font loading included). Prints JSON:
 * `{"ms": wall time, "cpuMs": CPU time of the process}`.
 */
import { builtinTemplateDir, loadTemplateBundle, renderCertificate } from '../../templates/engine/index.js';

const template = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
const t0 = performance.now();
const c0 = process.cpuUsage();
await renderCertificate(template, template.sample);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
