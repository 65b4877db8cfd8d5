/**
 * The HTML frame of the staff pages: escaping, the shared stylesheet (inline: the pages' CSP allows
 * inline styles and nothing else) and bilingual text helpers. Every value that reaches a page goes
 * through `esc` (or `bi`, which escapes both languages).
 */
import type { LocalizedText } from '../../shared/domain.js';

export const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Chinese first, then English in a smaller, muted line. */
export const bi = (zh: string, en: string, cls = 'en') => `${esc(zh)} <span class="${cls}" lang="en">${esc(en)}</span>`;
export const biText = (t: LocalizedText, cls = 'en') => bi(t.zh, t.en, cls);

const FONTS = `system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Droid Sans Fallback", sans-serif`;

const CSS = `
*{box-sizing:border-box}
html{font-family:${FONTS};font-size:15px;line-height:1.45;color:#1c2430;background:#eef1f5}
body{margin:0}
a{color:#0b5cad}
.en{color:#4f5b6b;font-size:.86em}
.en-btn{font-size:.86em;font-weight:400}
.en-link{font-size:.86em}
.bar{display:flex;align-items:center;gap:1rem;padding:.7rem 1.5rem;background:#1d2b3f;color:#fff}
.bar h1{font-size:1.15rem;margin:0;font-weight:600}
.bar .en{color:#c9d4e3}
.bar .who{margin-left:auto;display:flex;align-items:center;gap:.8rem;font-size:.95rem}
.bar button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border-radius:6px;border:1px solid #8fa3bd;background:transparent;color:#fff;cursor:pointer}
.bar button:hover,.bar button:focus-visible{background:#2e4260}
main{padding:1rem 1.5rem 2rem;max-width:1600px;margin:0 auto}
.meta{color:#4f5b6b;font-size:.88rem;margin:0 0 .8rem}
.section{font-size:1rem;font-weight:600;margin:0 0 .6rem}
.summary{display:flex;gap:.8rem;margin-bottom:1rem;flex-wrap:wrap}
.tile{flex:1 1 12rem;background:#fff;border-radius:10px;padding:.7rem 1rem;border-left:6px solid #7b8794;box-shadow:0 1px 2px rgba(16,24,40,.08)}
.tile .n{display:block;font-size:1.9rem;font-weight:700;line-height:1.1}
.tile.error{border-left-color:#c62828}.tile.error .n{color:#b3261e}
.tile.warning{border-left-color:#e0a100}.tile.warning .n{color:#8a5a00}
.tile.ok{border-left-color:#2e7d32}.tile.ok .n{color:#1b6e36}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:1rem;align-items:start}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(16,24,40,.08);padding:.8rem 1rem;border-top:5px solid #2e7d32}
.card.error{border-top-color:#c62828}.card.warning{border-top-color:#e0a100}.card.revoked{border-top-color:#7b8794;opacity:.9}
.card header{display:flex;align-items:flex-start;gap:.6rem}
.card .name{flex:1;min-width:0;display:flex;align-items:baseline;gap:.5rem;flex-wrap:wrap}
.card h3{margin:0;font-size:1.08rem}
.card .id{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.85rem;color:#4f5b6b}
.pill{flex:none;margin-top:.1rem;font-size:.8rem;font-weight:600;padding:.12rem .6rem;border-radius:999px;white-space:nowrap}
.pill.ok{background:#e3f4e6;color:#1b5e20}.pill.error{background:#fde8e7;color:#a11b12}.pill.warning{background:#fff4d6;color:#7a4f00}.pill.revoked{background:#eceff3;color:#3d4855}
.alerts{list-style:none;margin:.6rem 0 .4rem;padding:0;display:grid;gap:.35rem}
.alert{border-left:4px solid;border-radius:4px;padding:.3rem .6rem;font-size:.92rem}
.alert.error{border-color:#c62828;background:#fdecea;color:#7f1610}
.alert.warning{border-color:#e0a100;background:#fff6dc;color:#5c3d00}
.alert .sev{font-weight:700;margin-right:.3rem}
.alert .en{color:inherit;opacity:.85}
dl{display:grid;grid-template-columns:10.5rem 1fr;gap:.3rem .8rem;margin:.6rem 0 0;font-size:.92rem}
dt{color:#4f5b6b}
dd{margin:0;min-width:0;overflow-wrap:break-word}
.supply{display:flex;align-items:center;gap:.5rem}
.gauge{flex:0 0 5rem;height:.5rem;background:#e4e8ee;border-radius:4px;overflow:hidden}
.gauge span{display:block;height:100%;background:#2e7d32}
.gauge.low span{background:#c62828}
.muted{color:#4f5b6b}
.nowrap{white-space:nowrap}
.empty{background:#fff;border-radius:10px;padding:2rem;text-align:center}
.login{max-width:26rem;margin:6vh auto;background:#fff;border-radius:12px;padding:1.6rem 1.8rem;box-shadow:0 2px 8px rgba(16,24,40,.1)}
.login h1{font-size:1.3rem;margin:0 0 1rem}
.login label{display:block;font-weight:600;margin:.9rem 0 .3rem}
.login input{width:100%;font:inherit;font-size:1.05rem;padding:.55rem .7rem;border:1px solid #8a96a6;border-radius:6px}
.login input:focus-visible{outline:3px solid #6aa2e0;outline-offset:1px}
.login button{margin-top:1.3rem;width:100%;font:inherit;font-size:1.05rem;font-weight:600;padding:.65rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
.login button:hover{background:#094b8d}
.login a.sso{display:block;margin:.4rem 0 .2rem;text-align:center;font-size:1.05rem;font-weight:600;padding:.65rem;border-radius:6px;background:#0b5cad;color:#fff;text-decoration:none}
.login a.sso:hover,.login a.sso:focus-visible{background:#094b8d}
.login a.sso .en-btn{color:#fff}
.login .or{margin:1rem 0 0}
.notice{border-left:4px solid #c62828;background:#fdecea;color:#7f1610;padding:.5rem .8rem;border-radius:4px;margin:0 0 .6rem}
`;

export interface PageOptions {
  title: string;
  /** Seconds after which the browser reloads the page by itself (or goes to `refreshTo`). */
  refreshS?: number;
  refreshTo?: string;
}

export function page({ title, refreshS, refreshTo }: PageOptions, body: string): string {
  const target = refreshTo ? `;url=${refreshTo}` : '';
  const refresh =
    refreshS !== undefined && (refreshS > 0 || refreshTo)
      ? `<meta http-equiv="refresh" content="${esc(`${refreshS}${target}`)}">`
      : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">${refresh}<title>${esc(title)}</title><style>${CSS}</style></head>
<body>${body}</body></html>`;
}
