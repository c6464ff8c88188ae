import type { Health } from './types.js';

/** `45 s`, `12 min`, `3.5 h`, `2.1 d`. */
export function span(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(seconds / 86400).toFixed(1).replace(/\.0$/, '')} d`;
}

/** `512 B`, `4.2 MB`. */
export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Age against a budget: ok within it, warn up to twice it, fail beyond. */
export function byAge(age: number, budget: number): Health {
  return age <= budget ? 'ok' : age <= 2 * budget ? 'warn' : 'fail';
}

