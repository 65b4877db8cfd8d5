import { z } from 'zod';

/** A USB vendor or product id: a number or a hex string like "0x08ff". */
export const hex16 = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{1,4}$/)
    .transform((s) => parseInt(s, 16)),
]);
