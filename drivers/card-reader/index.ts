/**
 * Builds the card readers a kiosk configuration names. One implementation per technology.
 */
import type { ReaderConfig } from '../../kiosk-config/schema.js';
import { DeviceError } from '../errors.js';
import { SimulatedCardReader } from './simulated.js';
import type { CardReader } from './types.js';

export type { CardReader, CardRead, ReaderStatus } from './types.js';
export { SimulatedCardReader } from './simulated.js';

export function createCardReader(config: ReaderConfig): CardReader {
  switch (config.type) {
    case 'simulated':
      return new SimulatedCardReader(config.id);
    default:
      throw new DeviceError(`Reader type "${config.type}" is not available in this build.`, config.id);
  }
}
