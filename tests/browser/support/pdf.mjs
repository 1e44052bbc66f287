// How full each page of a PDF that Chromium printed is: enough of a PDF
// reader to find the pages, inflate their content streams and follow the
// graphics state to where text is drawn. Chromium (Skia) writes every page
// as one Flate stream of plain operators, text as hex glyph strings; that
// is all this reads.

import { inflateSync } from 'node:zlib';

/** The objects of a PDF by number: { dict, stream } (stream as a Buffer, or null). */
function objects(pdf) {
  const text = pdf.toString('latin1');
  const out = new Map();
  const re = /(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(stream\r?\n|endobj)/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    let stream = null;
    if (m[3].startsWith('stream')) {
      const start = m.index + m[0].length;
      const length = Number((/\/Length (\d+)/.exec(m[2]) || [])[1]);
      const raw = pdf.subarray(start, start + length);
      stream = /FlateDecode/.test(m[2]) ? inflateSync(raw) : raw;
      re.lastIndex = start + length;
    }
    out.set(Number(m[1]), { dict: m[2], stream });
  }
  return out;
}

const multiply = (a, b) => [
  a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
  a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
];

/**
 * Each page in order: { height, glyphs, lowest } — its height in points,
 * how many glyphs it draws, and how far down the page (0 at the top, 1 at
 * the bottom) its lowest line of text stands (0 when it has none).
 */
export function pageFill(pdf) {
  const objs = objects(pdf);
  // Pages in document order: Skia numbers them in order.
  const pages = [...objs.entries()]
    .filter(([, o]) => /\/Type \/Page\b(?!s)/.test(o.dict))
    .sort((a, b) => a[0] - b[0])
    .map(([, o]) => o);
  return pages.map((page) => {
    const box = (/\/MediaBox \[([^\]]+)\]/.exec(page.dict) || [])[1].trim().split(/\s+/).map(Number);
    const height = box[3] - box[1];
    const contents = [...(/\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict) || []).slice(1)]
      .filter(Boolean).join(' ').match(/\d+(?= 0 R)|^\d+$/g) || [];
    const ops = contents.map((n) => objs.get(Number(n))?.stream?.toString('latin1') ?? '').join('\n');
    let ctm = [1, 0, 0, 1, 0, 0];
    const stack = [];
    let tm = [1, 0, 0, 1, 0, 0];
    let glyphs = 0;
    let lowest = 0;
    const operands = [];
    const tokens = /<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|\/[^\s/<>\[\]()]+|[-+]?\d*\.?\d+|[A-Za-z'"*]+/g;
    let t;
    while ((t = tokens.exec(ops)) !== null) {
      const tok = t[0];
      if (/^[-+]?\d*\.?\d+$/.test(tok)) { operands.push(Number(tok)); continue; }
      if (/^[<(\[\]\/]/.test(tok)) { operands.push(tok); continue; }
      const nums = operands.filter((x) => typeof x === 'number');
      switch (tok) {
        case 'q': stack.push(ctm); break;
        case 'Q': ctm = stack.pop() || [1, 0, 0, 1, 0, 0]; break;
        case 'cm': ctm = multiply(nums.slice(-6), ctm); break;
        case 'BT': tm = [1, 0, 0, 1, 0, 0]; break;
        case 'Tm': tm = nums.slice(-6); break;
        case 'Td': tm = multiply([1, 0, 0, 1, nums.at(-2), nums.at(-1)], tm); break;
        case 'Tj': case 'TJ': {
          const drawn = operands.filter((x) => typeof x === 'string' && x.startsWith('<'))
            .reduce((n, s) => n + s.replace(/[<>\s]/g, '').length / 4, 0);
          if (drawn > 0) {
            glyphs += drawn;
            const at = multiply(tm, ctm);
            // PDF y grows upwards: the distance from the top, as a fraction.
            lowest = Math.max(lowest, (height - at[5]) / height);
          }
          break;
        }
        default: break;
      }
      operands.length = 0;
    }
    return { height, glyphs, lowest };
  });
}
