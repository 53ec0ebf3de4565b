/** Types of scripts/synth-store.mjs for the tests that use it. */
export function buildStore(dir: string, size: number, options?: { seed?: number; openFollowups?: number }): Promise<{ openFollowups: string[]; newestHandoff: { main: string | null; feature: string | null }; opened: number; size: number }>;
export function rng(seed: number): () => number;
