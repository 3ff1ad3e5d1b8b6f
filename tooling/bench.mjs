// Helpers shared by the packages' benchmark scripts (bench/*.mjs). Not shipped.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs every case once as a warm-up, then `rounds` interleaved rounds (every case once per round, so machine noise
 * spreads over all cases alike), and prints a table of median operations per second and the ratio of each case to
 * its `baseline` (an index into `cases`).
 * @param cases - `{ name, count, run(), baseline? }`: `run` performs `count` operations
 * @param rounds - how many timed rounds
 * @returns the median rates, in case order
 */
export async function runInterleaved(cases, rounds) {
  const rates = cases.map(() => []);
  for (const entry of cases) await entry.run();
  for (let round = 0; round < rounds; round++) {
    for (const [index, entry] of cases.entries()) {
      const start = performance.now();
      await entry.run();
      rates[index].push(entry.count / ((performance.now() - start) / 1000));
    }
  }
  const medians = rates.map(median);
  console.table(
    cases.map((entry, index) => ({
      name: entry.name,
      'ops/s (median)': Math.round(medians[index]).toLocaleString('en'),
      'ratio to baseline':
        entry.baseline === undefined ? '' : (medians[index] / medians[entry.baseline]).toFixed(2),
    })),
  );
  return medians;
}
