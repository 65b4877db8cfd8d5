/** The staff sign-in page: staff card number and PIN, with a bilingual notice after a failure. */
import type { LocalizedText } from '../../shared/domain.js';
import { biText, bi, esc, page } from './html.js';

/** The single sign-on button: where it goes and what the university calls its sign-on. */
export interface SsoButton {
  href: string;
  label: LocalizedText;
}

function ssoBlock(sso: SsoButton): string {
  return `<a class="sso" href="${esc(sso.href)}" data-testid="sso-sign-in">${bi(`通过${sso.label.zh}登录`, `Sign in with ${sso.label.en}`, 'en-btn')}</a>
<p class="or muted">${bi('或使用员工卡号和维护 PIN：', 'or with your staff card number and maintenance PIN:')}</p>`;
}

export function loginPage(notice?: LocalizedText, card = '', sso?: SsoButton): string {
  const message = notice ? `<p class="notice" role="alert" data-testid="login-notice">${biText(notice)}</p>` : '';
  const intro = sso
    ? ''
    : `<p class="muted">${bi('请使用员工卡号和维护 PIN 登录。', 'Sign in with your staff card number and maintenance PIN.')}</p>`;
  return page(
    { title: 'E站 终端监控 · 登录 / E-station terminal status · Sign in' },
    `<main><section class="login" aria-labelledby="login-title">
<h1 id="login-title">${bi('E站 终端监控', 'E-station terminal status')}</h1>
${intro}${message}${sso ? ssoBlock(sso) : ''}
<form method="post" action="/staff/login">
<label for="card">${bi('员工卡号', 'Staff card number')}</label>
<input id="card" name="card" inputmode="numeric" autocomplete="username" required maxlength="64" value="${esc(card)}">
<label for="pin">PIN</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="current-password" required maxlength="12">
<button type="submit">${bi('登录', 'Sign in', 'en-btn')}</button>
</form></section></main>`,
  );
}

/** After a single sign-on: the session is set; the page moves on to the dashboard by itself (see routes/cas.ts). */
export function signedInPage(name: string): string {
  return page(
    { title: 'E站 终端监控 · 已登录 / E-station terminal status · Signed in', refreshS: 0, refreshTo: '/staff' },
    `<main><section class="login" aria-labelledby="login-title">
<h1 id="login-title">${bi(`${name}，您已登录`, `${name}, you are signed in`)}</h1>
<p><a href="/staff" data-testid="open-dashboard">${bi('打开终端监控', 'Open the dashboard')}</a></p>
</section></main>`,
  );
}
