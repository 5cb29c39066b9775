import { describe, expect, it } from 'vitest';
import { linkSegmentOf } from '../../src/analyze/segment.js';
import { makeInterner } from '../../src/analyze/intern.js';

const at = (vlan: number[], more: { captureIndex?: number; interfaceId?: number } = {}) => ({ captureIndex: 0, interfaceId: 0, vlan, tunnel: undefined, ...more });

describe('linkSegmentOf', () => {
  it('labels the plain LAN, VLAN stacks, other interfaces and captures', () => {
    expect(linkSegmentOf(at([]))).toBe('');
    expect(linkSegmentOf(at([20]))).toBe('vlan 20');
    expect(linkSegmentOf(at([100, 20]))).toBe('vlan 100.20');
    expect(linkSegmentOf(at([20], { interfaceId: 2 }))).toBe('vlan 20 on interface 2');
    expect(linkSegmentOf(at([], { captureIndex: 1 }))).toBe('interface 0 of capture 2');
    expect(linkSegmentOf({ ...at([7]), tunnel: [{ type: 'vxlan', vni: 42, src: '10.0.0.2', dst: '10.0.0.1' }] as never })).toBe('VXLAN VNI 42 vlan 7');
  });
});

describe('makeInterner', () => {
  // Which copy comes back cannot be seen from JavaScript (strings compare by value): this checks the texts.
  it('gives back the text it was given, before and after its table starts again', () => {
    const intern = makeInterner(2);
    const texts = ['host-1', 'host-1', 'b', 'c', 'host-1', 'MSFT 5.0'];
    expect(texts.map((t) => intern(t))).toEqual(texts);
  });
});
