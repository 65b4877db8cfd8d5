/// <reference lib="dom" />
/**
 * This machine has no Chinese font: staff pages get the kiosk's Noto Sans SC past their CSP (the spec
 * runs with `bypassCSP`), and a screenshot waits until text laid out before the font loaded is laid out again.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

const CJK_FONT = resolve(
  import.meta.dirname,
  '../../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
const CJK_CSS = `@font-face{font-family:"TestCJK";font-weight:100 900;src:url("/__test-font.ttf")}*{font-family:"DejaVu Sans","TestCJK",sans-serif !important}`;

/** Before the first page load: every page of `page` shows Chinese in Noto Sans SC. */
export async function addCjkFont(page: Page): Promise<void> {
  await page.route('**/__test-font.ttf', (route) => route.fulfill({ path: CJK_FONT }));
  await page.addInitScript((css) => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    });
  }, CJK_CSS);
}

/** Waits for the font with `sample` and lays the page out again with it (before axe and a screenshot). */
export async function settleCjkFont(page: Page, sample: string): Promise<void> {
  await page.evaluate(async (text) => {
    await document.fonts.load('16px TestCJK', text);
    await document.fonts.ready;
    document.body.style.display = 'none';
    void document.body.offsetHeight;
    document.body.style.display = '';
  }, sample);
}
