import { describe, expect, it } from 'vitest';
import { initState, reducer, type Action, type State } from '../../../src/render/tui/state.js';

const run = (state: State, ...actions: Action[]): State => actions.reduce(reducer, state);

describe('view state reducer', () => {
  it('switches and cycles views, closing any overlay', () => {
    const s = run(initState(), { type: 'toggleHelp' }, { type: 'view', view: 'arp' });
    expect(s.view).toBe('arp');
    expect(s.overlay).toBeNull();
    expect(run(s, { type: 'cycleView', delta: 1 }).view).toBe('findings');
    expect(run(s, { type: 'cycleView', delta: 1 }, { type: 'cycleView', delta: 1 }).view).toBe('packets');
    expect(run(s, { type: 'cycleView', delta: 1 }, { type: 'cycleView', delta: 1 }, { type: 'cycleView', delta: 1 }).view).toBe('overview');
    expect(run(initState(), { type: 'cycleView', delta: -1 }).view).toBe('packets');
  });

  it('moves the cursor of the active list within its bounds', () => {
    const s = run(initState('leases'), { type: 'move', delta: 3, count: 5 });
    expect(s.selection.leases).toBe(3);
    expect(run(s, { type: 'move', delta: 10, count: 5 }).selection.leases).toBe(4);
    expect(run(s, { type: 'move', delta: -10, count: 5 }).selection.leases).toBe(0);
    expect(run(s, { type: 'move', delta: 1, count: 0 }).selection.leases).toBe(0);
    expect(s.selection.handshakes).toBe(0);
  });

  it('moves the step cursor in the ladder and the field cursor in the packet pane', () => {
    const steps = run(initState('handshakes'), { type: 'focusSteps', step: 0 }, { type: 'move', delta: 2, count: 7 });
    expect(steps.step).toBe(2);
    expect(steps.selection.handshakes).toBe(0);
    const packet = run(steps, { type: 'openPacket', frame: 3 }, { type: 'move', delta: 4, count: 30 });
    expect(packet.overlay).toEqual({ kind: 'packet', frame: 3, field: 4 });
    expect(packet.step).toBe(2);
    expect(run(packet, { type: 'closeOverlay' }, { type: 'focusList' }).focus).toBe('list');
  });

  it('edits, applies and clears the filter, resetting the selections', () => {
    const typed = run(initState('handshakes'), { type: 'move', delta: 4, count: 9 }, { type: 'filterStart' }, { type: 'filterInput', text: 'ab' }, { type: 'filterInput', text: 'c' }, { type: 'filterBackspace' });
    expect(typed.filter).toEqual({ applied: '', draft: 'ab' });
    const applied = run(typed, { type: 'filterApply' });
    expect(applied.filter).toEqual({ applied: 'ab', draft: null });
    expect(applied.selection.handshakes).toBe(0);
    expect(run(applied, { type: 'filterStart' }).filter.draft).toBe('ab');
    expect(run(applied, { type: 'filterClear' }).filter).toEqual({ applied: '', draft: null });
  });

  it('jumps to an entry of another view, optionally into its steps and clearing the filter', () => {
    const s = run(initState('findings'), { type: 'filterStart' }, { type: 'filterInput', text: 'x' }, { type: 'filterApply' });
    const jumped = run(s, { type: 'jump', view: 'handshakes', index: 3, step: 5, clearFilter: true });
    expect(jumped).toMatchObject({ view: 'handshakes', focus: 'steps', step: 5, filter: { applied: '' } });
    expect(jumped.selection.handshakes).toBe(3);
    expect(run(s, { type: 'jump', view: 'arp', index: 1, clearFilter: false })).toMatchObject({ view: 'arp', focus: 'list', filter: { applied: 'x' } });
  });
});
