/** A small deterministic PRNG for tests, so a failing run can be repeated with its seed (the demo data's own). */
export { rng } from '../../central/seed/demo.js';
