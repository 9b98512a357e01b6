/**
 * `gasil-kit figures`: Figure 6, Figure 7 and the result tables from stored sweep results.
 * (Completed once the Figure 6/7 builders land in src/plots.)
 */
export interface FigureOptions {
  readonly dataDir?: string;
  readonly outDir: string;
  readonly reps?: number;
  readonly log?: (line: string) => void;
}

/** Write the figures and tables; returns the files written. */
export async function writeFigures(_options: FigureOptions): Promise<string[]> {
  return [];
}
