import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import type { Frame } from '../../src/decode/frame.js';
import { problemCatalog, problemGroupKey, problemText, type DecodeProblem, type ProblemCode } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt, rawOpt, type OptionIn } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, record } from '../helpers/frames.js';

const ROOT = new URL('../../', import.meta.url);
/** Ethernet 14 + IPv4 20 + UDP 8: where the BOOTP message starts in the frame. */
const BOOTP_AT = 42;
/** The options field starts after the 236-byte header and the 4-byte cookie. */
const OPTIONS_AT = BOOTP_AT + 240;

function decodeFrame(options: readonly OptionIn[], end = true): Frame {
  const payload = buildDhcpMessage({ options: [opt(53, 'DISCOVER'), ...options], end });
  const f = new Decoder().decode(record(buildDhcpEthernet({ payload })));
  if (f === undefined) throw new Error('not decoded');
  return f;
}

function only(f: Frame, code: ProblemCode): DecodeProblem {
  expect(f.problems.map((p) => p.code)).toEqual([code]);
  return f.problems[0]!;
}

describe('decode problems carry a code, a severity and the byte offset where they lie', () => {
  it('an option whose length runs past the message points at that length byte', () => {
    // 53 (3 bytes) then 60 with length 20 and 2 bytes: the 60's length byte is at options + 4.
    const f = decodeFrame([rawOpt(60, 'abab')], false);
    const bytes = new Uint8Array(f.bytes);
    bytes[OPTIONS_AT + 4] = 20;
    const cut = new Decoder().decode(record(bytes.subarray(0, OPTIONS_AT + 7)));
    if (cut === undefined) throw new Error('not decoded');
    const p = only(cut, 'OPTION_OVERRUN');
    expect(p.severity).toBe('error');
    expect(p.offset).toBe(OPTIONS_AT + 4);
    expect(cut.bytes[p.offset]).toBe(20);
    expect(p.args).toEqual([60, 0, 20, 2]);
  });

  it('a fixed-size option of the wrong length points at its length byte', () => {
    const f = decodeFrame([rawOpt(1, '')]);
    const p = only(f, 'OPTION_LENGTH_WRONG');
    expect(f.bytes[p.offset]).toBe(0); // the length byte
    expect(f.bytes[p.offset - 1]).toBe(1); // the option code before it
    expect(problemText(p)).toBe('option 1 (Subnet Mask): expected 4 bytes, got 0');
  });

  it('a problem inside an option points at the item that is wrong', () => {
    // Option 82: sub-option 1 (2 bytes, fine), then sub-option 2 claiming 9 bytes with 1 left.
    const f = decodeFrame([rawOpt(82, '0102aabb' + '0209cc')]);
    const p = only(f, 'OPTION_SUBOPTION_OVERRUN');
    expect(f.bytes[p.offset]).toBe(2); // the sub-option's code byte
    expect(f.bytes[p.offset + 1]).toBe(9);
    expect(problemText(p)).toBe('option 82 (Relay Agent Information): sub-option 2 at offset 4 runs past the end of the option');
  });

  it('a domain name problem inside client FQDN (81) counts from the option payload, not the name', () => {
    // Flags with E set, two RCODE bytes, then a label byte with the reserved type bits 01.
    const f = decodeFrame([rawOpt(81, '040000' + '41')]);
    const p = only(f, 'OPTION_NAME_LABEL_TYPE');
    expect(f.bytes[p.offset]).toBe(0x41);
    expect(problemText(p)).toMatch(/^option 81 \(.+\): unsupported label type 0x41 at offset 0$/);
  });

  it('a missing End lies where the options stop', () => {
    const f = decodeFrame([], false);
    const p = only(f, 'NO_END_OPTION');
    expect(p.severity).toBe('warning');
    expect(p.offset).toBe(f.bytes.length);
  });

  it('a frame cut by the snap length lies where the capture stopped', () => {
    const bytes = buildDhcpEthernet({ payload: buildDhcpMessage({ options: [opt(53, 'DISCOVER')] }) });
    const f = new Decoder().decode(record(bytes, 1, { origlen: bytes.length + 100 }));
    if (f === undefined) throw new Error('not decoded');
    const p = only(f, 'FRAME_TRUNCATED');
    expect(p).toEqual({ code: 'FRAME_TRUNCATED', severity: 'warning', offset: bytes.length, args: [bytes.length, bytes.length + 100] });
  });

  it("each frame keeps its own problems: the next frame's decoding neither clears nor adds to them", () => {
    const d = new Decoder();
    const broken = buildDhcpEthernet({ payload: buildDhcpMessage({ options: [opt(53, 'DISCOVER'), rawOpt(51, '00')], end: false }) });
    const clean = buildDhcpEthernet({ payload: buildDhcpMessage({ options: [opt(53, 'DISCOVER')] }) });
    const first = d.decode(record(broken));
    const second = d.decode(record(clean));
    const third = d.decode(record(clean, 1, { origlen: clean.length + 4 }));
    const fourth = d.decode(record(clean));
    expect(first?.problems.map((x) => x.code)).toEqual(['NO_END_OPTION', 'OPTION_LENGTH_WRONG']);
    expect(second?.problems).toEqual([]);
    expect(third?.problems.map((x) => x.code)).toEqual(['FRAME_TRUNCATED']);
    expect(fourth?.problems).toEqual([]);
  });
});

describe('problem sentences and groups', () => {
  it('every code builds a sentence from its numbers alone', () => {
    for (const { code, severity } of problemCatalog()) {
      expect(['info', 'warning', 'error']).toContain(severity);
      const text = problemText({ code, severity, offset: 0, args: [3, 1, 2, 3, 4] });
      expect(text, code).toMatch(/\S/);
      expect(text, code).not.toMatch(/undefined|NaN/);
    }
  });

  it('groups by code, and by option for problems inside one', () => {
    const p = (code: ProblemCode, args: number[]): DecodeProblem => ({ code, severity: 'error', offset: 0, args });
    expect(problemGroupKey(p('FRAME_TRUNCATED', [60, 1514]))).toBe(problemGroupKey(p('FRAME_TRUNCATED', [64, 9000])));
    expect(problemGroupKey(p('OPTION_LENGTH_WRONG', [1, 4, 0]))).toBe(problemGroupKey(p('OPTION_LENGTH_WRONG', [1, 4, 3])));
    expect(problemGroupKey(p('OPTION_LENGTH_WRONG', [1, 4, 0]))).not.toBe(problemGroupKey(p('OPTION_LENGTH_WRONG', [51, 4, 0])));
  });
});

describe('the problem codes are listed the same everywhere', () => {
  const codes = problemCatalog().map((r) => r.code);

  it('the schema enum is the code list', () => {
    const schema = JSON.parse(readFileSync(new URL('src/report/report.schema.json', ROOT), 'utf8'));
    expect(schema.$defs.problemCode.enum).toEqual(codes);
  });

  it('the README table lists every code with its severity, and no other', () => {
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    // Its own section (## or ###): the findings table's check reads up to the next ## heading.
    const section = readme.split(/\n#{2,3} Decode problems\n/)[1]?.split('\n#')[0] ?? '';
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (\w+) \|/gm)].map((m) => ({ code: m[1], severity: m[2] }));
    expect(rows).toEqual(problemCatalog().map(({ code, severity }) => ({ code, severity })));
  });
});
