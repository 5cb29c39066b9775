/**
 * yoga-layout (Ink's layout engine) without its top-level await, for the bundle (scripts/bundle.mjs points
 * Ink's imports of yoga-layout here). The bundle is a classic script, so that V8 can keep its compiled code in
 * a cache, and a classic script cannot wait at its top level. Ink reads Yoga only when it lays out a frame;
 * the object below is filled in once the WebAssembly is compiled, which starts when the TUI's modules load
 * (in the background, while the capture is read) and which runTui waits for before its first frame.
 */
import { loadYoga, type Yoga as LoadedYoga } from 'yoga-layout/load';

const Yoga = {} as LoadedYoga;

let loading: Promise<void> | undefined;

/** Resolves once Yoga is ready; the first call starts compiling it. */
export function yogaReady(): Promise<void> {
  loading ??= loadYoga().then((loaded) => {
    Object.assign(Yoga, loaded);
  });
  return loading;
}

export default Yoga;
