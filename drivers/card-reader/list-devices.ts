/**
 * Candidate card readers on this machine, for `estation reader list`: HID keyboards (keyboard-wedge
 * readers look like keyboards), serial ports, and USB devices with a CCID interface. Each candidate
 * carries the reader configuration that would use it. The device APIs come in as parameters so tests
 * replay recorded listings.
 */
import { CCID_CLASS } from './protocols/ccid.js';
import { hasCcidInterface, nodeUsb, type UsbApi } from './ccid-reader.js';
import { nodeHid, type HidApi } from './hid-reader.js';

export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface ReaderCandidate {
  kind: 'hid' | 'serial' | 'ccid';
  description: string;
  /** A reader configuration for kiosk-config `readers` (add id and normalize). */
  config: Record<string, unknown>;
  [detail: string]: unknown;
}

export interface ListSources {
  hid?: () => HidApi;
  usb?: () => UsbApi;
  serial?: () => Promise<SerialPortInfo[]>;
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

async function serialportList(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/** Lists candidates; a source that fails (no permission, no native module) becomes a problem line, not an error. */
export async function listReaderCandidates(
  sources: ListSources = {},
): Promise<{ candidates: ReaderCandidate[]; problems: string[] }> {
  const candidates: ReaderCandidate[] = [];
  const problems: string[] = [];
  try {
    const seen = new Set<string>();
    for (const d of (sources.hid ?? nodeHid)().devices()) {
      if (d.usagePage !== 1 || d.usage !== 6) continue;
      const key = `${d.vendorId}:${d.productId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({
        kind: 'hid',
        description: [d.manufacturer, d.product].filter(Boolean).join(' ') || 'HID keyboard',
        vendorId: hex4(d.vendorId),
        productId: hex4(d.productId),
        path: d.path,
        config: { type: 'hid', vendorId: hex4(d.vendorId), productId: hex4(d.productId) },
      });
    }
  } catch (err) {
    problems.push(`HID devices cannot be listed: ${(err as Error).message}`);
  }
  try {
    for (const p of await (sources.serial ?? serialportList)()) {
      candidates.push({
        kind: 'serial',
        description: p.manufacturer ?? 'serial port',
        path: p.path,
        ...(p.vendorId ? { vendorId: `0x${p.vendorId}`, productId: `0x${p.productId ?? ''}` } : {}),
        config: { type: 'serial', path: p.path, baudRate: 9600, protocol: 'line' },
      });
    }
  } catch (err) {
    problems.push(`serial ports cannot be listed: ${(err as Error).message}`);
  }
  try {
    for (const d of (sources.usb ?? nodeUsb)().getDeviceList()) {
      if (!hasCcidInterface(d)) continue;
      const { idVendor, idProduct } = d.deviceDescriptor;
      candidates.push({
        kind: 'ccid',
        description: `USB smart-card reader (class 0x${CCID_CLASS.toString(16).padStart(2, '0')})`,
        vendorId: hex4(idVendor),
        productId: hex4(idProduct),
        config: { type: 'ccid', vendorId: hex4(idVendor), productId: hex4(idProduct) },
      });
    }
  } catch (err) {
    problems.push(`USB devices cannot be listed: ${(err as Error).message}`);
  }
  return { candidates, problems };
}
