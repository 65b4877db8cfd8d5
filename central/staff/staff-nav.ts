/**
 * The staff pages' top bar: the page's title, links between the dashboard, the audit and the reports
 * (the current one marked for screen readers), who is signed in, and signing out.
 */
import { bi, esc } from './html.js';
import type { StaffMember } from './sessions.js';

export const STAFF_PAGES = [
  { href: '/staff', zh: '终端', en: 'Stations' },
  { href: '/staff/audit', zh: '审计', en: 'Audit' },
  { href: '/staff/reports', zh: '报表', en: 'Reports' },
] as const;

export const NAV_CSS = `<style>
.bar nav{display:flex;gap:.9rem}
.bar nav a{color:#dfe7f2;text-decoration:none;padding:.15rem .2rem;border-bottom:2px solid transparent}
.bar nav a[aria-current]{color:#fff;border-bottom-color:#fff}
.bar nav a:hover,.bar nav a:focus-visible{color:#fff;text-decoration:underline}
.bar nav .en{color:inherit}
</style>`;

export function staffNav(current: (typeof STAFF_PAGES)[number]['href']): string {
  return `<nav aria-label="员工页面 Staff pages">${STAFF_PAGES.map(
    (p) => `<a href="${p.href}"${p.href === current ? ' aria-current="page"' : ''}>${bi(p.zh, p.en, 'en-link')}</a>`,
  ).join('')}</nav>`;
}

export function staffBar(
  title: [string, string],
  staff: StaffMember,
  current: (typeof STAFF_PAGES)[number]['href'],
): string {
  return `${NAV_CSS}<header class="bar"><h1>${bi(...title)}</h1>${staffNav(current)}
<div class="who"><span data-testid="staff-name">${esc(staff.name)}</span>
<form method="post" action="/staff/logout"><button type="submit">${bi('退出登录', 'Sign out', 'en-btn')}</button></form></div></header>`;
}
