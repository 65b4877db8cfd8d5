/// <reference lib="dom" />
/**
 * The machine has no Chinese font: the kiosk's Noto Sans SC is served to the page past its CSP (specs
 * using this set `bypassCSP`), so screenshots show Chinese; `fontsReady` waits until text is laid out with it.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

const CJK_FONT = resolve(
  import.meta.dirname,
  '../../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
const CJK_CSS = `@font-face{font-family:"TestCJK";font-weight:100 900;src:url("/__test-font.ttf")}*{font-family:"DejaVu Sans","TestCJK",sans-serif !important}`;

export async function useTestCjkFont(page: Page): Promise<void> {
  await page.route('**/__test-font.ttf', (route) => route.fulfill({ path: CJK_FONT }));
  await page.addInitScript((css) => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    });
  }, CJK_CSS);
}

export async function fontsReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.load('16px TestCJK', '审计报表终端');
    await document.fonts.ready;
    // Text laid out while the (large) font was still loading is laid out again with it.
    document.body.style.display = 'none';
    void document.body.offsetHeight;
    document.body.style.display = '';
  });
}
