// PLACEHOLDER until its issue lands: replaced by the real benchmark.
export async function run(): Promise<Record<string, number>> {
  throw new Error('the ui benchmark is not available in this build yet');
}
