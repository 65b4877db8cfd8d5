/**
 * The verification page's HTML (central/routes/verify.ts serves it): the verdict, the document's facts,
 * the certified content (verify-content.ts) and the upload check. In one language (the document's, or
 * the one picked with the switch), with the verdict repeated in the other for a checker abroad. Works
 * without JavaScript (everything but the upload check), readable on a 375 px wide phone.
 */
import type { Language } from '../../shared/domain.js';
import { certifiedContent, esc } from './verify-content.js';
import type { Verdict } from './verify-verdict.js';

/** The address of the upload check's script (served by verify.ts; the page's CSP allows only it). */
export const CHECK_SCRIPT_PATH = '/verify-assets/check.js';

export interface PageFacts {
  code: string;
  lang: Language;
  /** The query string that keeps the signed payload when the language is switched (`p=ES2…`), or ''. */
  payloadQuery: string;
  verdict: Verdict;
  issuer: { zh: string; en: string };
  record: {
    title: { zh: string; en: string } | null;
    kind: string;
    serial: string;
    maskedName: string;
    issued: string;
    validUntil: string | null;
    office: { zh: string; en: string } | null;
    snapshot: Record<string, unknown> | null;
    /** Whether central holds the printed file's digest (the upload check can answer). */
    canCheckFile: boolean;
  } | null;
}

