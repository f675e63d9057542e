/** Types for what TypeScript tests import from the benchmark's page generators. */
export function heavyCss(rules?: number): string;
