import type { Receipt } from '../../../drivers/printer/escpos/types.js';

/** The receipt the golden files were made from. */
export const SAMPLE_RECEIPT: Receipt = {
  terminalId: 'lib-01',
  terminalName: '图书馆一楼自助区',
  time: new Date('2026-11-28T07:20:31Z'),
  documents: [
    { serial: 'DU-2026-000123', title: '在读证明 Enrollment certificate', copies: 1 },
    { serial: 'DU-2026-000124', title: 'Certificate of Enrollment (English)', copies: 2 },
  ],
  qr: 'https://verify.example.edu.cn/v/7KQ3-M9XD-2PLA',
};
