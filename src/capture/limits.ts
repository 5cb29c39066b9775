/** Hard limits that keep a damaged or hostile capture from making the reader allocate or wait without bound. */

/** Largest caplen accepted (Wireshark's own maximum snapshot length). */
export const MAX_CAPLEN = 262_144;

/** Largest pcapng block accepted; anything bigger is taken as a damaged length field. */
export const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

/** Most interfaces one pcapng section may declare (each costs memory, so a hostile file must not pile them up). */
export const MAX_INTERFACES = 65_536;

/**
 * Size of the one read buffer. 1 MiB stays cache-friendly and keeps the per-read overhead negligible;
 * larger buffers measured slower (cache misses), smaller ones pay per-call overhead.
 */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
