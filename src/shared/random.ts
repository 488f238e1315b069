/** Uniform random numbers in [0, 1). */
export type Random = () => number;

/**
 * Returns mulberry32, a small seeded 32-bit generator: the same seed gives the same sequence
 * on every platform, so generated test images, benchmark data and test schedules repeat.
 * Not for anything secret.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns two independent standard normal samples (Box–Muller), drawing two uniforms from `random`. */
export function standardNormalPair(random: Random): [number, number] {
  const u = Math.max(random(), 1e-12);
  const radius = Math.sqrt(-2 * Math.log(u));
  const angle = 2 * Math.PI * random();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}
