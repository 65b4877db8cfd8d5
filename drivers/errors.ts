/**
 * Named errors of the device layer. Each message says what a technician can do about it.
 * `disconnected` is true when the device went away (unplugged, powered off, link lost), so the
 * device manager knows to reconnect instead of reporting a fault.
 */
export class DeviceError extends Error {
  override name = 'DeviceError';
  constructor(
    message: string,
    readonly device: string,
    readonly flags: { disconnected?: boolean; timeout?: boolean } = {},
  ) {
    super(message);
  }
  get disconnected(): boolean {
    return this.flags.disconnected === true;
  }
  get timeout(): boolean {
    return this.flags.timeout === true;
  }
}
