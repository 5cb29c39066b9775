/** run(): usage errors that come from the inputs and the streams, before anything is read. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run, UsageError, type RunOptions } from '../src/run.js';

const base: RunOptions = { inputs: [], format: 'text', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} };
const io = (stdinIsTty: boolean) => ({
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: Object.assign(new PassThrough(), { isTTY: stdinIsTty }) as unknown as NodeJS.ReadStream,
});

describe('run() usage errors', () => {
  it('refuses to wait for a capture on a stdin that is a terminal', async () => {
    await expect(run({ ...base, inputs: ['-'] }, io(true))).rejects.toThrow(UsageError);
    await expect(run({ ...base, inputs: ['-'] }, io(true))).rejects.toThrow(/stdin is a terminal/);
  });

  it('refuses no input and stdin twice', async () => {
    await expect(run(base, io(false))).rejects.toThrow(/no capture file given/);
    await expect(run({ ...base, inputs: ['-', '-'] }, io(false))).rejects.toThrow(/only once/);
  });
});
