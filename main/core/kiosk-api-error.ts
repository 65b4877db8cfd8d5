/** The one error the kiosk core answers a method call with; hosts pass `code` and `message` to the UI. */
import type { KioskErrorCode } from '../../shared/kiosk-api.js';

/** An error the renderer can show: `code` is stable and maps to a message in the UI's language files. */
export class KioskApiError extends Error {
  override name = 'KioskApiError';
  constructor(
    readonly code: KioskErrorCode,
    message: string,
  ) {
    super(message);
  }
}
