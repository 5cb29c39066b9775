/** Builds dist/ once before any test spawns the real binary (tests run in parallel and must not race a build). */
import { buildDist } from './helpers/cli.js';

export default function setup(): void {
  buildDist();
}
