#!/usr/bin/env node
/** Counts the records of a capture with dorascope's own reader alone (needs `npm run build`: dist/capture/reader.js). */
let readCapture;
try {
  ({ readCapture } = await import('../dist/capture/reader.js'));
} catch (e) {
  console.error(`dist/capture/reader.js not found or not loadable (run npm run build): ${e.message.split('\n')[0]}`);
  process.exit(1);
}
let packets = 0;
const info = await readCapture(process.argv[2], { captureIndex: 0, firstFrame: 1 }, {
  onRecord() {
    packets++;
  },
  onWarning(w) {
    console.error(w.message);
  },
});
console.log(`${packets} packets (${info.complete ? 'complete' : 'incomplete'})`);
