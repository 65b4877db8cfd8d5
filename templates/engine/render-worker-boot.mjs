// Starts a render worker from TypeScript source: registers tsx in this worker thread (loader hooks
// are per thread), then loads the worker module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
