/**
 * The fakes in test/unit/card-reader stand in for node-hid and usb at their API boundary. These checks keep
 * the boundary honest: the real modules load on this machine and have the shape the drivers and fakes use
 * (the type assertions fail to compile if the libraries' types drift from the driver interfaces).
 */
import type { Device as UsbDevice, InEndpoint, Interface, OutEndpoint } from 'usb';
import type { HID } from 'node-hid';
import { describe, expect, it } from 'vitest';
import {
  nodeUsb,
  type UsbDeviceLike,
  type UsbInEndpointLike,
  type UsbInterfaceLike,
  type UsbOutEndpointLike,
} from '../../../drivers/card-reader/ccid-reader.js';
import { nodeHid, type HidDeviceLike } from '../../../drivers/card-reader/hid-reader.js';

// Compile-time: the real classes are assignable to the interfaces the drivers program against.
type Assignable<T, U extends T> = U;
export type UsbChecks = [
  Assignable<UsbDeviceLike, UsbDevice>,
  Assignable<UsbInterfaceLike, Interface>,
  Assignable<UsbInEndpointLike, InEndpoint>,
  Assignable<UsbOutEndpointLike, OutEndpoint>,
  Assignable<HidDeviceLike, HID>,
];

describe('native reader libraries', () => {
  it('node-hid loads and lists devices with the fields the driver reads', () => {
    const hid = nodeHid();
    expect(typeof hid.HID).toBe('function');
    expect(typeof hid.setDriverType).toBe('function');
    for (const d of hid.devices()) {
      expect(typeof d.vendorId).toBe('number');
      expect(typeof d.productId).toBe('number');
    }
  });

  it('usb loads, lists devices with descriptors, and offers the hot-plug emitter', () => {
    const usb = nodeUsb();
    expect(typeof usb.events?.on).toBe('function');
    for (const d of usb.getDeviceList()) expect(typeof d.deviceDescriptor.idVendor).toBe('number');
  });
});
