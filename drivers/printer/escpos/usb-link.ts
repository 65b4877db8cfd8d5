/**
 * An ESC/POS link over USB (printer class or vendor-specific bulk endpoints) through `usb` 2's classic
 * API. Two-way when the interface has a bulk IN endpoint.
 * The `usb` calls come in through `UsbApi`, so that tests replace exactly the library's surface.
 */
import { PrinterError } from '../types.js';
import type { ReceiptLink } from './types.js';

/** The part of `usb`'s classic API this link uses (structurally the same as usb.Device and friends). */
export interface UsbEndpointLike {
  direction: 'in' | 'out';
  transferType: number;
  timeout: number;
}
export interface UsbOutEndpointLike extends UsbEndpointLike {
  transfer(buffer: Buffer, callback?: (error: Error | undefined, actual: number) => void): unknown;
}
export interface UsbInEndpointLike extends UsbEndpointLike {
  transfer(length: number, callback: (error: Error | undefined, data?: Buffer) => void): unknown;
}
export interface UsbInterfaceLike {
  endpoints: UsbEndpointLike[];
  claim(): void;
  release(closeEndpoints: boolean, callback?: (error?: Error) => void): void;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
}
export interface UsbDeviceLike {
  interfaces: UsbInterfaceLike[] | undefined;
  open(defaultConfig?: boolean): void;
  close(): void;
}
export interface UsbApi {
  findByIds(vendorId: number, productId: number): UsbDeviceLike | undefined;
}

const BULK = 2; // LIBUSB_TRANSFER_TYPE_BULK

export interface UsbLinkOptions {
  vendorId: number;
  productId: number;
  id?: string;
  /** Defaults to the `usb` package, loaded only when a USB receipt printer is configured. */
  api?: UsbApi;
}

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

export class UsbLink implements ReceiptLink {
  readonly read?: (length: number, timeoutMs: number) => Promise<Uint8Array>;

  private constructor(
    private readonly device: UsbDeviceLike,
    private readonly iface: UsbInterfaceLike,
    private readonly out: UsbOutEndpointLike,
    inEndpoint: UsbInEndpointLike | undefined,
    private readonly id: string,
  ) {
    if (inEndpoint) this.read = (length, timeoutMs) => this.readFrom(inEndpoint, length, timeoutMs);
  }

  static async open(o: UsbLinkOptions): Promise<UsbLink> {
    const api = o.api ?? ((await import('usb')) as unknown as UsbApi);
    const id = o.id ?? `usb:${hex(o.vendorId)}:${hex(o.productId)}`;
    const device = api.findByIds(o.vendorId, o.productId);
    if (!device)
      throw new PrinterError(
        `No USB receipt printer ${hex(o.vendorId)}:${hex(o.productId)} is plugged in. Check the cable and the ids in the configuration (lsusb).`,
        id,
        { disconnected: true },
      );
    try {
      device.open();
      const iface = device.interfaces?.find((i) =>
        i.endpoints.some((e) => e.direction === 'out' && e.transferType === BULK),
      );
      if (!iface) throw new Error('it has no bulk OUT endpoint, so it is not an ESC/POS printer');
      // usblp (the kernel's printer driver) holds printer-class interfaces; it must let go first.
      if (iface.isKernelDriverActive()) iface.detachKernelDriver();
      iface.claim();
      const out = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === BULK) as UsbOutEndpointLike;
      const inEp = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === BULK) as
        UsbInEndpointLike | undefined;
      return new UsbLink(device, iface, out, inEp, id);
    } catch (err) {
      try {
        device.close();
      } catch {
        // already closed or never opened
      }
      throw new PrinterError(
        `Cannot use the USB receipt printer ${id}: ${(err as Error).message}. On Linux, check the udev rule gives this user access.`,
        id,
        { disconnected: true },
      );
    }
  }

  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    this.out.timeout = timeoutMs;
    return new Promise((resolve, reject) => {
      this.out.transfer(Buffer.from(bytes), (err) => (err ? reject(this.error('send to', err)) : resolve()));
    });
  }

  private readFrom(ep: UsbInEndpointLike, length: number, timeoutMs: number): Promise<Uint8Array> {
    ep.timeout = timeoutMs;
    return new Promise((resolve, reject) => {
      ep.transfer(length, (err, data) => {
        if (err) return reject(this.error('read from', err));
        if (!data || data.length < length)
          return reject(
            new PrinterError(`The receipt printer sent ${data?.length ?? 0} of ${length} status bytes.`, this.id, {
              timeout: true,
            }),
          );
        resolve(Uint8Array.from(data.subarray(0, length)));
      });
    });
  }

  private error(what: string, err: Error & { errno?: number }): PrinterError {
    const timedOut = /TIMEOUT/i.test(err.message) || err.errno === -7;
    return new PrinterError(
      timedOut
        ? `The receipt printer did not take data in time (${what}); is it on and has it paper?`
        : `Cannot ${what} the USB receipt printer: ${err.message}. Check the cable.`,
      this.id,
      timedOut ? { timeout: true } : { disconnected: true },
    );
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.iface.release(true, () => resolve()));
    try {
      this.device.close();
    } catch {
      // the device was unplugged
    }
  }
}
