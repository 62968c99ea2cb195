export * from './bootstrap-scores';
export * from './compute-agreement';
export * from './confusion';
export * from './seeded-random';
export * from './wilson-interval';
