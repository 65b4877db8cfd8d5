/** The staff sign-in page: staff card number and PIN, with a bilingual notice after a failure. */
import type { LocalizedText } from '../../shared/domain.js';
import { biText, bi, esc, page } from './html.js';

export function loginPage(notice?: LocalizedText, card = ''): string {
  const message = notice ? `<p class="notice" role="alert" data-testid="login-notice">${biText(notice)}</p>` : '';
  return page(
    { title: 'E站 终端监控 · 登录 / E-station terminal status · Sign in' },
    `<main><section class="login" aria-labelledby="login-title">
<h1 id="login-title">${bi('E站 终端监控', 'E-station terminal status')}</h1>
<p class="muted">${bi('请使用员工卡号和维护 PIN 登录。', 'Sign in with your staff card number and maintenance PIN.')}</p>
${message}
<form method="post" action="/staff/login">
<label for="card">${bi('员工卡号', 'Staff card number')}</label>
<input id="card" name="card" inputmode="numeric" autocomplete="username" required maxlength="64" value="${esc(card)}">
<label for="pin">PIN</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="current-password" required maxlength="12">
<button type="submit">${bi('登录', 'Sign in', 'en-btn')}</button>
</form></section></main>`,
  );
}
