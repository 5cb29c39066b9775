/**
 * The page's one script, from our own functions' source: the drawing functions (so the browser draws exactly
 * what Node drew) and the page's main. They are written as ordinary typed functions and compiled with the rest;
 * none refers to anything outside itself but each other, so their text stands alone in the page. A bundler may
 * rename them (esbuild does on a name clash): the page calls each by the name its text carries.
 */
import { pageMain } from './client.js';
import { clipText, drawAddress, drawFinding, drawLadder, drawPacket, drawTx, esc, fmtMs, fmtRel, macHue, unpackTx } from './draw.js';

const SHARED: readonly ((...args: never[]) => unknown)[] = [esc, clipText, fmtMs, fmtRel, macHue, unpackTx, drawLadder, drawTx, drawFinding, drawAddress, drawPacket];

let cached: string | undefined;

export function pageScript(): string {
  if (cached === undefined) {
    const text = `"use strict";\n${SHARED.map((f) => f.toString()).join('\n')}\n(${pageMain.toString()})({ drawTx: ${drawTx.name}, drawFinding: ${drawFinding.name}, drawAddress: ${drawAddress.name}, drawPacket: ${drawPacket.name}, unpackTx: ${unpackTx.name} });\n`;
    // Inside <script>, only these could end the element early or change how it is parsed.
    if (/<\/script|<!--/i.test(text)) throw new Error('the page script holds text that would end its <script> element');
    cached = text;
  }
  return cached;
}