const L = (lang: Language, zh: string, en: string) => (lang === 'zh' ? zh : en);

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1f1f1f;line-height:1.45}
header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}
h1{font-size:1.15rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}
a{color:#0b57d0}.verdict{border-left:6px solid var(--c);padding:.7rem 1rem;background:#f4f4f4;margin:1rem 0}
.verdict strong{color:var(--c);font-size:1.1rem;display:block}.verdict .other{color:#444;font-size:.9rem}
.genuine{--c:#1b6e34}.bad{--c:#a8231b}.warn{--c:#8a4b00}
dl{margin:0}dl div{display:flex;flex-wrap:wrap;gap:0 1rem;border-bottom:1px solid #ddd;padding:.3rem 0}
dt{font-weight:600;min-width:9rem}dd{margin:0;overflow-wrap:anywhere}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #ddd;vertical-align:top}
.num{text-align:right;white-space:nowrap}tfoot th{border-top:2px solid #555}
.document{border:1px solid #bbb;padding:.2rem 1rem 1rem;margin-top:1rem;background:#fff}
.document>p.issuer{text-align:center;font-weight:600;margin:.6rem 0 0}.document>p.title{text-align:center;font-size:1.15rem;margin:.2rem 0 .6rem}
.drop{border:2px dashed #888;padding:1rem;text-align:center;margin:.5rem 0}.drop.over{background:#eef3fd}
#check-result{font-weight:600}#check-result[data-result="same"]{color:#1b6e34}#check-result[data-result="differs"]{color:#a8231b}
small{color:#444}`;

function cls(v: Verdict): string {
  if (v.state === 'genuine') return 'genuine';
  return v.state === 'superseded' || v.state === 'expired' ? 'warn' : 'bad';
}

export function verifyPageHtml(f: PageFacts): string {
  const { lang, verdict: v, record: r } = f;
  const other: Language = lang === 'zh' ? 'en' : 'zh';
  const issuer = f.issuer[lang];
  const switchHref = `?${[f.payloadQuery, `lang=${other}`].filter(Boolean).join('&')}`;
  const facts: [string, string][] = r
    ? [
        [L(lang, '文件', 'Document'), r.title ? r.title[lang] : r.kind],
        [L(lang, '签发单位', 'Issued by'), r.office ? `${issuer} · ${r.office[lang]}` : issuer],
        [L(lang, '持有人', 'Holder'), r.maskedName],
        [L(lang, '编号', 'Serial'), r.serial],
        [L(lang, '签发时间', 'Issued'), r.issued],
        ...(r.validUntil ? [[L(lang, '有效期至', 'Valid until'), r.validUntil] as [string, string]] : []),
      ]
    : [];
  const content = r ? certifiedContent(r.snapshot, lang) : '';
  // Content "as the university issued it" only for a document that was issued: never for one that was not
  // printed, whose signature fails, or that is unknown (the page would lend it the university's word).
  const issued = r && !['unknown', 'invalid', 'not_issued'].includes(v.state);
  const showContent = issued && content;
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(issuer)} · ${L(lang, '文件验证', 'Document verification')}</title>
<style>${STYLE}</style></head>
<body><header><h1>${esc(issuer)} · ${L(lang, '文件真伪验证', 'Document verification')}</h1>
<a href="${esc(switchHref)}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" data-testid="language-switch">${other === 'zh' ? '中文' : 'English'}</a></header>
<main><p>${L(lang, '验证码', 'Verification code')}: <code data-testid="code">${esc(f.code)}</code></p>
<section class="verdict ${cls(v)}" data-testid="verdict" data-state="${v.state}" aria-live="polite"><strong>${esc(v.headline[lang])}</strong>
<span class="other" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${esc(v.headline[other])}</span>
${v.detail.map((d) => `<p>${esc(d[lang])}</p>`).join('')}</section>
${facts.length ? `<dl data-testid="facts">${facts.map(([k, val]) => `<div><dt>${esc(k)}</dt><dd>${esc(val)}</dd></div>`).join('')}</dl>` : ''}
${
  showContent
    ? `<h2>${L(lang, '文件内容（以本校存档为准）', 'Content as the university issued it')}</h2>
<article class="document" data-testid="content"><p class="issuer">${esc(issuer)}${r.office ? ` · ${esc(r.office[lang])}` : ''}</p>
<p class="title">${esc(r.title ? r.title[lang] : r.kind)}</p>${content}</article>`
    : ''
}
${
  issued
    ? `<h2>${L(lang, '核对电子文件', 'Check a PDF file')}</h2>
<section data-testid="upload" id="upload" data-code="${esc(f.code)}" data-lang="${lang}">
<p>${L(lang, '持有人发来的 PDF 可在此核对是否与本校签发的文件逐字节相同。文件只用于比对，不会保存。', 'If the holder sent you the PDF, check here whether it is byte for byte the file the university issued. The file is only compared, never stored.')}</p>
${r.canCheckFile ? '' : `<p>${L(lang, '本校未存该文件的指纹（较早签发或未打印），无法比对；请逐行核对上方内容。', 'Central holds no fingerprint of this file (issued earlier, or never printed): compare the content above line by line instead.')}</p>`}
<div class="drop" data-testid="drop"><label for="pdf">${L(lang, '选择或拖入 PDF 文件', 'Choose or drop a PDF file')}</label><br><input type="file" id="pdf" accept="application/pdf,.pdf"></div>
<p id="check-result" data-testid="check-result" role="status"></p>
<noscript><p>${L(lang, '核对文件需要启用 JavaScript；上方的状态和内容不需要。', 'Checking a file needs JavaScript; the status and content above do not.')}</p></noscript>
</section><script src="${CHECK_SCRIPT_PATH}" defer></script>`
    : ''
}
<p><small>${L(lang, '本页只显示核验所需的信息；每次查看都会记录在该文件上。', 'This page shows only what is needed to verify the document; every view is counted on the document.')}</small></p></main></body></html>`;
}

/** The 429 page: when to try again, in both languages (the document's language is not known without a lookup). */
export function tooManyHtml(retryAfterS: number): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>请稍后再试 · Too many requests</title><style>${STYLE}</style></head>
<body><main><section class="verdict warn" data-testid="verdict" data-state="rate_limited"><strong>查询过于频繁，请 ${retryAfterS} 秒后再试。</strong>
<span class="other" lang="en">Too many verifications from your address: try again in ${retryAfterS} seconds.</span></section></main></body></html>`;
}

/**
 * The upload check in the browser: the picked or dropped file is POSTed as it is to `/verify/CODE/check`
 * and the answer's sentence shown. Served as a file so the page's CSP allows no inline script.
 */
export const CHECK_SCRIPT = `(() => {
  const box = document.getElementById('upload');
  if (!box) return;
  const out = document.getElementById('check-result');
  const input = document.getElementById('pdf');
  const drop = box.querySelector('.drop');
  const url = '/verify/' + encodeURIComponent(box.dataset.code) + '/check?lang=' + box.dataset.lang;
  async function check(file) {
    if (!file) return;
    out.dataset.result = 'busy';
    out.textContent = box.dataset.lang === 'zh' ? '正在比对…' : 'Checking…';
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file });
      const body = await res.json();
      out.dataset.result = body.result || 'error';
      out.textContent = body.message;
    } catch (err) {
      out.dataset.result = 'error';
      out.textContent = String(err);
    }
  }
  input.addEventListener('change', () => check(input.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); check(e.dataTransfer.files[0]); });
})();
`;
