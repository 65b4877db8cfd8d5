/**
 * Line breaking for mixed Chinese and Latin text. Chinese may break between any two characters
 * (except before closing punctuation); Latin breaks at spaces, and a word longer than the line is split.
 */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3400-\u4dbf\uff00-\uffef\u{20000}-\u{3134f}]/u;
const NO_LINE_START = new Set([...'，。、；：？！）》」』】,.;:?!)%']);

/** Splits text into units that must not be broken: one CJK character, or one Latin word with its trailing spaces. */
export function breakUnits(text: string): string[] {
  const units: string[] = [];
  let word = '';
  for (const ch of text) {
    if (CJK.test(ch) || NO_LINE_START.has(ch)) {
      if (word) {
        units.push(word);
        word = '';
      }
      if (NO_LINE_START.has(ch) && units.length) units[units.length - 1] += ch;
      else units.push(ch);
    } else if (ch === ' ') {
      word += ch;
      units.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) units.push(word);
  return units;
}

/** Greedy wrap: returns lines whose measured width fits `width` (`firstWidth` for the first line). */
export function wrapText(text: string, width: number, measure: (s: string) => number, firstWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  const limit = () => (lines.length === 0 ? firstWidth : width);
  for (const unit of breakUnits(text)) {
    if (measure(line + unit.trimEnd()) <= limit()) {
      line += unit;
      continue;
    }
    if (line) {
      lines.push(line.trimEnd());
      line = '';
    }
    if (measure(unit.trimEnd()) <= limit()) {
      line = unit.trimStart();
      continue;
    }
    // A single unit wider than the line: split it by character.
    for (const ch of unit) {
      if (measure(line + ch) > limit() && line) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
